import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { systemClock } from '../../shared/clock/clock.js';
import { dynamo } from '../../shared/store/client.js';
import { keys } from '../../shared/store/keys.js';
import { rebuildPlanSummary } from '../../shared/store/plan-summary.js';
import { validatePlan } from '../../shared/domain/plan-rules.js';
import { loadPlan, savePlan } from '../../shared/store/plans-repo.js';
import { tableName } from '../../shared/store/table.js';
import type { PlanInput } from '../../shared/domain/plan.js';
import { api } from './breakdown.js';
import type { CapacityTally, countCapacity } from './capacity.js';
import { benchTaskChanges, figuresOf, type OperationFigures } from './task-changes.js';

export interface ReadFigures extends OperationFigures {
  /** Wall time of the request over loopback: the median of `runs`. */
  medianMs: number;
  runs: number[];
  bytes: number;
}

export interface SummaryFigures {
  tasks: number;
  units: number;
  goals: number;
  breakdownWallSeconds: number;
  /** What the breakdown's finish adds: every row counted again from the tasks (measured alone, as the finish runs it). */
  rebuild: { wallSeconds: number; rows: number; tasksRead: number; requests: Record<string, number>; itemsRead: number; readCapacityUnits: number; writeCapacityUnits: number };
  /** `GET /plans/{planId}/summary` (admin, every row) and `GET /public/plans/{planId}/progress`. */
  reads: ReadFigures[];
  /** One call of each task route, its summary rows included. */
  taskChanges: OperationFigures[];
  /** Sizes of the stored rows: a change's delta is written to one unit row and one goal row. */
  rowBytes: { unit: number; goal: number };
}

/**
 * The plan summary at province scale (`npm run bench -- --only summary`): the plan stored and broken down
 * over HTTP (the breakdown's finish rebuilds the rows), the rebuild alone as the finish runs it, the
 * summary's and the public progress's reads, and what the task routes cost with the rows they move.
 */
export async function benchSummary(stack: LocalStack, plan: PlanInput, counter: ReturnType<typeof countCapacity>, log: (line: string) => void): Promise<SummaryFigures> {
  const { tasks, wallSeconds: breakdownWallSeconds } = await storeAndBreakDown(stack, plan, log);

  log('summary: the rebuild alone');
  const stored = (await loadPlan(plan.id))!;
  counter.reset();
  const rebuildStarted = performance.now();
  const rebuilt = await rebuildPlanSummary(stored.plan, systemClock);
  const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
  const rebuildTally: CapacityTally = counter.tally;

  log('summary: reads');
  await api(stack, 'POST', `/plans/${plan.id}/disclosure`, {});
  const reads = [
    await measureRead(stack, counter, 'GET /plans/{id}/summary', `/plans/${plan.id}/summary`),
    await measureRead(stack, counter, 'GET /public/plans/{id}/progress', `/public/plans/${plan.id}/progress`),
  ];

  log('summary: task changes with their rows');
  const taskChanges = await benchTaskChanges(stack, { id: plan.id, year: plan.year }, counter);
  const rowBytes = {
    unit: await rowSize(plan.id, `UNIT#${plan.units[0]!.id}`),
    goal: await rowSize(plan.id, `GOAL#${plan.goals[0]!.id}`),
  };
  return {
    tasks,
    units: plan.units.length,
    goals: plan.goals.length,
    breakdownWallSeconds,
    rebuild: {
      wallSeconds: round(rebuildSeconds),
      rows: rebuilt.rows,
      tasksRead: rebuilt.tasks,
      requests: { ...rebuildTally.requests },
      itemsRead: rebuildTally.itemsRead,
      readCapacityUnits: round(rebuildTally.readCapacityUnits),
      writeCapacityUnits: round(rebuildTally.writeCapacityUnits),
    },
    reads,
    taskChanges,
    rowBytes,
  };
}

/** The province plan stored and broken down over HTTP, as the bureau would (its finish rebuilds the summary). */
export async function storeAndBreakDown(stack: LocalStack, plan: PlanInput, log: (line: string) => void): Promise<{ tasks: number; wallSeconds: number }> {
  // Stored by the store's own code: a 1,500-unit plan over HTTP may outlast the plans function's 10 s on a busy machine.
  const checked = validatePlan(plan);
  if (!checked.ok) throw new Error('the benchmark plan is invalid');
  await savePlan(checked.value, 'bench', systemClock);
  log('province plan: breakdown over HTTP (its finish rebuilds the summary)');
  const started = performance.now();
  const { executionId } = await api<{ executionId: string }>(stack, 'POST', `/plans/${plan.id}/breakdowns`);
  const machine = stack.runner.stateMachines.find((m) => m.logicalId.startsWith('Breakdown'))!;
  const execution = stack.runner.list(machine.arn).executions.find((e) => e.name === executionId)!;
  const done = await stack.runner.wait(execution.executionArn);
  if (done.status !== 'SUCCEEDED') throw new Error(`breakdown ${done.status}: ${done.error} ${done.cause}`);
  const tasks = (JSON.parse(done.output ?? '{}') as { tasks: { total: number } }).tasks.total;
  return { tasks, wallSeconds: round((performance.now() - started) / 1000) };
}

/** The first call warms the function and the authorizer's cache; then 5 timed calls, the last one counted. */
async function measureRead(stack: LocalStack, counter: ReturnType<typeof countCapacity>, operation: string, path: string): Promise<ReadFigures> {
  const get = async () => {
    const response = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${stack.adminToken}` } });
    const body = await response.arrayBuffer();
    if (!response.ok) throw new Error(`GET ${path} → ${response.status}`);
    return body.byteLength;
  };
  await get();
  const runs: number[] = [];
  let bytes = 0;
  for (let run = 0; run < 5; run++) {
    counter.reset();
    const started = performance.now();
    bytes = await get();
    runs.push(Math.round(performance.now() - started));
  }
  return { ...figuresOf(operation, counter.tally), medianMs: [...runs].sort((a, b) => a - b)[2]!, runs, bytes };
}

/** Bytes of a stored row as DynamoDB sizes items: attribute names plus values (numbers taken at their digits). */
async function rowSize(planId: string, row: string): Promise<number> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.planSummaryRow(planId, row) }));
  return Object.entries(Item ?? {}).reduce((sum, [name, value]) => sum + name.length + String(value).length, 0);
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
