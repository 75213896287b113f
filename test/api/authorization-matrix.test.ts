import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { startTestStack } from '../support/local-stack.js';
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

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2022-06-15T02:00:00Z'));
  stack = await startTestStack();
  api = apiClient(stack.url);
  tokens.admin = stack.adminToken;
  await api.call('POST', '/plans', { token: tokens.admin, body: sampleYaml, contentType: 'application/yaml' });
  const started = await api.call('POST', '/plans/cixi-2022/breakdowns', { token: tokens.admin, body: {} });
  await api.finishedBreakdown('cixi-2022', started.body.executionId, tokens.admin);
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
