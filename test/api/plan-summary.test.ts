import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { planSummaryAnswer, summaryOfTasks, type SummaryTask } from '../../shared/domain/plan-summary.js';
import { startTestStack } from '../support/local-stack.js';
import { apiClient, type ApiClient } from './api-client.js';

// GET /plans/{planId}/summary over real HTTP: the Cixi sample imported and broken down on 2022-06-15, then
// 浒山街道 reports and asks to close a task, the chase runs, and the calendar moves on with nobody writing.
// Each time the answer must equal the summary counted from every task the API lists.
const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const VOCS_HUSHAN = 'cixi-2022.vocs-projects.hushan';
const SPRAY_HUSHAN = 'cixi-2022.spray-recheck.hushan';

let stack: LocalStack;
let api: ApiClient;
let admin: string;
let unit: string;
let viewer: string;
let reviewer: string;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2022-06-15T02:00:00Z'));
  stack = await startTestStack();
  api = apiClient(stack.url);
  admin = stack.adminToken;
  const imported = await api.call('POST', '/plans', { token: admin, body: sampleYaml, contentType: 'application/yaml' });
  expect(imported.status, JSON.stringify(imported.body)).toBe(201);
  const started = await api.call('POST', '/plans/cixi-2022/breakdowns', { token: admin, body: {} });
  expect((await api.finishedBreakdown('cixi-2022', started.body.executionId, admin)).status).toBe('SUCCEEDED');
  const token = async (body: object) => (await api.call('POST', '/tokens', { token: admin, body })).body.token as string;
  unit = await token({ role: 'unit', unitId: 'hushan' });
  viewer = await token({ role: 'viewer' });
  reviewer = await token({ role: 'reviewer', unitId: 'eco-bureau' });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  vi.useRealTimers();
});

/** The summary counted from every task of the plan, as the API lists them, for `today`. */
async function recounted(today: string) {
  const { body: plan } = await api.call('GET', '/plans/cixi-2022', { token: admin });
  const tasks = await api.allPages<SummaryTask>('/plans/cixi-2022/tasks?limit=200', admin);
  return planSummaryAnswer(
    { planId: plan.id, name: plan.name, year: plan.year, units: plan.units, goals: plan.goals },
    summaryOfTasks(tasks, plan.tracking.margin),
    { today, asOf: '' },
  );
}

async function summary(token: string) {
  const answer = await api.call('GET', '/plans/cixi-2022/summary', { token });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

async function change(path: string, body: object) {
  const { body: task } = await api.call('GET', `/tasks/${path.split('/')[2]}`, { token: admin });
  const answer = await api.call('POST', path, { token: unit, body: { ...body, version: task.version } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

describe('GET /plans/{planId}/summary', () => {
  it('answers right after the breakdown what every task of the plan adds up to, units and goals in plan order', async () => {
    // Act
    const answer = await summary(admin);

    // Assess
    const expected = await recounted('2022-06-15');
    expect(answer).toEqual({ ...expected, asOf: expect.stringMatching(/^2022-06-15T02:/) });
    expect(answer.units).toHaveLength(28);
    expect(answer.totals.tasks).toBeGreaterThan(0);
    expect(answer.totals.status.assigned).toBe(answer.totals.tasks);
  });

  it('gives a unit its own row and the goals as its own tasks stand; the staff every row', async () => {
    // Act
    const own = await summary(unit);
    const byViewer = await summary(viewer);
    const byReviewer = await summary(reviewer);

    // Assess
    const all = await recounted(own.today);
    expect(own.units).toEqual([all.units.find((row) => row.unitId === 'hushan')]);
    expect(own.totals).toEqual({ ...own.totals, tasks: own.units[0].tasks, closed: own.units[0].closed, light: own.units[0].light });
    const ownGoals = own.goals.reduce((sum: number, goal: { tasks: number }) => sum + goal.tasks, 0);
    expect(ownGoals).toBe(own.units[0].tasks);
    expect(byViewer.units).toHaveLength(28);
    expect(byReviewer.units).toHaveLength(28);
  });

  it('counts a report and a close-out request the moment they are made', async () => {
    // Prepare
    const before = await summary(admin);

    // Act
    await change(`/tasks/${VOCS_HUSHAN}/updates`, { asOf: '2022-06-14', done: 3 });
    await change(`/tasks/${VOCS_HUSHAN}/closeout`, {});
    const after = await summary(admin);

    // Assess
    expect(after).toEqual({ ...(await recounted('2022-06-15')), asOf: after.asOf });
    const hushan = (body: typeof after) => body.units.find((row: { unitId: string }) => row.unitId === 'hushan');
    expect(hushan(after).status.closeout_requested).toBe(hushan(before).status.closeout_requested + 1);
    const vocs = after.goals.find((row: { goalId: string }) => row.goalId === 'vocs-projects');
    expect(vocs.done).toBe(3);
  });

  it('counts the levels the chase raises', async () => {
    // Prepare: 2022-10-10, after 浒山街道's spray-shop recheck fell due (2022-09-30) unreported.
    vi.setSystemTime(new Date('2022-10-10T02:00:00Z'));

    // Act
    const started = await api.call('POST', '/chases', { token: admin, body: { date: '2022-10-10' } });
    await vi.waitFor(
      async () => expect((await api.call('GET', `/chases/${started.body.executionId}`, { token: admin })).body.status).toBe('SUCCEEDED'),
      { timeout: 60_000, interval: 200 },
    );
    const answer = await summary(admin);

    // Assess
    expect(answer).toEqual({ ...(await recounted('2022-10-10')), asOf: answer.asOf });
    const { body: spray } = await api.call('GET', `/tasks/${SPRAY_HUSHAN}`, { token: admin });
    expect(spray.escalation?.level).toBeDefined();
    expect(answer.totals.level.none).toBeLessThan(answer.totals.tasks + answer.totals.status.withdrawn);
  }, 90_000);

  it('turns lights red on the day after the deadline with nobody writing', async () => {
    // Prepare
    const before = await summary(admin);

    // Act: the year's deadlines pass; nothing is written.
    vi.setSystemTime(new Date('2023-01-03T02:00:00Z'));
    const after = await summary(admin);

    // Assess
    expect(after).toEqual({ ...(await recounted('2023-01-03')), asOf: after.asOf });
    expect(after.today).toBe('2023-01-03');
    expect(after.totals.light.red).toBeGreaterThan(before.totals.light.red);
    expect(after.totals.status).toEqual(before.totals.status);
  });

  it('is 404 for a plan that does not exist', async () => {
    // Act
    const answer = await api.call('GET', '/plans/cixi-2099/summary', { token: admin });

    // Assess
    expect(answer.status).toBe(404);
  });
});
