import { describe, expect, it } from 'vitest';
import { actions, authorize, type Action, type Decision } from '../../../shared/auth/authorize.js';
import type { Principal } from '../../../shared/auth/principal.js';

const allow: Decision = { allowed: true };
const forbidden: Decision = { allowed: false, deny: 'forbidden' };
const hidden: Decision = { allowed: false, deny: 'not_found' };
const scoped: Decision = { allowed: true, onlyUnit: 'longshan' };

const principals: Record<string, Principal> = {
  admin: { role: 'admin' },
  reviewer: { role: 'reviewer', unitId: 'water-office' },
  viewer: { role: 'viewer' },
  unit: { role: 'unit', unitId: 'longshan' },
};

/** The route table of docs/architecture.md, per action: [role, resource owner, expected decision]. */
const expected: Record<Action, Record<keyof typeof principals, { own: Decision; other: Decision }>> = {
  'plan:import': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
  'plan:list': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: forbidden, other: forbidden },
  },
  'plan:read': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: allow, other: allow },
  },
  'plan:listUnits': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: allow, other: allow },
  },
  'plan:listRevisions': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: forbidden, other: forbidden },
  },
  'breakdown:start': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
  'breakdown:read': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: allow, other: allow },
    unit: { own: forbidden, other: forbidden },
  },
  'chase:start': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
  'chase:read': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: allow, other: allow },
    unit: { own: forbidden, other: forbidden },
  },
  'bulletin:read': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: forbidden, other: forbidden },
  },
  'task:listByPlan': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: scoped, other: scoped },
  },
  'plan:summary': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: scoped, other: scoped },
  },
  'task:listByUnit': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: allow, other: forbidden },
  },
  'task:read': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: allow, other: hidden },
  },
  'task:history': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: allow, other: hidden },
  },
  'task:readEvidence': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: allow, other: hidden },
  },
  'task:report': {
    admin: { own: forbidden, other: forbidden },
    reviewer: { own: allow, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: allow, other: hidden },
  },
  'task:attachEvidence': {
    admin: { own: forbidden, other: forbidden },
    reviewer: { own: allow, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: allow, other: hidden },
  },
  'task:requestCloseout': {
    admin: { own: forbidden, other: forbidden },
    reviewer: { own: allow, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: allow, other: hidden },
  },
  'task:requestExtension': {
    admin: { own: forbidden, other: forbidden },
    reviewer: { own: allow, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: allow, other: hidden },
  },
  'task:review': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: allow, other: hidden },
  },
  'task:reopen': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: allow, other: hidden },
  },
  'task:close': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: allow, other: hidden },
  },
  'extension:list': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: allow, other: allow },
    unit: { own: forbidden, other: forbidden },
  },
  'extension:decide': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
  'me:tasks': {
    admin: { own: forbidden, other: forbidden },
    reviewer: { own: allow, other: allow },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: allow, other: allow },
  },
  'me:notifications': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: allow, other: allow },
  },
  'me:read': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: allow, other: allow },
  },
  'token:create': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
  'token:list': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
  'token:revoke': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
  'assessment:start': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
  'assessment:readRun': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: allow, other: allow },
    unit: { own: forbidden, other: forbidden },
  },
  'assessment:read': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: allow, other: allow },
  },
  'assessment:readUnit': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: allow, other: hidden },
  },
  'assessment:putActuals': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
  'assessment:listActuals': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: allow, other: allow },
    unit: { own: forbidden, other: forbidden },
  },
  'assessment:adjust': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
  'assessment:listAdjustments': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: allow, other: allow },
    unit: { own: forbidden, other: forbidden },
  },
  'assessment:appeal': {
    admin: { own: forbidden, other: forbidden },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: allow, other: allow },
  },
  'assessment:listAppeals': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: allow, other: allow },
    unit: { own: scoped, other: scoped },
  },
  'assessment:decideAppeal': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
  'assessment:disclose': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
  'plan:disclose': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
  'organisation:read': {
    admin: { own: allow, other: allow },
    reviewer: { own: allow, other: allow },
    viewer: { own: allow, other: allow },
    unit: { own: allow, other: allow },
  },
  'organisation:update': {
    admin: { own: allow, other: allow },
    reviewer: { own: forbidden, other: forbidden },
    viewer: { own: forbidden, other: forbidden },
    unit: { own: forbidden, other: forbidden },
  },
};

const cases = actions.flatMap((action) =>
  Object.keys(principals).flatMap((role) =>
    (['own', 'other'] as const).map((owner) => ({ action, role, owner })),
  ),
);

describe('authorize', () => {
  it('has an expectation for every action', () => {
    // Assess
    expect(Object.keys(expected).sort()).toEqual([...actions].sort());
  });

  it.each(cases)('$action by $role on $owner unit', ({ action, role, owner }) => {
    // Prepare
    const principal = principals[role]!;
    const resource = { unitId: owner === 'own' ? (principal.unitId ?? 'longshan') : 'zhangqi' };

    // Act
    const decision = authorize(principal, action, resource);

    // Assess
    expect(decision).toEqual(expected[action][role]![owner]);
  });

  it('hides a task from a unit principal that has lost its unit, rather than showing it', () => {
    // Prepare
    const principal = { role: 'unit' } as Principal;

    // Act
    const read = authorize(principal, 'task:read', { unitId: 'longshan' });
    const list = authorize(principal, 'task:listByPlan');

    // Assess
    expect(read).toEqual(hidden);
    expect(list).toEqual(forbidden);
  });

  it('does not let a unit read a resource that names no unit', () => {
    // Act
    const decision = authorize(principals.unit!, 'task:listByUnit', {});

    // Assess
    expect(decision).toEqual(forbidden);
  });
});
