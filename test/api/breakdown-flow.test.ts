import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { Handler } from '../../infra/local/functions.js';
import type { LocalStack } from '../../infra/local/local-stack.js';
import type { Goal, Plan } from '../../shared/domain/plan.js';
import type { Task, TaskProgress } from '../../shared/domain/task.js';
import { primaryLead } from '../../shared/domain/leads.js';
import { resolveUnitSet } from '../../shared/domain/unit-sets.js';
import { parsePlanText } from '../../shared/plans/parse-plan-text.js';
import { dynamo } from '../../shared/store/client.js';
import { keys } from '../../shared/store/keys.js';
import { apiClient, type ApiClient, type ApiResponse, type BreakdownRun } from './api-client.js';
import { startTestStack } from '../support/local-stack.js';

// The whole system over real HTTP: the synthesized routes, the real authorizer and handlers, the
// breakdown state machine run locally, DynamoDB Local. One stack and one first breakdown for the file.
const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const plan = planOf(sampleYaml);

/**
 * ValidatePlan, the breakdown's first step, runs the real handler but waits while `validationHeld` is
 * pending: a run can be kept RUNNING for as long as a test needs, without racing it.
 */
let validationHeld: Promise<void> = Promise.resolve();
const heldValidatePlan: Handler = async (event) => {
  await validationHeld;
  const { handler } = await import('../../workflows/breakdown/tasks/validate-plan.js');
  return handler(event);
};

let stack: LocalStack;
let api: ApiClient;
let admin: string;
let firstImport: ApiResponse<any>;
let secondImport: ApiResponse<any>;
let firstStart: ApiResponse<any>;
let firstRun: BreakdownRun;
let tasksAfterFirstRun: Task[];

beforeAll(async () => {
  stack = await startTestStack({ handlers: { 'workflows/breakdown/tasks/validate-plan.ts': heldValidatePlan } });
  api = apiClient(stack.url);
  admin = stack.adminToken;

  firstImport = await api.call('POST', '/plans', { token: admin, body: sampleYaml, contentType: 'application/yaml' });
  secondImport = await api.call('POST', '/plans', { token: admin, body: sampleYaml, contentType: 'application/yaml' });
  firstStart = await api.call('POST', `/plans/${plan.id}/breakdowns`, { token: admin, body: {} });
  firstRun = await api.finishedBreakdown(plan.id, firstStart.body.executionId, admin);
  tasksAfterFirstRun = await planTasks(admin);
});

afterAll(() => stack?.stop());

function planOf(yaml: string): Plan {
  const parsed = parsePlanText(yaml, 'yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

function planTasks(token: string): Promise<Task[]> {
  return api.allPages<Task>(`/plans/${plan.id}/tasks`, token);
}

async function breakDown(): Promise<BreakdownRun> {
  const started = await api.call('POST', `/plans/${plan.id}/breakdowns`, { token: admin, body: {} });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return api.finishedBreakdown(plan.id, started.body.executionId, admin);
}

async function createToken(body: { role: string; unitId?: string }): Promise<string> {
  const created = await api.call<{ token: string }>('POST', '/tokens', { token: admin, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.token;
}

/** What the progress API of a later issue will do: progress and status set, the version bumped. */
async function reportProgress(task: Task, progress: TaskProgress): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: stack.tableName,
      Key: keys.task(task.id),
      UpdateExpression: 'SET #progress = :progress, #status = :status, #version = #version + :one',
      ConditionExpression: '#version = :current',
      ExpressionAttributeNames: { '#progress': 'progress', '#status': 'status', '#version': 'version' },
      ExpressionAttributeValues: { ':progress': progress, ':status': 'in_progress', ':one': 1, ':current': task.version },
    }),
  );
}

async function historyOf(taskId: string): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
      ExpressionAttributeValues: { ':pk': keys.taskPartition(taskId), ':events': 'EVENT#' },
      ConsistentRead: true,
    }),
  );
  return Items;
}

type QuantityGoal = Extract<Goal, { kind: 'quantity' }>;
type IndicatorGoal = Extract<Goal, { kind: 'indicator' }>;

const versionsById = (tasks: Task[]) => Object.fromEntries(tasks.map((task) => [task.id, task.version]));

/** The units a goal's allocation names, read from the plan (the method decides which field names them). */
function allocatedUnits(goal: Goal): string[] {
  const { allocation } = goal;
  if (allocation.method === 'lead') return [primaryLead(goal)];
  if (allocation.method === 'quota') return Object.keys(allocation.quotas);
  return resolveUnitSet(plan, allocation.units).map((unit) => unit.id);
}

describe('importing a plan over HTTP', () => {
  it('answers 201 with the new revision, and a re-import of the same plan changes nothing', () => {
    // Assess
    const counts = { planId: plan.id, goals: plan.goals.length, units: plan.units.length };
    expect(firstImport).toEqual({ status: 201, body: { ...counts, revision: 1, changed: true } });
    expect(secondImport).toEqual({ status: 200, body: { ...counts, revision: 1, changed: false } });
  });
});

describe('the breakdown', () => {
  it('is accepted with an execution id and, polled until done, succeeds with every goal done', () => {
    // Assess
    expect(firstStart.status).toBe(202);
    expect(firstStart.body).toMatchObject({ executionId: expect.any(String), status: 'RUNNING', planId: plan.id, revision: 1 });
    expect(firstRun).toMatchObject({ status: 'SUCCEEDED', goalsTotal: plan.goals.length, goalsDone: plan.goals.length });
    expect(firstRun.tasks).toEqual({ created: tasksAfterFirstRun.length, updated: 0, unchanged: 0, withdrawn: 0 });
  });

  it('gives every unit the plan allocates to its tasks, one per goal and unit, listed across pages', () => {
    // Prepare
    const expectedPairs = plan.goals.flatMap((goal) => allocatedUnits(goal).map((unitId) => `${goal.id}/${unitId}`));
    const towns = resolveUnitSet(plan, 'towns').map((unit) => unit.id);

    // Act
    const pairs = tasksAfterFirstRun.map((task) => `${task.goalId}/${task.unitId}`);
    const unitsWithTasks = new Set(tasksAfterFirstRun.map((task) => task.unitId));

    // Assess
    expect(tasksAfterFirstRun.length).toBeGreaterThan(50); // more than the default page
    expect(new Set(tasksAfterFirstRun.map((task) => task.id)).size).toBe(tasksAfterFirstRun.length);
    expect(pairs.sort()).toEqual(expectedPairs.sort());
    for (const unitId of towns) expect(unitsWithTasks, unitId).toContain(unitId);
    expect(plan.units.filter((unit) => unit.kind === 'department' && unitsWithTasks.has(unit.id)).length).toBeGreaterThan(0);
  });

  it('splits every quantity goal into whole shares that sum exactly to its target, quotas as written', () => {
    for (const goal of plan.goals.filter((g) => g.kind === 'quantity')) {
      // Act
      const shares = tasksAfterFirstRun.filter((task) => task.goalId === goal.id);

      // Assess
      expect(shares.reduce((sum, task) => sum + task.target!, 0), goal.id).toBe(goal.target);
      for (const task of shares) expect(Number.isInteger(task.target) && task.target! > 0, task.id).toBe(true);
      if (goal.allocation.method === 'quota') {
        expect(Object.fromEntries(shares.map((task) => [task.unitId, task.target])), goal.id).toEqual(goal.allocation.quotas);
      }
    }
  });

  it("gives every town of an indicator 'each' goal the goal's target, or its override", () => {
    // Prepare
    const eachIndicators = plan.goals.filter((g): g is IndicatorGoal => g.kind === 'indicator' && g.allocation.method === 'each');
    expect(eachIndicators.length).toBeGreaterThan(0);

    for (const goal of eachIndicators) {
      const overrides = ('overrides' in goal.allocation && goal.allocation.overrides) || {};
      const expected = Object.fromEntries(allocatedUnits(goal).map((unitId) => [unitId, overrides[unitId] ?? goal.target]));

      // Act
      const targets = tasksAfterFirstRun.filter((task) => task.goalId === goal.id).map((task) => [task.unitId, task.target]);

      // Assess
      expect(Object.fromEntries(targets), goal.id).toEqual(expected);
    }
  });

  it("records on every task its goal's kind, lead, co-units, deadline and direction, open at version 1", () => {
    for (const task of tasksAfterFirstRun) {
      // Prepare
      const goal = plan.goals.find((g) => g.id === task.goalId)!;

      // Assess
      expect(task, task.id).toMatchObject({
        id: `${plan.id}.${goal.id}.${task.unitId}`,
        planId: plan.id,
        kind: goal.kind,
        title: goal.title,
        lead: goal.lead,
        coUnits: goal.coUnits ?? [],
        deadline: goal.deadline,
        status: 'assigned',
        progress: null,
        version: 1,
        planRevision: 1,
      });
      if (goal.kind === 'indicator') expect(task.direction, task.id).toBe(goal.direction);
      if (goal.kind === 'action') expect(task.target, task.id).toBeNull();
    }
    expect(tasksAfterFirstRun.some((task) => task.coUnits.length > 0)).toBe(true);
  });
});

describe('who sees which tasks', () => {
  it('shows a unit only its own tasks, hides and refuses the others', async () => {
    // Prepare
    const hushan = await createToken({ role: 'unit', unitId: 'hushan' });
    const hushanIds = tasksAfterFirstRun.filter((task) => task.unitId === 'hushan').map((task) => task.id).sort();
    const othersTask = tasksAfterFirstRun.find((task) => task.unitId === 'guanhaiwei')!;

    // Act
    const viaPlan = await api.allPages<Task>(`/plans/${plan.id}/tasks`, hushan);
    const viaUnit = await api.allPages<Task>('/units/hushan/tasks', hushan);
    const othersTaskForHushan = await api.call('GET', `/tasks/${othersTask.id}`, { token: hushan });
    const othersTaskForAdmin = await api.call('GET', `/tasks/${othersTask.id}`, { token: admin });
    const othersList = await api.call('GET', '/units/guanhaiwei/tasks', { token: hushan });

    // Assess
    expect(hushanIds.length).toBeGreaterThan(0);
    expect(viaPlan.map((task) => task.id).sort()).toEqual(hushanIds);
    expect(viaUnit.map((task) => task.id).sort()).toEqual(hushanIds);
    expect(othersTaskForHushan.status).toBe(404);
    expect(othersTaskForAdmin.status).toBe(200);
    expect(othersList.status).toBe(403);
  });

  it('refuses a request without a token, lets a viewer read every task but not import a plan', async () => {
    // Prepare
    const viewer = await createToken({ role: 'viewer' });

    // Act
    const anonymous = await api.call('GET', `/plans/${plan.id}/tasks`);
    const viewersTasks = await planTasks(viewer);
    const viewersImport = await api.call('POST', '/plans', { token: viewer, body: sampleYaml, contentType: 'application/yaml' });

    // Assess
    expect(anonymous.status).toBe(401);
    expect(viewersTasks.map((task) => task.id).sort()).toEqual(tasksAfterFirstRun.map((task) => task.id).sort());
    expect(viewersImport.status).toBe(403);
  });
});

describe('breaking the plan down again', () => {
  it("keeps a unit's progress and writes nothing when the plan did not change", async () => {
    // Prepare
    const reported = tasksAfterFirstRun.find((task) => task.unitId === 'hushan' && task.kind === 'quantity')!;
    const progress = { asOf: '2022-05-31', done: 3, reportedBy: 'test', reportedAt: '2022-05-31T08:00:00.000Z' };
    await reportProgress((await api.call<Task>('GET', `/tasks/${reported.id}`, { token: admin })).body, progress);
    const before = await planTasks(admin);

    // Act
    const rerun = await breakDown();
    const after = await planTasks(admin);

    // Assess
    expect(rerun.status).toBe('SUCCEEDED');
    expect(rerun.tasks).toEqual({ created: 0, updated: 0, unchanged: before.length, withdrawn: 0 });
    expect(after).toHaveLength(before.length);
    expect(versionsById(after)).toEqual(versionsById(before));
    expect(after.find((task) => task.id === reported.id)).toMatchObject({ progress, status: 'in_progress' });
  });

  it("revises only the changed shares of a revised goal, keeping progress, bumping only their versions, with history", async () => {
    // Prepare: the plan file with one quantity goal's target raised, and progress on every task of that goal.
    const goal = plan.goals.find((g): g is QuantityGoal => g.id === 'vocs-projects' && g.kind === 'quantity')!;
    const newTarget = goal.target + 1;
    const revisedYaml = parseDocument(sampleYaml);
    revisedYaml.setIn(['goals', plan.goals.indexOf(goal), 'target'], newTarget);
    const progress = { asOf: '2022-06-30', done: 1, reportedBy: 'test', reportedAt: '2022-06-30T08:00:00.000Z' };
    for (const task of (await planTasks(admin)).filter((t) => t.goalId === goal.id)) await reportProgress(task, progress);
    const before = await planTasks(admin);

    // Act
    const imported = await api.call('POST', '/plans', { token: admin, body: revisedYaml.toString(), contentType: 'application/yaml' });
    const run = await breakDown();
    const after = await planTasks(admin);

    // Assess
    expect(imported).toMatchObject({ status: 201, body: { revision: 2, changed: true } });
    expect(run.status).toBe('SUCCEEDED');
    const targetBefore = new Map(before.map((task) => [task.id, task.target]));
    const revised = after.filter((task) => task.target !== targetBefore.get(task.id));
    const goalTasks = after.filter((task) => task.goalId === goal.id);
    expect(revised.length).toBeGreaterThan(0);
    expect(revised.length).toBeLessThan(goalTasks.length);
    expect(revised.every((task) => task.goalId === goal.id)).toBe(true);
    expect(goalTasks.reduce((sum, task) => sum + task.target!, 0)).toBe(newTarget);
    expect(run.tasks).toEqual({ created: 0, updated: revised.length, unchanged: before.length - revised.length, withdrawn: 0 });
    const revisedIds = new Set(revised.map((task) => task.id));
    expect(versionsById(after)).toEqual(
      Object.fromEntries(before.map((task) => [task.id, task.version + (revisedIds.has(task.id) ? 1 : 0)])),
    );
    for (const task of goalTasks) expect(task, task.id).toMatchObject({ progress, status: 'in_progress' });

    const sample = revised[0]!;
    const shown = await api.call<Task>('GET', `/tasks/${sample.id}`, { token: admin });
    expect(shown.body).toMatchObject({ target: sample.target, version: sample.version, planRevision: 2, progress });
    expect(await historyOf(sample.id)).toEqual([
      expect.objectContaining({
        entity: 'taskEvent',
        type: 'target_revised',
        version: sample.version,
        from: { target: targetBefore.get(sample.id) },
        to: { target: sample.target },
        by: `breakdown:${run.executionId}`,
      }),
    ]);
  });

  it('refuses a second breakdown of the plan while one is running, and the running one finishes', async () => {
    // Prepare: runs started from now on wait in ValidatePlan until released.
    let release!: () => void;
    validationHeld = new Promise((resolve) => (release = resolve));
    const start = () => api.call('POST', `/plans/${plan.id}/breakdowns`, { token: admin, body: {} });

    // Act
    const together = await Promise.all([start(), start()]);
    const whileRunning = await start();
    release();

    // Assess
    expect(together.map((response) => response.status).sort()).toEqual([202, 409]);
    expect(whileRunning.status).toBe(409);
    expect(whileRunning.body).toMatchObject({ error: 'conflict', message: expect.stringContaining('already running') });
    const accepted = together.find((response) => response.status === 202)!;
    expect((await api.finishedBreakdown(plan.id, accepted.body.executionId, admin)).status).toBe('SUCCEEDED');
  });
});

describe('bad input over HTTP', () => {
  it('answers 400 naming every problem of a plan, and imports nothing of it', async () => {
    // Prepare
    const broken = {
      id: 'broken-2022',
      name: '有问题的计划',
      year: 2022,
      units: [
        { id: 'hushan', name: '浒山街道', kind: 'street' },
        { id: 'eco-bureau', name: '慈溪分局', kind: 'department' },
      ],
      goals: [
        { id: 'eco-plan', title: '修编规划', kind: 'action', deadline: '2022-13-01', lead: 'eco-bureau', allocation: { method: 'lead' } },
        {
          id: 'vocs',
          title: 'VOCs 治理',
          kind: 'quantity',
          target: 10,
          unitOfMeasure: '个',
          deadline: '2022-12-31',
          lead: 'epb',
          allocation: { method: 'quota', quotas: { hushan: 3 } },
        },
        { id: 'campaign', title: '攻坚方案', kind: 'action', deadline: '2022-04-30', lead: 'eco-bureau', colour: 'red', allocation: { method: 'lead' } },
      ],
    };

    // Act
    const response = await api.call('POST', '/plans', { token: admin, body: broken });
    const afterwards = await api.call('GET', `/plans/${broken.id}`, { token: admin });

    // Assess
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_input', message: expect.stringMatching(/.+ \/ .+/) });
    const fields = response.body.fields.map((f: { path: string; rule: string }) => `${f.path} ${f.rule}`);
    expect(fields).toEqual([
      'goals[0].deadline date',
      'goals[1].allocation.quotas shares_sum',
      'goals[1].lead unknown_unit',
      'goals[2].colour unknown_field',
    ]);
    const described = { path: expect.any(String), rule: expect.any(String), message: expect.any(String), messageZh: expect.any(String) };
    for (const field of response.body.fields) expect(field).toEqual({ ...described, itemId: expect.any(String) });
    // Each names its goal by id.
    expect(response.body.fields.map((f: { itemId: string }) => f.itemId)).toEqual([broken.goals[0]!.id, broken.goals[1]!.id, broken.goals[1]!.id, 'campaign']);
    expect(afterwards.status).toBe(404);
  });

  it('answers 400 naming limit=0 and an unknown query parameter', async () => {
    // Act
    const zeroLimit = await api.call('GET', `/plans/${plan.id}/tasks?limit=0`, { token: admin });
    const unknown = await api.call('GET', `/plans/${plan.id}/tasks?colour=red`, { token: admin });

    // Assess
    expect(zeroLimit.status).toBe(400);
    expect(zeroLimit.body.fields).toEqual([expect.objectContaining({ path: 'limit' })]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual([expect.objectContaining({ path: 'colour', rule: 'unknown_field' })]);
  });
});
