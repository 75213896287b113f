import type { Principal, Role } from './principal.js';

/** Everything the HTTP API lets a caller do, one action per route (docs/architecture.md, "HTTP API"). */
export const actions = [
  'plan:import',
  'plan:list',
  'plan:read',
  'plan:listUnits',
  'plan:listRevisions',
  'breakdown:start',
  'breakdown:read',
  'chase:start',
  'chase:read',
  'bulletin:read',
  'task:listByPlan',
  'plan:summary',
  'task:listByUnit',
  'task:read',
  'task:history',
  'task:report',
  'task:attachEvidence',
  'task:readEvidence',
  'task:requestCloseout',
  'task:review',
  'task:close',
  'task:reopen',
  'task:requestExtension',
  'extension:list',
  'extension:decide',
  'me:read',
  'me:tasks',
  'me:notifications',
  'token:create',
  'token:list',
  'token:revoke',
  'assessment:start',
  'assessment:readRun',
  'assessment:read',
  'assessment:readUnit',
  'assessment:putActuals',
  'assessment:listActuals',
  'assessment:adjust',
  'assessment:listAdjustments',
  'assessment:appeal',
  'assessment:listAppeals',
  'assessment:decideAppeal',
  'assessment:disclose',
  'plan:disclose',
  'organisation:read',
  'organisation:update',
] as const;
export type Action = (typeof actions)[number];

/** What the action touches, as far as the decision needs it before reading anything: the unit it belongs to. */
export interface Resource {
  unitId?: string;
}

export type Decision =
  | { allowed: true; /** Set when the caller may see only this unit's data: the route must filter by it. */ onlyUnit?: string }
  | { allowed: false; deny: 'forbidden' | 'not_found' };

/**
 * - `allow` / `forbid`: by role alone;
 * - `scopeToOwnUnit`: allowed, but the answer is restricted to the caller's unit;
 * - `ownUnitElseForbid`: the resource must be the caller's unit; another unit's is refused;
 * - `ownUnitElseHide`: the resource must be the caller's unit; another unit's does not exist for
 *   the caller (404), so a unit cannot learn which other tasks exist.
 */
type Rule = 'allow' | 'forbid' | 'scopeToOwnUnit' | 'ownUnitElseForbid' | 'ownUnitElseHide';

const adminOnly: Record<Role, Rule> = { admin: 'allow', reviewer: 'forbid', viewer: 'forbid', unit: 'forbid' };

const staff = (rule: Rule, unit: Rule): Record<Role, Rule> => ({ admin: 'allow', reviewer: rule, viewer: rule, unit });

/**
 * Only the task's own unit acts; a unit asking about another unit's task learns nothing (404), while
 * those who may read every task are told no (403).
 */
const ownersOnly: Record<Role, Rule> = { admin: 'forbid', reviewer: 'ownUnitElseForbid', viewer: 'forbid', unit: 'ownUnitElseHide' };

const rules: Record<Action, Record<Role, Rule>> = {
  'plan:import': { admin: 'allow', reviewer: 'forbid', viewer: 'forbid', unit: 'forbid' },
  'plan:list': staff('allow', 'forbid'),
  'plan:read': staff('allow', 'allow'),
  'plan:listUnits': staff('allow', 'allow'),
  'plan:listRevisions': staff('allow', 'forbid'),
  'breakdown:start': { admin: 'allow', reviewer: 'forbid', viewer: 'forbid', unit: 'forbid' },
  'breakdown:read': { admin: 'allow', reviewer: 'forbid', viewer: 'allow', unit: 'forbid' },
  'chase:start': { admin: 'allow', reviewer: 'forbid', viewer: 'forbid', unit: 'forbid' },
  'chase:read': { admin: 'allow', reviewer: 'forbid', viewer: 'allow', unit: 'forbid' },
  // The bulletin ranks every unit: for the bureau, the lead departments and the leaders, not for one unit.
  'bulletin:read': staff('allow', 'forbid'),
  'task:listByPlan': staff('allow', 'scopeToOwnUnit'),
  // The plan's figures by unit and goal: every unit's for the staff, a unit's own for the unit.
  'plan:summary': staff('allow', 'scopeToOwnUnit'),
  'task:listByUnit': staff('allow', 'ownUnitElseForbid'),
  'task:read': staff('allow', 'ownUnitElseHide'),
  'task:history': staff('allow', 'ownUnitElseHide'),
  'task:readEvidence': staff('allow', 'ownUnitElseHide'),
  // The unit's own work; a reviewer is a department too, with tasks of its own.
  'task:report': ownersOnly,
  'task:attachEvidence': ownersOnly,
  'task:requestCloseout': ownersOnly,
  'task:requestExtension': ownersOnly,
  // Whether a reviewer leads the task's goal is known once the task is read: the lifecycle decides (403).
  'task:review': { admin: 'allow', reviewer: 'allow', viewer: 'forbid', unit: 'ownUnitElseHide' },
  'task:reopen': { admin: 'allow', reviewer: 'allow', viewer: 'forbid', unit: 'ownUnitElseHide' },
  'task:close': { admin: 'allow', reviewer: 'forbid', viewer: 'forbid', unit: 'ownUnitElseHide' },
  'extension:list': { admin: 'allow', reviewer: 'forbid', viewer: 'allow', unit: 'forbid' },
  'extension:decide': { admin: 'allow', reviewer: 'forbid', viewer: 'forbid', unit: 'forbid' },
  // Who the caller is (the web workspace's first question): every role may ask.
  'me:read': { admin: 'allow', reviewer: 'allow', viewer: 'allow', unit: 'allow' },
  'me:tasks': { admin: 'forbid', reviewer: 'allow', viewer: 'forbid', unit: 'allow' },
  'me:notifications': { admin: 'allow', reviewer: 'allow', viewer: 'allow', unit: 'allow' },
  'token:create': { admin: 'allow', reviewer: 'forbid', viewer: 'forbid', unit: 'forbid' },
  'token:list': adminOnly,
  'token:revoke': adminOnly,
  // The year-end assessment (docs/architecture.md "Year-end assessment", API): the bureau runs and adjusts it.
  'assessment:start': adminOnly,
  'assessment:readRun': { admin: 'allow', reviewer: 'forbid', viewer: 'allow', unit: 'forbid' },
  // The published ranking is every unit's to see: it is what the leaders will review them by.
  'assessment:read': staff('allow', 'allow'),
  // A unit's line items are its own business until disclosed; another unit's do not exist for it.
  'assessment:readUnit': staff('allow', 'ownUnitElseHide'),
  'assessment:putActuals': adminOnly,
  'assessment:listActuals': { admin: 'allow', reviewer: 'forbid', viewer: 'allow', unit: 'forbid' },
  'assessment:adjust': adminOnly,
  'assessment:listAdjustments': { admin: 'allow', reviewer: 'forbid', viewer: 'allow', unit: 'forbid' },
  // Only a unit appeals, for its own lines (the unit is the caller's: the body names no other).
  'assessment:appeal': { admin: 'forbid', reviewer: 'forbid', viewer: 'forbid', unit: 'allow' },
  'assessment:listAppeals': { admin: 'allow', reviewer: 'forbid', viewer: 'allow', unit: 'scopeToOwnUnit' },
  'assessment:decideAppeal': adminOnly,
  'assessment:disclose': adminOnly,
  'plan:disclose': adminOnly,
  // The bureau's name and document particulars: what every document it sends prints anyway.
  'organisation:read': { admin: 'allow', reviewer: 'allow', viewer: 'allow', unit: 'allow' },
  'organisation:update': adminOnly,
};

/** The one decision of who may do what, for every route. Pure: the caller turns a denial into 403/404. */
export function authorize(principal: Principal, action: Action, resource: Resource = {}): Decision {
  const own = principal.unitId;
  switch (rules[action][principal.role]) {
    case 'allow':
      return { allowed: true };
    case 'forbid':
      return { allowed: false, deny: 'forbidden' };
    case 'scopeToOwnUnit':
      return own ? { allowed: true, onlyUnit: own } : { allowed: false, deny: 'forbidden' };
    case 'ownUnitElseForbid':
      return own !== undefined && resource.unitId === own ? { allowed: true } : { allowed: false, deny: 'forbidden' };
    case 'ownUnitElseHide':
      return own !== undefined && resource.unitId === own ? { allowed: true } : { allowed: false, deny: 'not_found' };
  }
}
