import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { MAX_LIFETIME_DAYS } from '../../shared/auth/token-lifetime.js';
import { systemClock } from '../../shared/clock/clock.js';
import { createRun } from '../../shared/store/assessment-runs.js';
import type { DynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { startTestStack } from '../support/local-stack.js';
import { usePrivateDynamoDb } from '../support/private-dynamodb.js';
import { apiClient, type ApiClient } from './api-client.js';

// The year-end assessment's API over real HTTP on the local stack (the synthesized state machine runs the
// runs): the Cixi sample broken down in June 2022, one task of Hushan closed, PM2.5 actuals, a bonus for
// Hushan and a veto for Guanhaiwei; assessed on Thursday 2023-01-05 (appeals until 2023-01-12, five working
// days), appealed, upheld, republished, approved for the public.
const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const CLOSED_TASK = 'cixi-2022.vocs-projects.hushan';
const roles = ['admin', 'reviewer', 'viewer', 'hushan', 'guanhaiwei'] as const;
type Role = (typeof roles)[number];

let stack: LocalStack;
// Assessing the sample over and over: on a server of its own, as the other heavy files (test/support/private-dynamodb.ts).
let dynamodb: DynamoDbLocal;
let api: ApiClient;
const tokens = {} as Record<Role, string>;

interface RankedUnit {
  unitId: string;
  unitName: string;
  group: string;
  groupName: string;
  total: number;
  grade: string;
  rank: number;
  vetoed: boolean;
}

interface LineItem {
  lineId: string;
  taskId: string | null;
  rule: string;
  points: number;
  detail: Record<string, unknown>;
  eventIds: string[];
  waivedBy?: string;
}

const at = (iso: string) => vi.setSystemTime(new Date(iso));

async function finishedRun(runId: string) {
  return vi.waitFor(
    async () => {
      const run = await api.call('GET', `/assessments/2022/runs/${runId}`, { token: tokens.admin });
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      expect(run.body.status).not.toBe('RUNNING');
      return run.body;
    },
    { timeout: 120_000, interval: 200 },
  );
}

async function change(path: string, token: string, body: object, taskId = CLOSED_TASK) {
  const { version } = (await api.call('GET', `/tasks/${taskId}`, { token: tokens.admin })).body;
  const answer = await api.call('POST', path, { token, body: { ...body, version } });
  expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
}

const cents = (points: number) => Math.round(points * 100);

/** A POST as the admin with an `Idempotency-Key` (the API client sends none). */
async function postOnce(path: string, body: object, key: string) {
  const response = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  at('2022-06-15T02:00:00Z');
  dynamodb = await usePrivateDynamoDb();
  stack = await startTestStack();
  api = apiClient(stack.url);
  tokens.admin = stack.adminToken;
  await api.call('POST', '/plans', { token: tokens.admin, body: sampleYaml, contentType: 'application/yaml' });
  const started = await api.call('POST', '/plans/cixi-2022/breakdowns', { token: tokens.admin, body: {} });
  expect((await api.finishedBreakdown('cixi-2022', started.body.executionId, tokens.admin)).status).toBe('SUCCEEDED');
  // The clock moves on from June 2022 to January 2023: past a token's default lifetime.
  const make = async (body: object) => (await api.call('POST', '/tokens', { token: tokens.admin, body: { ...body, expiresInDays: MAX_LIFETIME_DAYS } })).body.token as string;
  tokens.reviewer = await make({ role: 'reviewer', unitId: 'eco-bureau' });
  tokens.viewer = await make({ role: 'viewer' });
  tokens.hushan = await make({ role: 'unit', unitId: 'hushan' });
  tokens.guanhaiwei = await make({ role: 'unit', unitId: 'guanhaiwei' });
  const target = (await api.call('GET', `/tasks/${CLOSED_TASK}`, { token: tokens.admin })).body.target as number;
  await change(`/tasks/${CLOSED_TASK}/updates`, tokens.hushan, { asOf: '2022-06-10', done: target });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await dynamodb?.stop();
  vi.useRealTimers();
});

describe('before the run', () => {
  it('dates a close-out, acceptance and close by the day their caller names: not in the future, not before the report', async () => {
    // Prepare: on Wednesday 15 June 2022, the work reported done as of the 10th.
    const { version } = (await api.call('GET', `/tasks/${CLOSED_TASK}`, { token: tokens.admin })).body;
    const closeout = (on: string) => api.call('POST', `/tasks/${CLOSED_TASK}/closeout`, { token: tokens.hushan, body: { version, on } });

    // Act
    const future = await closeout('2022-06-16');
    const early = await closeout('2022-06-09');
    const notADay = await closeout('2022-06-31');
    await change(`/tasks/${CLOSED_TASK}/closeout`, tokens.hushan, { on: '2022-06-13' });
    await change(`/tasks/${CLOSED_TASK}/review`, tokens.reviewer, { decision: 'accept', on: '2022-06-14' });
    await change(`/tasks/${CLOSED_TASK}/close`, tokens.admin, {});
    const history = await api.call('GET', `/tasks/${CLOSED_TASK}/history`, { token: tokens.admin });

    // Assess
    expect([future.status, early.status, notADay.status]).toEqual([400, 400, 400]);
    expect(future.body.fields).toEqual([expect.objectContaining({ path: 'on', rule: 'not_future' })]);
    expect(early.body.fields).toEqual([expect.objectContaining({ path: 'on', rule: 'date_order' })]);
    expect(notADay.body.fields).toEqual([expect.objectContaining({ path: 'on' })]);
    const events = history.body.items as { type: string; on?: string; at: string }[];
    expect(events.filter((event) => ['closeout_requested', 'closeout_accepted', 'task_closed'].includes(event.type)).map((event) => [event.type, event.on])).toEqual([
      ['closeout_requested', '2022-06-13'],
      ['closeout_accepted', '2022-06-14'],
      ['task_closed', undefined],
    ]);
    at('2023-01-05T02:00:00Z');
  });

  it('refuses a year that is not one (400 pattern) and bad rules, naming rules.<field> and the rule', async () => {
    // Act
    const badYear = await api.call('GET', '/assessments/1999', { token: tokens.admin });
    const badRules = await api.call('POST', '/assessments', { token: tokens.admin, body: { year: 2022, rules: { grades: { excellent: 70 }, appealDays: 1.5 } } });

    // Assess
    expect(badYear.status).toBe(400);
    expect(badYear.body.fields).toEqual([expect.objectContaining({ path: 'year', rule: 'pattern' })]);
    expect(badRules.status).toBe(400);
    expect(badRules.body.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'rules.grades.good', rule: 'order' }),
        expect.objectContaining({ path: 'rules.appealDays', rule: 'integer' }),
      ]),
    );
  });

  it('lets only the admin start runs, record actuals and adjustments; nothing is published yet (404 for every reader)', async () => {
    for (const role of ['reviewer', 'viewer', 'hushan'] as const) {
      // Act
      const start = await api.call('POST', '/assessments', { token: tokens[role], body: { year: 2022 } });
      const actuals = await api.call('PUT', '/assessments/2022/actuals', { token: tokens[role], body: { actuals: [{ taskId: 'cixi-2022.pm25.hushan', value: 30 }] } });
      const bonus = await api.call('POST', '/assessments/2022/adjustments', { token: tokens[role], body: { unitId: 'hushan', kind: 'bonus', points: 1, reason: '表彰' } });
      const published = await api.call('GET', '/assessments/2022', { token: tokens[role] });

      // Assess
      expect([start.status, actuals.status, bonus.status], role).toEqual([403, 403, 403]);
      expect(published.status, role).toBe(404);
    }
  });

  it('saves indicator actuals after checking every row: a task that does not exist or is not an indicator is named', async () => {
    // Act
    const refused = await api.call('PUT', '/assessments/2022/actuals', {
      token: tokens.admin,
      body: { actuals: [{ taskId: 'cixi-2022.pm25.hushan', value: 29.5 }, { taskId: 'cixi-2022.vocs-projects.hushan', value: 3 }, { taskId: 'cixi-2022.pm25.nowhere', value: 30 }] },
    });
    const saved = await api.call('PUT', '/assessments/2022/actuals', {
      token: tokens.admin,
      body: { actuals: [{ taskId: 'cixi-2022.pm25.hushan', value: 29.5 }, { taskId: 'cixi-2022.pm25.guanhaiwei', value: 41 }] },
    });
    const listed = await api.call('GET', '/assessments/2022/actuals', { token: tokens.viewer });

    // Assess
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.fields.map((field: { path: string }) => field.path)).toEqual(['actuals[1].taskId', 'actuals[2].taskId']);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toEqual({ saved: 2 });
    expect(listed.body.items.map((item: { taskId: string; value: number }) => [item.taskId, item.value])).toEqual([
      ['cixi-2022.pm25.guanhaiwei', 41],
      ['cixi-2022.pm25.hushan', 29.5],
    ]);
  });

  it('records a bonus and a veto with their reasons; a retry with the same Idempotency-Key records nothing twice', async () => {
    // Act
    const bonusBody = { unitId: 'hushan', kind: 'bonus', points: 2, reason: '获省级生态文明示范表彰' };
    const bonus = await postOnce('/assessments/2022/adjustments', bonusBody, 'bonus-hushan-2022');
    const retried = await postOnce('/assessments/2022/adjustments', bonusBody, 'bonus-hushan-2022');
    const unknownUnit = await api.call('POST', '/assessments/2022/adjustments', { token: tokens.admin, body: { unitId: 'nowhere', kind: 'veto', reason: '不存在' } });
    const veto = await api.call('POST', '/assessments/2022/adjustments', { token: tokens.admin, body: { unitId: 'guanhaiwei', kind: 'veto', reason: '发生较大突发环境事件' } });
    const listed = await api.call('GET', '/assessments/2022/adjustments', { token: tokens.viewer });

    // Assess
    expect(bonus.status, JSON.stringify(bonus.body)).toBe(201);
    expect(bonus.body).toMatchObject({ adjustmentId: 'adj-1', unitId: 'hushan', kind: 'bonus', points: 2 });
    expect(retried.body).toEqual(bonus.body);
    expect(unknownUnit.status).toBe(400);
    expect(unknownUnit.body.fields).toEqual([expect.objectContaining({ path: 'unitId', rule: 'unknown_unit' })]);
    expect(veto.body).toMatchObject({ adjustmentId: 'adj-2', unitId: 'guanhaiwei', kind: 'veto' });
    expect(listed.body.items).toHaveLength(2);
  });
});

describe('a run', () => {
  let runId: string;

  it('starts (202), one at a time (409 assessment_running), and publishes every unit of the year', async () => {
    // Act
    const started = await api.call('POST', '/assessments', { token: tokens.admin, body: { year: 2022 } });
    const second = await api.call('POST', '/assessments', { token: tokens.admin, body: { year: 2022 } });
    runId = started.body.runId;
    const run = await finishedRun(runId);

    // Assess
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toEqual({ year: 2022, runId: expect.stringMatching(/^assess-2022-[0-9a-f]{8}$/), status: 'RUNNING' });
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('assessment_running');
    expect(run).toMatchObject({ runId, year: 2022, status: 'SUCCEEDED', dryRun: false, units: 24, published: true });
  });

  it('answers the published ranking with links to its CSV, XLSX and HTML, to every role; towns and departments ranked apart, the vetoed town last of the towns', async () => {
    // Act
    const answers = await Promise.all(roles.map((role) => api.call('GET', '/assessments/2022', { token: tokens[role] })));
    const published = answers[0]!.body;
    const csv = await fetch(published.reports.csv.url);

    // Assess
    for (const [i, answer] of answers.entries()) expect(answer.status, roles[i]).toBe(200);
    expect(published).toMatchObject({ year: 2022, runId, revision: 1, publishedOn: '2023-01-05', appealsUntil: '2023-01-12' });
    const units = published.units as RankedUnit[];
    expect(units).toHaveLength(24);
    const towns = units.filter((unit) => unit.group === 'towns');
    const departments = units.filter((unit) => unit.group === 'departments');
    expect(units).toStrictEqual([...towns, ...departments]);
    expect([towns[0], departments[0]]).toMatchObject([
      { groupName: '镇街道', rank: 1 },
      { groupName: '部门', rank: 1 },
    ]);
    expect(departments.map((unit) => unit.unitId)).toContain('eco-bureau');
    expect(towns.at(-1)).toMatchObject({ unitId: 'guanhaiwei', vetoed: true, grade: 'fail', rank: towns.length });
    expect(csv.status).toBe(200);
    // As bytes: fetch's text() would drop the BOM.
    expect(Buffer.from(await csv.arrayBuffer()).toString('utf8').startsWith('\uFEFF分组,排名,单位,总分,等次,一票否决,任务,考核项,分值,满分,说明,依据,单位编号,明细编号,任务编号,事件编号\r\n')).toBe(true);
  });

  it('shows the run and the inputs to the bureau and the leaders only', async () => {
    // Act
    const statuses = async (path: string) => Promise.all(roles.map(async (role) => (await api.call('GET', path, { token: tokens[role] })).status));
    const run = await statuses(`/assessments/2022/runs/${runId}`);
    const actuals = await statuses('/assessments/2022/actuals');
    const adjustments = await statuses('/assessments/2022/adjustments');
    const badRunId = await api.call('GET', '/assessments/2022/runs/chase-2022', { token: tokens.admin });

    // Assess: admin, reviewer, viewer, hushan, guanhaiwei
    expect(run).toEqual([200, 403, 200, 403, 403]);
    expect(actuals).toEqual([200, 403, 200, 403, 403]);
    expect(adjustments).toEqual([200, 403, 200, 403, 403]);
    expect(badRunId.status).toBe(400);
    expect(badRunId.body.fields).toEqual([expect.objectContaining({ path: 'runId', rule: 'pattern' })]);
  });

  it("answers a unit's line items, which sum to its total, to the staff and the unit itself; another unit gets 404", async () => {
    // Act
    const own = await api.call('GET', '/assessments/2022/units/hushan', { token: tokens.hushan });
    const other = await api.call('GET', '/assessments/2022/units/hushan', { token: tokens.guanhaiwei });
    const byReviewer = await api.call('GET', '/assessments/2022/units/hushan', { token: tokens.reviewer });

    // Assess
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(other.status).toBe(404);
    expect(byReviewer.status).toBe(200);
    const lines = own.body.lineItems as LineItem[];
    expect(own.body).toMatchObject({ unitId: 'hushan', unitName: '浒山街道', group: 'towns', groupName: '镇街道', vetoed: false });
    expect(lines.reduce((sum, line) => sum + cents(line.points), 0)).toBe(cents(own.body.total));
    expect(lines).toContainEqual(expect.objectContaining({ lineId: `completion:${CLOSED_TASK}`, rule: 'completion', taskId: CLOSED_TASK }));
    // The request's day is the one named; the close's, named by nobody, its own day (Shanghai).
    expect(lines.find((line) => line.lineId === `timeliness:${CLOSED_TASK}`)!.detail).toMatchObject({ doneOn: '2022-06-10', requestedOn: '2022-06-13', closedOn: '2022-06-15' });
    expect(lines).toContainEqual(expect.objectContaining({ rule: 'bonus', points: 2, eventIds: ['adj-1'] }));
    expect(lines).toContainEqual(expect.objectContaining({ taskId: 'cixi-2022.pm25.hushan', rule: 'completion', eventIds: expect.arrayContaining(['actual:cixi-2022.pm25.hushan']) }));
  });
});

describe('appeals', () => {
  const LINE = 'timeliness:cixi-2022.pm25.hushan';
  let appealId: string;

  it('a unit files for its own line only: an unknown line is 404, the bureau and the leaders may not file', async () => {
    // Prepare
    at('2023-01-06T02:00:00Z');

    // Act
    const unknown = await api.call('POST', '/assessments/2022/appeals', { token: tokens.hushan, body: { lineId: 'timeliness:cixi-2022.pm25.guanhaiwei', reason: '不是本单位' } });
    const byAdmin = await api.call('POST', '/assessments/2022/appeals', { token: tokens.admin, body: { lineId: LINE, reason: '代为申诉' } });
    const filed = await api.call('POST', '/assessments/2022/appeals', { token: tokens.hushan, body: { lineId: LINE, reason: '年均浓度为省站核定值，按期报送' } });
    appealId = filed.body.appealId;
    const ownList = await api.call('GET', '/assessments/2022/appeals', { token: tokens.hushan });
    const otherList = await api.call('GET', '/assessments/2022/appeals', { token: tokens.guanhaiwei });

    // Assess
    expect(unknown.status).toBe(404);
    expect(byAdmin.status).toBe(403);
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ appealId: 'ap-1', unitId: 'hushan', lineId: LINE, status: 'pending' });
    expect(ownList.body.items).toHaveLength(1);
    expect(otherList.body.items).toEqual([]);
  });

  it('takes one pending appeal per line: a second one is 409 appeal_pending, in English and Chinese', async () => {
    // Act
    const again = await api.call('POST', '/assessments/2022/appeals', { token: tokens.hushan, body: { lineId: LINE, reason: '再次申诉' } });
    const list = await api.call('GET', '/assessments/2022/appeals', { token: tokens.hushan });

    // Assess
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body).toEqual({ error: 'appeal_pending', message: expect.stringMatching(new RegExp(`pending appeal of line ${LINE}.* / .*申诉尚未处理`)) });
    expect(list.body.items).toEqual([expect.objectContaining({ appealId, status: 'pending' })]);
  });

  it('closes after appealsUntil (409 appeal_closed)', async () => {
    // Prepare
    at('2023-01-13T02:00:00Z');

    // Act
    const late = await api.call('POST', '/assessments/2022/appeals', { token: tokens.hushan, body: { lineId: LINE, reason: '逾期申诉' } });

    // Assess
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('appeal_closed');
  });

  it('upheld, re-scores and republishes with the line at the points the admin set', async () => {
    // Act
    const decided = await api.call('POST', `/assessments/2022/appeals/${appealId}/decision`, { token: tokens.admin, body: { decision: 'uphold', reason: '核实无误', points: 5 } });
    const again = await api.call('POST', `/assessments/2022/appeals/${appealId}/decision`, { token: tokens.admin, body: { decision: 'reject', reason: '重复处理' } });
    const run = await finishedRun(decided.body.runId);
    const published = await api.call('GET', '/assessments/2022', { token: tokens.viewer });
    const hushan = await api.call('GET', '/assessments/2022/units/hushan', { token: tokens.admin });

    // Assess
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body).toMatchObject({ appeal: { appealId, status: 'upheld' }, runId: expect.stringMatching(/^assess-2022-/) });
    expect(again.status).toBe(409);
    expect(run).toMatchObject({ status: 'SUCCEEDED', appealId, published: true });
    expect(published.body).toMatchObject({ runId: decided.body.runId, revision: 2 });
    expect(hushan.body.lineItems).toContainEqual(expect.objectContaining({ lineId: LINE, points: 5, waivedBy: appealId }));
  });
});

describe('disclosure and what-if', () => {
  it('shows the approved ranking to the public, allow-listed fields only', async () => {
    // Act
    const approved = await api.call('POST', '/assessments/2022/disclosure', { token: tokens.admin });
    const shown = await api.call('GET', '/public/assessments/2022');

    // Assess
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    expect(Object.keys(shown.body).sort()).toEqual(['publishedOn', 'units', 'year']);
    expect(shown.body.units).toHaveLength(24);
    for (const unit of shown.body.units) expect(Object.keys(unit).sort()).toEqual(['grade', 'group', 'groupName', 'rank', 'total', 'unitId', 'unitName']);
    // Nor anything behind the points: reasons, adjustments, appeals, actuals, events, runs.
    const text = JSON.stringify(shown.body);
    for (const secret of ['获省级生态文明示范表彰', '发生较大突发环境事件', '年均浓度为省站核定值', '核实无误', 'adj-', 'ap-', 'actual:', '@', 'assess-2022-', 'vetoed']) {
      expect(text.includes(secret), secret).toBe(false);
    }
  });

  it('keeps showing the approved run after a republication, until an admin approves the new one', async () => {
    // Prepare: revision 2 (approved above) was published on 2023-01-13; an appeal within its period republishes.
    const approved = await api.call('GET', '/public/assessments/2022');
    const filed = await api.call('POST', '/assessments/2022/appeals', { token: tokens.hushan, body: { lineId: 'completion:cixi-2022.pm25.hushan', reason: '实际值以省站为准' } });
    at('2023-01-16T02:00:00Z');
    const decided = await api.call('POST', `/assessments/2022/appeals/${filed.body.appealId}/decision`, { token: tokens.admin, body: { decision: 'uphold', reason: '核实' } });
    await finishedRun(decided.body.runId);

    // Act
    const kept = await api.call('GET', '/public/assessments/2022');
    await api.call('POST', '/assessments/2022/disclosure', { token: tokens.admin });
    const renewed = await api.call('GET', '/public/assessments/2022');

    // Assess
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(approved.body.publishedOn).toBe('2023-01-13');
    expect(kept.body).toEqual(approved.body);
    expect(renewed.body.publishedOn).toBe('2023-01-16');
  });

  it('a dry run with other rules reports rank changes and publishes nothing', async () => {
    // Act
    const started = await api.call('POST', '/assessments', { token: tokens.admin, body: { year: 2022, dryRun: true, rules: { grades: { excellent: 50, good: 40, pass: 30 }, bonusCap: 0 } } });
    const run = await finishedRun(started.body.runId);
    const published = await api.call('GET', '/assessments/2022', { token: tokens.admin });

    // Assess
    expect(run).toMatchObject({ status: 'SUCCEEDED', dryRun: true, published: false, rules: expect.objectContaining({ bonusCap: 0 }) });
    // Without its bonus (bonusCap 0) Hushan loses its 2 points.
    const hushan = run.changes.find((moved: { unitId: string }) => moved.unitId === 'hushan');
    expect(cents(hushan.before.total) - cents(hushan.after.total)).toBe(200);
    expect(published.body.revision).toBe(3);
  });
});

describe('a run whose execution is gone', () => {
  it('gives up the year: the next start takes its lock over and records it FAILED', async () => {
    // Prepare: a run recorded two minutes ago whose execution never started (its start was cut off).
    const gone = 'assess-2022-deadbeef';
    await createRun({ runId: gone, year: 2022, dryRun: true, startedAt: new Date(Date.now() - 120_000).toISOString(), startedBy: 'test' }, systemClock);

    // Act
    const started = await api.call('POST', '/assessments', { token: tokens.admin, body: { year: 2022, dryRun: true } });
    const recorded = await api.call('GET', `/assessments/2022/runs/${gone}`, { token: tokens.admin });
    const run = await finishedRun(started.body.runId);

    // Assess
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(recorded.body).toMatchObject({ status: 'FAILED', error: { Error: 'ExecutionEnded' } });
    expect(run.status).toBe('SUCCEEDED');
  });
});
