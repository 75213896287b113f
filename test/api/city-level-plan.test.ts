import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { MAX_LIFETIME_DAYS } from '../../shared/auth/token-lifetime.js';
import { startTestStack } from '../support/local-stack.js';
import { apiClient, type ApiClient } from './api-client.js';

// A city bureau's plan (samples/city-level-example.yaml) through the whole year on the local stack, over
// real HTTP, without a code change: districts, counties, county-level cities and zones; sets by kind and by
// tag; strict, relative and floor targets; joint leads; per-unit detail. Imported and broken down in March
// 2024, reviewed by the second of two leads, chased in September, assessed in January 2025.
const sampleYaml = readFileSync(new URL('../../samples/city-level-example.yaml', import.meta.url), 'utf8');
const PLAN = 'city-level-example';
const task = (goal: string, unit: string) => `${PLAN}.${goal}.${unit}`;

interface TaskItem {
  id: string;
  goalId: string;
  unitId: string;
  title: string;
  target?: number;
  deadline: string;
  note?: string;
  lead: string;
  coLeads?: string[];
  status: string;
  version: number;
  escalation?: { level: string } | null;
}

let stack: LocalStack;
let api: ApiClient;
let admin: string;
const tokens: Record<string, string> = {};
let tasks: TaskItem[] = [];

const at = (iso: string) => vi.setSystemTime(new Date(iso));
const byGoal = (goalId: string) => tasks.filter((item) => item.goalId === goalId);
const unitsOf = (goalId: string) => byGoal(goalId).map((item) => item.unitId).sort();

async function act(path: string, token: string, body: object, taskId: string) {
  const { version } = (await api.call('GET', `/tasks/${taskId}`, { token: admin })).body;
  return api.call('POST', path, { token, body: { ...body, version } });
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  at('2024-03-04T02:00:00Z');
  stack = await startTestStack();
  api = apiClient(stack.url);
  admin = stack.adminToken;
  const imported = await api.call('POST', '/plans', { token: admin, body: sampleYaml, contentType: 'application/yaml' });
  expect(imported.status, JSON.stringify(imported.body)).toBe(201);
  const started = await api.call('POST', `/plans/${PLAN}/breakdowns`, { token: admin, body: {} });
  expect((await api.finishedBreakdown(PLAN, started.body.executionId, admin)).status).toBe('SUCCEEDED');
  const make = async (body: object) => (await api.call('POST', '/tokens', { token: admin, body: { ...body, expiresInDays: MAX_LIFETIME_DAYS } })).body.token as string;
  for (const lead of ['sthjj', 'nyncj', 'jxj']) tokens[`reviewer:${lead}`] = await make({ role: 'reviewer', unitId: lead });
  for (const unit of ['yinzhou', 'cixi']) tokens[unit] = await make({ role: 'unit', unitId: unit });
  tasks = await api.allPages<TaskItem>(`/plans/${PLAN}/tasks`, admin);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  vi.useRealTimers();
});

describe('a city-level plan broken down', () => {
  it('splits goals over sets by kind, by tag and by both, in plan order', () => {
    // Assess
    expect(unitsOf('pm25')).toEqual(['beilun', 'cixi', 'fenghua', 'haishu', 'jiangbei', 'ninghai', 'xiangshan', 'yinzhou', 'yuyao', 'zhenhai']);
    expect(unitsOf('good-days')).toHaveLength(12);
    expect(unitsOf('vocs-zones')).toEqual(['hangzhou-bay', 'hi-tech-zone']);
    expect(unitsOf('sea-outfalls')).toEqual(['beilun', 'cixi', 'fenghua', 'hangzhou-bay', 'ninghai', 'xiangshan', 'zhenhai']);
    expect(unitsOf('village-sewage')).toEqual(['cixi', 'fenghua', 'haishu', 'ninghai', 'xiangshan', 'yinzhou', 'yuyao']);
    expect(unitsOf('coastal-villages-report')).toEqual(['beilun', 'fenghua', 'ninghai', 'xiangshan', 'zhenhai']);
    expect(unitsOf('park-survey')).toEqual(['ninghai', 'xiangshan']);
    expect(unitsOf('carbon-intensity')).toEqual(['fgw']);
  });

  it('keeps shares summing to their target, floors included, and sets each relative target from its own baseline', () => {
    // Prepare
    const sum = (goalId: string) => byGoal(goalId).reduce((total, item) => total + (item.target ?? 0), 0);
    const pm25 = (unit: string) => byGoal('pm25').find((item) => item.unitId === unit)!.target!;

    // Assess
    expect([sum('village-sewage'), sum('sea-outfalls'), sum('vocs-zones')]).toEqual([150, 100, 60]);
    // baseline × (1 − 3%), to hundredths on the demanding side: 27.5 → 26.675 → 26.67, never 26.68.
    expect([pm25('haishu'), pm25('cixi'), pm25('jiangbei')]).toEqual([26.67, 29.48, 27.54]);
    // A unit without a baseline of its own takes the goal's: Ningbo's zones are not in pm25, every district is listed.
    expect(byGoal('carbon-intensity')[0]!.target).toBe(0.69);
  });

  it("gives a unit's task its own title, note and deadline, and leaves the others the goal's", () => {
    // Prepare
    const one = (goalId: string, unitId: string) => tasks.find((item) => item.id === task(goalId, unitId))!;

    // Assess
    expect(one('park-survey', 'xiangshan')).toMatchObject({ title: '象山经济开发区污染源调查', deadline: '2024-08-31' });
    expect(one('park-survey', 'ninghai')).toMatchObject({ title: '宁海经济开发区污染源调查', deadline: '2024-09-30', note: '含科技园区' });
    expect(one('village-sewage', 'ninghai')).toMatchObject({ title: '完成农村生活污水治理150个村以上', deadline: '2024-10-31', note: '以西店镇、强蛟镇沿海村为重点' });
    expect(one('village-sewage', 'yuyao')).toMatchObject({ deadline: '2024-11-30' });
    expect(one('village-sewage', 'yuyao').note).toBeUndefined();
  });
});

describe('joint leads', () => {
  it('lets either lead accept a close-out and refuses a department that does not lead the goal', async () => {
    // Prepare: Yinzhou's share of the village sewage done, close-out asked for.
    const taskId = task('village-sewage', 'yinzhou');
    const { target } = (await api.call('GET', `/tasks/${taskId}`, { token: admin })).body;
    expect((await act(`/tasks/${taskId}/updates`, tokens.yinzhou!, { asOf: '2024-03-01', done: target }, taskId)).status).toBeLessThan(300);
    expect((await act(`/tasks/${taskId}/closeout`, tokens.yinzhou!, {}, taskId)).status).toBeLessThan(300);

    // Act: the reviewer's queue as 待审核 lists it, the plan's close-out requests of the goals it leads
    const requested = await api.allPages<TaskItem>(`/plans/${PLAN}/tasks?status=closeout_requested`, tokens['reviewer:sthjj']!);
    const queue = requested.filter((item) => [item.lead, ...(item.coLeads ?? [])].includes('sthjj'));
    const stranger = await act(`/tasks/${taskId}/review`, tokens['reviewer:jxj']!, { decision: 'accept' }, taskId);
    const secondLead = await act(`/tasks/${taskId}/review`, tokens['reviewer:sthjj']!, { decision: 'accept' }, taskId);
    const firstLeadLate = await act(`/tasks/${taskId}/review`, tokens['reviewer:nyncj']!, { decision: 'reject', reason: '材料不全' }, taskId);

    // Assess
    expect(queue.map((item) => item.id)).toContain(taskId);
    expect(queue.find((item) => item.id === taskId)).toMatchObject({ lead: 'nyncj', coLeads: ['sthjj'] });
    expect(stranger.status).toBe(403);
    expect(secondLead.status, JSON.stringify(secondLead.body)).toBe(200);
    expect(firstLeadLate.status).toBe(409);
  });
});

describe('the chase', () => {
  it("chases a task by its own deadline: Xiangshan's survey is late on 20 September, Ninghai's is not", async () => {
    // Prepare: Friday 20 September 2024; Xiangshan's survey was due Saturday 31 August, Ninghai's is due on the 30th.
    at('2024-09-20T02:00:00Z');

    // Act
    const started = await api.call('POST', '/chases', { token: admin, body: { date: '2024-09-20' } });
    const run = await vi.waitFor(
      async () => {
        const answer = await api.call('GET', `/chases/${started.body.executionId}`, { token: admin });
        expect(answer.body.status).not.toBe('RUNNING');
        return answer.body;
      },
      { timeout: 90_000, interval: 100 },
    );
    const xiangshan = (await api.call('GET', `/tasks/${task('park-survey', 'xiangshan')}`, { token: admin })).body;
    const ninghai = (await api.call('GET', `/tasks/${task('park-survey', 'ninghai')}`, { token: admin })).body;

    // Assess
    expect(run.status, JSON.stringify(run)).toBe('SUCCEEDED');
    expect(xiangshan.light).toBe('red');
    expect(xiangshan.escalation).toEqual(expect.objectContaining({ level: expect.any(String) }));
    expect(ninghai.light).not.toBe('red');
    expect(ninghai.escalation ?? null).toBeNull();
  }, 120_000);
});

describe('the year-end assessment', () => {
  interface Line {
    lineId: string;
    rule: string;
    points: number;
    detail: Record<string, unknown>;
  }
  const unitScore = async (unitId: string) => {
    const answer = await api.call('GET', `/assessments/2024/units/${unitId}`, { token: admin });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body as { group: string; lineItems: Line[] };
  };
  const completion = (score: { lineItems: Line[] }, taskId: string) => score.lineItems.find((line) => line.lineId === `completion:${taskId}`)!.detail;

  it('scores strict targets missed on the target, relative targets against their own value, and floors with their excess', async () => {
    // Prepare: Cixi did 5 villages more than its share; the actuals for the year are entered on Monday 6 January 2025.
    const floorTask = task('village-sewage', 'cixi');
    const { target: share } = (await api.call('GET', `/tasks/${floorTask}`, { token: admin })).body;
    expect((await act(`/tasks/${floorTask}/updates`, tokens.cixi!, { asOf: '2024-09-20', done: share + 5 }, floorTask)).status).toBeLessThan(300);
    at('2025-01-06T02:00:00Z');
    const actuals = [
      { taskId: task('good-days', 'haishu'), value: 90 }, // 高于90%: on the target is not above it
      { taskId: task('good-days', 'jiangbei'), value: 91 },
      { taskId: task('heavy-pollution-days', 'beilun'), value: 2 }, // 少于2天: two days is not fewer
      { taskId: task('pm25', 'haishu'), value: 26.67 }, // ≤ 26.67, its own baseline 27.5 less 3%
      { taskId: task('pm25', 'cixi'), value: 30 }, // over its 29.48
    ];
    expect((await api.call('PUT', '/assessments/2024/actuals', { token: admin, body: { actuals } })).status).toBe(200);

    // Act
    const started = await api.call('POST', '/assessments', { token: admin, body: { year: 2024 } });
    const run = await vi.waitFor(
      async () => {
        const answer = await api.call('GET', `/assessments/2024/runs/${started.body.runId}`, { token: admin });
        expect(answer.body.status).not.toBe('RUNNING');
        return answer.body;
      },
      { timeout: 120_000, interval: 200 },
    );
    const haishu = await unitScore('haishu');
    const jiangbei = await unitScore('jiangbei');
    const beilun = await unitScore('beilun');
    const cixi = await unitScore('cixi');
    const zone = await unitScore('hi-tech-zone');
    const fgw = await unitScore('fgw');

    // Assess
    expect(run.status, JSON.stringify(run)).toBe('SUCCEEDED');
    expect([haishu.group, zone.group, fgw.group]).toEqual(['counties', 'zones', 'departments']);
    expect(completion(haishu, task('good-days', 'haishu'))).toMatchObject({ value: 90, target: 90, direction: 'more_than' });
    expect(completion(haishu, task('good-days', 'haishu')).ratio).toBeLessThan(1);
    expect(completion(jiangbei, task('good-days', 'jiangbei'))).toMatchObject({ value: 91, ratio: 1 });
    expect(completion(beilun, task('heavy-pollution-days', 'beilun')).ratio).toBeLessThan(1);
    expect(completion(haishu, task('pm25', 'haishu'))).toMatchObject({ value: 26.67, target: 26.67, baseline: 27.5, change: -0.03, baselineYear: 2023, ratio: 1 });
    expect(completion(cixi, task('pm25', 'cixi'))).toMatchObject({ value: 30, target: 29.48, baseline: 30.4 });
    expect(completion(cixi, task('pm25', 'cixi')).ratio).toBeLessThan(1);
    expect(completion(cixi, task('village-sewage', 'cixi'))).toMatchObject({ done: share + 5, target: share, atLeast: true, excess: 5, ratio: 1 });
  }, 180_000);
});
