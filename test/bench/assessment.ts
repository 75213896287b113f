import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { LocalStack } from '../../infra/local/local-stack.js';
import type { Templates } from '../../infra/local/template.js';
import { systemClock } from '../../shared/clock/clock.js';
import type { LedgerEntry } from '../../shared/domain/assessment/types.js';
import { calendarForYears } from '../../shared/domain/calendars.js';
import { lateness } from '../../shared/domain/lateness.js';
import { validatePlan } from '../../shared/domain/plan-rules.js';
import type { PlanInput } from '../../shared/domain/plan.js';
import { createRun, getRanking } from '../../shared/store/assessment-runs.js';
import { batchWriteAll } from '../../shared/store/batch.js';
import { savePlan } from '../../shared/store/plans-repo.js';
import { newTaskItem } from '../../shared/store/task-items.js';
import { countCapacity, type OperationTally } from './capacity.js';
import { CHASE_DAY, seededTasks } from './chase.js';
import { onOwnDynamoDb } from './own-dynamodb.js';

/**
 * The year-end assessment over a province-scale plan (BENCHMARKS.md): the chase bench's tasks
 * (10 % due or behind on its day), seeded straight into a fresh table on a DynamoDB Local of its own as the
 * breakdown creates them (`newTaskItem`: a complete, empty ledger), each late task's ledger holding a 通报
 * raised on the chase day; then one run of the synthesized assessment state machine through the local Step
 * Functions endpoint (the real handlers), counted with the breakdown's capacity counter.
 */

const SEED_WRITERS = 16;
const LATE_PERCENT = 10;
const BATCH = 25;

export interface AssessmentFigures {
  units: number;
  tasks: number;
  seedSeconds: number;
  wallSeconds: number;
  itemsRead: number;
  itemsReadPerTask: number;
  /** The units' task Queries (gsi2): one per unit when a unit's tasks fit DynamoDB's 1 MB page. */
  unitQueries: number;
  queriesPerUnit: number;
  itemsReadByOperation: Record<string, number>;
  requests: Record<string, number>;
  readCapacityUnits: number;
  writeCapacityUnits: number;
  scans: number;
  transitions: number;
  batches: number;
  aims: Record<string, { figure: number; aim: string; met: boolean }>;
}

export async function benchAssessment(stack: LocalStack, templates: Templates, input: PlanInput, log: (line: string) => void): Promise<AssessmentFigures> {
  log('assessment: a fresh DynamoDB Local');
  return onOwnDynamoDb(stack.tableName, templates, (client) => assessmentScenario(stack, input, countCapacity(client), log));
}

async function assessmentScenario(
  stack: LocalStack,
  input: PlanInput,
  counter: ReturnType<typeof countCapacity>,
  log: (line: string) => void,
): Promise<AssessmentFigures> {
  const checked = validatePlan(input);
  if (!checked.ok) throw new Error('benchmark plan is invalid');
  const plan = checked.value;
  const calendar = calendarForYears([plan.year]);
  await savePlan(plan, 'bench', systemClock);
  const tasks = seededTasks(plan, CHASE_DAY, calendar, LATE_PERCENT);
  log(`assessment: seeding ${tasks.length} tasks of ${plan.units.length} units`);
  const seedStarted = performance.now();
  await batchWriteAll(
    tasks.map((task) => {
      const late = lateness(task, CHASE_DAY, calendar, plan.tracking) !== null;
      const ledger: LedgerEntry[] = late
        ? [{ v: task.version + 1, type: 'escalated', at: `${CHASE_DAY}T01:00:00.000Z`, level: 'notice', period: `behind:${CHASE_DAY}` }]
        : [];
      return { PutRequest: { Item: { ...newTaskItem(late ? { ...task, version: task.version + 1 } : task, undefined, plan.tracking), ledger } } };
    }),
    { concurrency: SEED_WRITERS },
  );
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  log(`  seeded in ${round(seedSeconds)} s`);

  const runId = 'bench-assessment';
  await createRun({ runId, year: plan.year, dryRun: false, startedAt: new Date().toISOString(), startedBy: 'bench' }, systemClock);
  const machine = stack.runner.stateMachines.find((m) => m.definition.StartAt === 'PrepareAssessment');
  if (!machine) throw new Error('no assessment state machine in the synthesized templates');
  const sfn = new SFNClient({ endpoint: stack.sfnEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  try {
    log('assessment: one run');
    counter.reset();
    const started = performance.now();
    const execution = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name: runId, input: JSON.stringify({ year: plan.year, runId }) }));
    const done = await stack.runner.wait(execution.executionArn!);
    const wallSeconds = (performance.now() - started) / 1000;
    const tally = structuredClone(counter.tally);
    if (done.status !== 'SUCCEEDED') throw new Error(`assessment ${done.status}: ${done.error} ${done.cause}`);
    const ranked = (await getRanking(plan.year, runId))?.length ?? 0;
    // The lead departments carry no task of their own: they are not assessed.
    const assessed = new Set(tasks.map((task) => task.unitId)).size;
    if (ranked !== assessed) throw new Error(`assessment ranked ${ranked} of the ${assessed} units with tasks`);

    const op = (name: string): OperationTally => tally.byOperation[name] ?? { requests: 0, itemsRead: 0, readCapacityUnits: 0, writeCapacityUnits: 0 };
    const units = plan.units.length;
    const batches = Math.ceil(units / BATCH);
    const unitQueries = op('Query gsi2').requests;
    // Each task once (gsi2), each unit's score (Rank) and lines (Publish), the plan's items (plan, goals, units)
    // by Prepare and once per process that scores (here one process runs every function), and a few items per run.
    const planItems = 1 + plan.goals.length + units;
    const readsAim = tasks.length + 2 * units + 2 * planItems + 50;
    const transitionsAim = batches * 3 + 10;
    const figures: AssessmentFigures = {
      units,
      tasks: tasks.length,
      seedSeconds: round(seedSeconds),
      wallSeconds: round(wallSeconds),
      itemsRead: tally.itemsRead,
      itemsReadPerTask: round(tally.itemsRead / tasks.length, 3),
      unitQueries,
      queriesPerUnit: round(unitQueries / units, 3),
      itemsReadByOperation: Object.fromEntries(
        Object.entries(tally.byOperation)
          .filter(([, operation]) => operation.itemsRead > 0)
          .map(([name, operation]) => [name, operation.itemsRead]),
      ),
      requests: Object.fromEntries(Object.entries(tally.byOperation).map(([name, operation]) => [name, operation.requests])),
      readCapacityUnits: round(tally.readCapacityUnits),
      writeCapacityUnits: round(tally.writeCapacityUnits),
      scans: tally.scans,
      transitions: done.stateTransitions,
      batches,
      aims: {
        itemsRead: { figure: tally.itemsRead, aim: `≤ ${tasks.length} tasks + 2 × ${units} units + 2 × ${planItems} plan items + 50 = ${readsAim}`, met: tally.itemsRead <= readsAim },
        unitQueries: { figure: unitQueries, aim: `≤ ${units} (one per unit)`, met: unitQueries <= units },
        scans: { figure: tally.scans, aim: '0', met: tally.scans === 0 },
        transitions: { figure: done.stateTransitions, aim: `≤ ${batches} batches × 3 + 10 = ${transitionsAim}`, met: done.stateTransitions <= transitionsAim },
      },
    };
    log(`  ${figures.wallSeconds} s: ${figures.itemsRead} items read (${figures.itemsReadPerTask} per task), ${unitQueries} unit Queries, ${figures.transitions} transitions`);
    return figures;
  } finally {
    sfn.destroy();
  }
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
