import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { createTable, tableDefinition } from '../../infra/local/table.js';
import type { Templates } from '../../infra/local/template.js';
import { validatePlan } from '../../shared/domain/plan-rules.js';
import type { PlanInput } from '../../shared/domain/plan.js';
import { batchWriteAll } from '../../shared/store/batch.js';
import { desiredTasks } from '../../shared/store/goal-task-decisions.js';
import { toTaskItem } from '../../shared/store/task-items.js';
import { countCapacity, type CapacityTally } from './capacity.js';

export interface BreakdownFigures {
  tasks: number;
  wallSeconds: number;
  tasksPerSecond: number;
  floorTasksPerSecond: number;
  ratioToFloor: number;
  writeRequestsPerTask: number;
  wcuPerTask: number;
  transitions: number;
  rerunWallSeconds: number;
  /** Writes to tasks, their events and notifications on a re-run of the unchanged plan. */
  rerunWrites: number;
  /** The re-run's own records: the plan's lock, the run record, one progress item per goal. */
  rerunBookkeepingWrites: number;
  rerunItemsReadPerTask: number;
  rerunTransitions: number;
  scans: number;
  floorConcurrency: number;
}

/** Chunks in flight during a breakdown: the Map's MaxConcurrency (4 goals) × batchWriteAll's 4 chunks per goal. */
const BREAKDOWN_WRITERS = 16;

export async function benchBreakdown(
  stack: LocalStack,
  templates: Templates,
  plan: PlanInput,
  counter: ReturnType<typeof countCapacity>,
  log: (line: string) => void,
): Promise<BreakdownFigures> {
  // First, on the fresh server, and its table dropped after: DynamoDB Local slows as it holds more,
  // so the floor must not run on a server the breakdown has already filled (nor the other way round).
  log('floor: plain BatchWriteItem of the same items');
  const floorSeconds = await writeFloor(stack, templates, plan);

  await api(stack, 'POST', '/plans', plan);

  log('breakdown: first run');
  counter.reset();
  const first = await runBreakdown(stack, plan.id);
  const firstTally = { ...counter.tally };
  const tasks = first.tasks;

  log('breakdown: re-run of the unchanged plan');
  counter.reset();
  const rerun = await runBreakdown(stack, plan.id);
  const rerunTally = { ...counter.tally };

  const writeRequests = (tally: CapacityTally) => tally.dataWriteRequests + tally.bookkeepingWriteRequests;
  const tasksPerSecond = tasks / first.wallSeconds;
  const floorTasksPerSecond = tasks / floorSeconds;
  return {
    tasks,
    wallSeconds: round(first.wallSeconds),
    tasksPerSecond: round(tasksPerSecond),
    floorTasksPerSecond: round(floorTasksPerSecond),
    ratioToFloor: round(tasksPerSecond / floorTasksPerSecond, 3),
    writeRequestsPerTask: round(writeRequests(firstTally) / tasks, 4),
    wcuPerTask: round(firstTally.writeCapacityUnits / tasks, 3),
    transitions: first.transitions,
    rerunWallSeconds: round(rerun.wallSeconds),
    rerunWrites: rerunTally.dataWriteRequests,
    rerunBookkeepingWrites: rerunTally.bookkeepingWriteRequests,
    rerunItemsReadPerTask: round(rerunTally.itemsRead / tasks, 3),
    rerunTransitions: rerun.transitions,
    scans: firstTally.scans + rerunTally.scans,
    floorConcurrency: BREAKDOWN_WRITERS,
  };
}

async function runBreakdown(stack: LocalStack, planId: string): Promise<{ tasks: number; wallSeconds: number; transitions: number }> {
  const started = performance.now();
  const { executionId } = await api<{ executionId: string }>(stack, 'POST', `/plans/${planId}/breakdowns`);
  const machine = stack.runner.stateMachines.find((m) => m.logicalId.startsWith('Breakdown'))!;
  const execution = stack.runner.list(machine.arn).executions.find((e) => e.name === executionId)!;
  const done = await stack.runner.wait(execution.executionArn);
  const wallSeconds = (performance.now() - started) / 1000;
  if (done.status !== 'SUCCEEDED') throw new Error(`breakdown ${done.status}: ${done.error} ${done.cause}`);
  const output = JSON.parse(done.output ?? '{}') as { tasks: { total: number } };
  return { tasks: output.tasks.total, wallSeconds, transitions: done.stateTransitions };
}

/** The same task items, written with nothing but BatchWriteItem into a fresh table of the same definition, then dropped. */
async function writeFloor(stack: LocalStack, templates: Templates, input: PlanInput): Promise<number> {
  const checked = validatePlan(input);
  if (!checked.ok) throw new Error('benchmark plan is invalid');
  const plan = checked.value;
  const now = new Date().toISOString();
  const executionId = randomUUID();
  const items = plan.goals.flatMap((goal) =>
    desiredTasks(plan, goal, 1, now).map((task) => toTaskItem(task, { executionId, change: 'created' }, plan.tracking)),
  );
  const floorTable = `floor-${executionId}`;
  const client = new DynamoDBClient({ endpoint: stack.dynamodbEndpoint });
  await createTable(client, tableDefinition(templates.stateful), floorTable);
  const tableOfTheStack = process.env.TABLE_NAME;
  process.env.TABLE_NAME = floorTable;
  try {
    const started = performance.now();
    await batchWriteAll(items.map((Item) => ({ PutRequest: { Item } })), { concurrency: BREAKDOWN_WRITERS });
    return (performance.now() - started) / 1000;
  } finally {
    process.env.TABLE_NAME = tableOfTheStack;
    await client.send(new DeleteTableCommand({ TableName: floorTable }));
    client.destroy();
  }
}

/** One call of the stack's API, as the admin unless another token is given; a failure throws. */
export async function api<T = unknown>(stack: LocalStack, method: string, path: string, body?: unknown, token = stack.adminToken): Promise<T> {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const payload = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(payload)}`);
  return payload;
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
