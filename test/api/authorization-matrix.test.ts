import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { resourcesOfType } from '../infra/template-support.js';
import { startTestStack } from '../support/local-stack.js';
import { templates } from '../support/templates.js';
import { apiClient, type ApiClient } from './api-client.js';

// Every route that acts on a unit's task × every role, over real HTTP: the admin, the goal's lead
// department, a reviewer leading other goals, a viewer, the task's unit and another unit. A mutating
// route is tried by everyone who must be refused first (which changes nothing), then by the one who may,
// which moves the task on to where the next route applies.
const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const TASK = 'cixi-2022.vocs-projects.hushan'; // lead: eco-bureau, due 2022-12-31
const EXTENDABLE_TASK = 'cixi-2022.spray-recheck.hushan'; // lead: eco-bureau, due 2022-09-30
const roles = ['admin', 'lead', 'reviewer', 'viewer', 'ownUnit', 'otherUnit'] as const;
type Role = (typeof roles)[number];

let stack: LocalStack;
let api: ApiClient;
const tokens = {} as Record<Role, string>;
let evidenceId: string;
let extensionId: string;
let breakdownId: string;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2022-06-15T02:00:00Z'));
  stack = await startTestStack();
  api = apiClient(stack.url);
  tokens.admin = stack.adminToken;
  await api.call('POST', '/plans', { token: tokens.admin, body: sampleYaml, contentType: 'application/yaml' });
  const started = await api.call('POST', '/plans/cixi-2022/breakdowns', { token: tokens.admin, body: {} });
  await api.finishedBreakdown('cixi-2022', started.body.executionId, tokens.admin);
  breakdownId = started.body.executionId;
  const make = async (body: object) => (await api.call('POST', '/tokens', { token: tokens.admin, body })).body.token as string;
  tokens.lead = await make({ role: 'reviewer', unitId: 'eco-bureau' });
  tokens.reviewer = await make({ role: 'reviewer', unitId: 'air-office' });
  tokens.viewer = await make({ role: 'viewer' });
  tokens.ownUnit = await make({ role: 'unit', unitId: 'hushan' });
  tokens.otherUnit = await make({ role: 'unit', unitId: 'guanhaiwei' });
});

afterAll(async () => {
  await stack?.stop();
  vi.useRealTimers();
});

const pdf = Buffer.from('%PDF-1.4 验收材料');
const versioned = async (body: object, taskId = TASK) => ({ ...body, version: (await api.call('GET', `/tasks/${taskId}`, { token: tokens.admin })).body.version });

interface Case {
  route: string;
  path: () => string;
  body?: () => Promise<object>;
  expected: Record<Role, number>;
  /** Who succeeds, last: the others are refused before it. */
  winner?: Role;
  after?: (body: any) => void;
}

const read = { admin: 200, lead: 200, reviewer: 200, viewer: 200, ownUnit: 200, otherUnit: 404 };
const ownersOnly = (success: number) => ({ admin: 403, lead: 403, reviewer: 403, viewer: 403, ownUnit: success, otherUnit: 404 });

const cases: Case[] = [
  { route: 'GET /tasks/{taskId}', path: () => `/tasks/${TASK}`, expected: read },
  { route: 'GET /tasks/{taskId}/history', path: () => `/tasks/${TASK}/history`, expected: read },
  { route: 'GET /units/{unitId}/tasks', path: () => '/units/hushan/tasks', expected: { ...read, otherUnit: 403 } },
  { route: 'GET /me/tasks', path: () => '/me/tasks', expected: { admin: 403, lead: 200, reviewer: 200, viewer: 403, ownUnit: 200, otherUnit: 200 } },
  { route: 'GET /me/notifications', path: () => '/me/notifications', expected: { admin: 200, lead: 200, reviewer: 200, viewer: 200, ownUnit: 200, otherUnit: 200 } },
  { route: 'GET /extensions', path: () => '/extensions', expected: { admin: 200, lead: 403, reviewer: 403, viewer: 200, ownUnit: 403, otherUnit: 403 } },
  // No bulletin is published in June: whoever may read bulletins gets past authorization to the 404.
  { route: 'GET /bulletins/{month}', path: () => '/bulletins/2022-06', expected: { admin: 404, lead: 404, reviewer: 404, viewer: 404, ownUnit: 403, otherUnit: 403 } },
  {
    route: 'POST /tasks/{taskId}/updates',
    path: () => `/tasks/${TASK}/updates`,
    body: () => versioned({ asOf: '2022-06-14', done: 5 }),
    expected: ownersOnly(200),
    winner: 'ownUnit',
  },
  {
    route: 'POST /tasks/{taskId}/evidence',
    path: () => `/tasks/${TASK}/evidence`,
    body: async () => ({ fileName: '验收报告.pdf', contentType: 'application/pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') }),
    expected: ownersOnly(201),
    winner: 'ownUnit',
    after: (body) => (evidenceId = body.evidenceId),
  },
  { route: 'GET /tasks/{taskId}/evidence/{evidenceId}', path: () => `/tasks/${TASK}/evidence/${evidenceId}`, expected: read },
  {
    route: 'POST /tasks/{taskId}/extensions',
    path: () => `/tasks/${EXTENDABLE_TASK}/extensions`,
    body: () => versioned({ to: '2022-12-31', reason: '进度调整' }, EXTENDABLE_TASK),
    expected: ownersOnly(201),
    winner: 'ownUnit',
    after: (body) => (extensionId = body.extensionId),
  },
  {
    route: 'POST /extensions/{extensionId}/decision',
    path: () => `/extensions/${extensionId}/decision`,
    body: async () => ({ approve: false }),
    expected: { admin: 200, lead: 403, reviewer: 403, viewer: 403, ownUnit: 403, otherUnit: 403 },
    winner: 'admin',
  },
  {
    route: 'POST /tasks/{taskId}/closeout',
    path: () => `/tasks/${TASK}/closeout`,
    body: () => versioned({}),
    expected: ownersOnly(200),
    winner: 'ownUnit',
  },
  {
    route: 'POST /tasks/{taskId}/review',
    path: () => `/tasks/${TASK}/review`,
    body: () => versioned({ decision: 'accept' }),
    expected: { admin: 200, lead: 200, reviewer: 403, viewer: 403, ownUnit: 403, otherUnit: 404 },
    winner: 'lead',
  },
  {
    route: 'POST /tasks/{taskId}/close',
    path: () => `/tasks/${TASK}/close`,
    body: () => versioned({}),
    expected: { admin: 200, lead: 403, reviewer: 403, viewer: 403, ownUnit: 403, otherUnit: 404 },
    winner: 'admin',
  },
  {
    route: 'POST /tasks/{taskId}/reopen',
    path: () => `/tasks/${TASK}/reopen`,
    body: () => versioned({ reason: '回头看' }),
    expected: { admin: 200, lead: 200, reviewer: 403, viewer: 403, ownUnit: 403, otherUnit: 404 },
    winner: 'lead',
  },
];

describe('authorization matrix', () => {
  // In order: each mutating route leaves the task where the next one applies.
  it.each(cases)('$route', async ({ path, body, expected, winner, after }) => {
    const losers = roles.filter((role) => role !== winner && (winner === undefined || expected[role] >= 400));
    const method = body ? 'POST' : 'GET';
    for (const role of [...losers, ...(winner ? [winner] : [])]) {
      // Act
      const answer = await api.call(method, path(), { token: tokens[role], ...(body ? { body: await body() } : {}) });

      // Assess
      expect(answer.status, `${role}: ${JSON.stringify(answer.body)}`).toBe(expected[role]);
      if (role === winner) after?.(answer.body);
    }
  });

  it('left an audit event per applied change only', async () => {
    // Act
    const events = await api.allPages<{ type: string }>(`/tasks/${TASK}/history`, tokens.admin);
    const extensionEvents = await api.allPages<{ type: string }>(`/tasks/${EXTENDABLE_TASK}/history`, tokens.admin);

    // Assess
    expect(extensionEvents.map((e) => e.type)).toEqual(['extension_requested', 'extension_refused']);
    expect(events.map((e) => e.type)).toEqual([
      'progress_reported',
      'closeout_requested',
      'closeout_accepted',
      'task_closed',
      'task_reopened',
    ]);
  });
});

/*
 * Every other route of the synthesized template, tried by every role without changing anything: a write
 * carries a body its schema refuses, so whoever may call the route gets past authorization to a 400 and
 * everyone else is refused (403, or 404 where another unit's data must not be known to exist). A route of
 * the template with no row here and no case above fails the test: a new route cannot go unchecked.
 */
const invalid = { bogus: true };
const staffOnly = (allowed: number) => ({ admin: allowed, lead: allowed, reviewer: allowed, viewer: allowed, ownUnit: 403, otherUnit: 403 });
const adminOnly = (allowed: number) => ({ admin: allowed, lead: 403, reviewer: 403, viewer: 403, ownUnit: 403, otherUnit: 403 });
const adminAndViewer = (allowed: number) => ({ ...adminOnly(allowed), viewer: allowed });
const everyone = (allowed: number) => ({ admin: allowed, lead: allowed, reviewer: allowed, viewer: allowed, ownUnit: allowed, otherUnit: allowed });

interface Row {
  method: string;
  path: () => string;
  body?: unknown;
  expected: Record<Role, number>;
}

const rows: Record<string, Row> = {
  'POST /plans': { method: 'POST', path: () => '/plans', body: invalid, expected: adminOnly(400) },
  'GET /plans': { method: 'GET', path: () => '/plans', expected: staffOnly(200) },
  'GET /plans/{planId}': { method: 'GET', path: () => '/plans/cixi-2022', expected: everyone(200) },
  'GET /plans/{planId}/units': { method: 'GET', path: () => '/plans/cixi-2022/units', expected: everyone(200) },
  'GET /plans/{planId}/revisions': { method: 'GET', path: () => '/plans/cixi-2022/revisions', expected: staffOnly(200) },
  'GET /settings/organisation': { method: 'GET', path: () => '/settings/organisation', expected: everyone(200) },
  'PUT /settings/organisation': { method: 'PUT', path: () => '/settings/organisation', body: invalid, expected: adminOnly(400) },
  'POST /plans/{planId}/breakdowns': { method: 'POST', path: () => '/plans/cixi-2022/breakdowns', body: invalid, expected: adminOnly(400) },
  'GET /plans/{planId}/breakdowns/{executionId}': { method: 'GET', path: () => `/plans/cixi-2022/breakdowns/${breakdownId}`, expected: adminAndViewer(200) },
  'POST /chases': { method: 'POST', path: () => '/chases', body: invalid, expected: adminOnly(400) },
  'GET /chases/{executionId}': { method: 'GET', path: () => '/chases/chase-2022-06-15-0000abcd', expected: adminAndViewer(404) },
  'GET /plans/{planId}/tasks': { method: 'GET', path: () => '/plans/cixi-2022/tasks?limit=5', expected: everyone(200) },
  // Read as the plan's tasks are (a unit gets its own rows); a format it cannot write keeps the answer JSON.
  'GET /plans/{planId}/ledger': { method: 'GET', path: () => '/plans/cixi-2022/ledger?format=pdf', expected: everyone(400) },
  // Every role reads it; a unit gets its own row (test/api/plan-summary.test.ts checks which).
  'GET /plans/{planId}/summary': { method: 'GET', path: () => '/plans/cixi-2022/summary', expected: everyone(200) },
  'GET /me': { method: 'GET', path: () => '/me', expected: everyone(200) },
  'POST /me/notifications/read': { method: 'POST', path: () => '/me/notifications/read', body: invalid, expected: everyone(400) },
  'POST /tokens': { method: 'POST', path: () => '/tokens', body: invalid, expected: adminOnly(400) },
  'GET /tokens': { method: 'GET', path: () => '/tokens', expected: adminOnly(200) },
  'DELETE /tokens/{tokenId}': { method: 'DELETE', path: () => '/tokens/0123456789ab', expected: adminOnly(404) },
  'POST /assessments': { method: 'POST', path: () => '/assessments', body: invalid, expected: adminOnly(400) },
  // Nothing is published in June: whoever may read it gets past authorization to the 404.
  'GET /assessments/{year}': { method: 'GET', path: () => '/assessments/2022', expected: everyone(404) },
  'GET /assessments/{year}/runs/{runId}': { method: 'GET', path: () => '/assessments/2022/runs/assess-2022-0000abcd', expected: adminAndViewer(404) },
  'GET /assessments/{year}/units/{unitId}': { method: 'GET', path: () => '/assessments/2022/units/hushan', expected: everyone(404) },
  'PUT /assessments/{year}/actuals': { method: 'PUT', path: () => '/assessments/2022/actuals', body: invalid, expected: adminOnly(400) },
  'GET /assessments/{year}/actuals': { method: 'GET', path: () => '/assessments/2022/actuals', expected: adminAndViewer(200) },
  'POST /assessments/{year}/adjustments': { method: 'POST', path: () => '/assessments/2022/adjustments', body: invalid, expected: adminOnly(400) },
  'GET /assessments/{year}/adjustments': { method: 'GET', path: () => '/assessments/2022/adjustments', expected: adminAndViewer(200) },
  'POST /assessments/{year}/appeals': {
    method: 'POST',
    path: () => '/assessments/2022/appeals',
    body: invalid,
    expected: { admin: 403, lead: 403, reviewer: 403, viewer: 403, ownUnit: 400, otherUnit: 400 },
  },
  'GET /assessments/{year}/appeals': {
    method: 'GET',
    path: () => '/assessments/2022/appeals',
    expected: { admin: 200, lead: 403, reviewer: 403, viewer: 200, ownUnit: 200, otherUnit: 200 },
  },
  'POST /assessments/{year}/appeals/{appealId}/decision': {
    method: 'POST',
    path: () => '/assessments/2022/appeals/ap-1/decision',
    body: invalid,
    expected: adminOnly(400),
  },
  'POST /assessments/{year}/disclosure': { method: 'POST', path: () => '/assessments/2022/disclosure', body: invalid, expected: adminOnly(400) },
  'POST /plans/{planId}/disclosure': { method: 'POST', path: () => '/plans/cixi-2022/disclosure', body: invalid, expected: adminOnly(400) },
};

const publicRoutes: Record<string, { path: string; status: number }> = {
  'GET /openapi.json': { path: '/openapi.json', status: 200 },
  'GET /public/assessments/{year}': { path: '/public/assessments/2022', status: 404 },
  'GET /public/plans/{planId}/progress': { path: '/public/plans/cixi-2022/progress', status: 404 },
};

const templateRoutes = resourcesOfType(templates().stateless, 'AWS::ApiGatewayV2::Route')
  .map(([, route]) => String(route.Properties!.RouteKey))
  .sort();

describe('every route of the template', () => {
  it('has a row: in the task cases, the refusal table or the public routes', () => {
    // Act
    const covered = [...cases.map((c) => c.route), ...Object.keys(rows), ...Object.keys(publicRoutes)].sort();

    // Assess
    expect(covered).toEqual(templateRoutes);
  });

  it.each(Object.entries(rows))('%s: refuses every role that may not call it', async (_, { method, path, body, expected }) => {
    for (const role of roles) {
      // Act
      const answer = await api.call(method, path(), { token: tokens[role], ...(body === undefined ? {} : { body }) });

      // Assess
      expect(answer.status, `${role}: ${JSON.stringify(answer.body)}`).toBe(expected[role]);
    }
  });

  it.each(Object.entries(publicRoutes))('%s: answers without a token', async (_, { path, status }) => {
    // Act
    const answer = await api.call('GET', path);

    // Assess
    expect(answer.status).toBe(status);
  });

  it('answers 401 token_revoked on every route to a revoked token, and 401 token_expired to an expired one', async () => {
    // Prepare
    const make = async (body: object) => (await api.call('POST', '/tokens', { token: tokens.admin, body })).body;
    const revoked = await make({ role: 'unit', unitId: 'hushan' });
    const expiring = await make({ role: 'viewer', expiresInDays: 1 });
    const beforeRevocation = await api.call('GET', '/me/tasks', { token: revoked.token });
    expect(beforeRevocation.status).toBe(200);
    expect((await api.call('DELETE', `/tokens/${revoked.tokenId}`, { token: tokens.admin })).status).toBe(200);
    const guarded = [...cases.map((c) => ({ method: c.body ? 'POST' : 'GET', path: c.path() })), ...Object.values(rows).map((r) => ({ method: r.method, path: r.path() }))];

    // Act
    const afterRevocation = await Promise.all(guarded.map(({ method, path }) => api.call(method, path, { token: revoked.token, ...(method === 'GET' ? {} : { body: {} }) })));
    vi.setSystemTime(new Date('2022-06-17T02:00:00Z'));
    const afterExpiry = await Promise.all(guarded.map(({ method, path }) => api.call(method, path, { token: expiring.token, ...(method === 'GET' ? {} : { body: {} }) })));
    vi.setSystemTime(new Date('2022-06-15T02:00:00Z'));

    // Assess
    expect(afterRevocation.map((a) => `${a.status} ${a.body?.error}`)).toEqual(guarded.map(() => '401 token_revoked'));
    expect(afterExpiry.map((a) => `${a.status} ${a.body?.error}`)).toEqual(guarded.map(() => '401 token_expired'));
  });
});
