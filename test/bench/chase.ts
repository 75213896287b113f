import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { LocalStack } from '../../infra/local/local-stack.js';
import type { Templates } from '../../infra/local/template.js';
import { systemClock } from '../../shared/clock/clock.js';
import { addWorkingDays, type WorkCalendar } from '../../shared/domain/calendar.js';
import { calendarForYears } from '../../shared/domain/calendars.js';
import { lateness, levelLabels, levelReached, levels } from '../../shared/domain/lateness.js';
import { expectedShare } from '../../shared/domain/light.js';
import { validatePlan } from '../../shared/domain/plan-rules.js';
import type { Plan, PlanInput } from '../../shared/domain/plan.js';
import type { Task, TaskProgress } from '../../shared/domain/task.js';
import type { Tracking } from '../../shared/domain/tracking.js';
import { batchWriteAll } from '../../shared/store/batch.js';
import { escalationsOfDay } from '../../shared/store/escalations.js';
import { mulberry32 } from '../../shared/simulate/random.js';
import { desiredTasks } from '../../shared/store/goal-task-decisions.js';
import { savePlan } from '../../shared/store/plans-repo.js';
import { toTaskItem } from '../../shared/store/task-items.js';
import { countCapacity, type CapacityTally, type OperationTally } from './capacity.js';
import { onOwnDynamoDb } from './own-dynamodb.js';

/**
 * The chase over a province-scale plan (BENCHMARKS.md): the plan's tasks seeded straight into a
 * fresh table on a DynamoDB Local of its own (BatchWriteItem of the items the breakdown's own builders
 * make, `toTaskItem` with the plan's tracking, so each task's gsi3 key is the check date production writes),
 * with progress such that exactly `latePercent` % of them are due or behind on the chase day and the rest
 * are on track; then the synthesized chase state machine started through the local Step Functions endpoint
 * (the real handlers), counted with the breakdown's capacity counter: the day's first run, a re-run of the
 * day, and the next working day.
 */

/**
 * Wednesday 13 April 2022, eight working days after the first quarter's milestone (31 March; Qingming
 * 3–5 April, Saturday 2 April worked): a quantity short of its first-quarter share is 督办 by now, an
 * indicator off its target climbs from its report's day. No goal of the plan is due soon yet (the first
 * deadline is 28 June), so an on-track task's check date is its next milestone or its reminder day.
 */
export const CHASE_DAY = '2022-04-13';

/** Chunks in flight while seeding, as the breakdown's floor writes them. */
const SEED_WRITERS = 16;

export interface ChaseRunFigures {
  wallSeconds: number;
  /** Every item DynamoDB read for the run (ScannedCount of Queries, GetItem, BatchGetItem). */
  itemsRead: number;
  /** Of which the chase's own index (gsi3 Queries: the candidates). */
  indexItemsRead: number;
  itemsReadByOperation: Record<string, number>;
  readCapacityUnits: number;
  writeCapacityUnits: number;
  requests: Record<string, number>;
  scans: number;
  /** Levels raised (one TransactWriteItems each: the task, its `escalated` event, the escalation item). */
  escalationWrites: number;
  /** Notifications written (the digests' PutItems). */
  notificationWrites: number;
  /** The run's output (`{ date, examined, escalations, notifications }`). */
  output: { examined: number; escalations: Record<string, number>; notifications: number };
  /** ChasePage invocations: one gsi3 Query each. */
  pages: number;
  transitions: number;
}

/** One run of the chase, with what the domain says it should find and the aims the chase is held to. */
export interface ChaseDayFigures extends ChaseRunFigures {
  day: string;
  /** Tasks on which `lateness(task, day)` is not null: computed from the pure domain, not from the index. */
  dueOrBehind: number;
  /** Units with escalations of the day (from the stored escalations), and whether the leaders have news (通报/约谈). */
  unitsWithNews: number;
  leadersWithNews: boolean;
  aims: Record<string, { figure: number; aim: string; met: boolean }>;
}

export interface ChaseScenarioFigures {
  latePercent: number;
  tasks: number;
  seedSeconds: number;
  /** On the chase day, of the tasks due or behind, those that reached a level of the ladder (`levelReached`), by level. */
  expectedEscalations: Record<string, number>;
  /** The chase day, no escalation raised before: every task due or behind that reached a level is escalated. */
  first: ChaseDayFigures;
  /** The same day again: nothing to raise, nothing to send. */
  rerun: ChaseDayFigures;
  /** The next working day, as the daily schedule runs it: only the tasks that climb a level that day are written. */
  nextDay: ChaseDayFigures;
}

export async function benchChase(
  stack: LocalStack,
  templates: Templates,
  input: PlanInput,
  latePercent: number,
  log: (line: string) => void,
): Promise<ChaseScenarioFigures> {
  // Its own DynamoDB Local: the breakdown's tasks (or the other scenario's) are neither read nor in the way.
  log(`chase ${latePercent} %: a fresh DynamoDB Local`);
  return onOwnDynamoDb(stack.tableName, templates, (client) => chaseScenario(stack, input, latePercent, countCapacity(client), log));
}

async function chaseScenario(
  stack: LocalStack,
  input: PlanInput,
  latePercent: number,
  counter: ReturnType<typeof countCapacity>,
  log: (line: string) => void,
): Promise<ChaseScenarioFigures> {
  const checked = validatePlan(input);
  if (!checked.ok) throw new Error('benchmark plan is invalid');
  const plan = checked.value;
  const calendar = calendarForYears([plan.year]);
  const day = CHASE_DAY;
  const nextDay = addWorkingDays(calendar, day, 1);

  await savePlan(plan, 'bench', systemClock);
  const tasks = seededTasks(plan, day, calendar, latePercent);
  log(`chase ${latePercent} %: seeding ${tasks.length} tasks`);
  const seedStarted = performance.now();
  await batchWriteAll(
    tasks.map((task) => ({ PutRequest: { Item: toTaskItem(task, undefined, plan.tracking) } })),
    { concurrency: SEED_WRITERS },
  );
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  log(`  seeded in ${round(seedSeconds)} s`);

  // What the chase should find, from the domain alone.
  const dueOrBehindOn = (date: string) => tasks.filter((task) => lateness(task, date, calendar, plan.tracking) !== null).length;
  const expected = Object.fromEntries(levels.map((level) => [levelLabels[level], 0]));
  for (const task of tasks) {
    const late = lateness(task, day, calendar, plan.tracking);
    const level = late && levelReached(late, plan.tracking.ladder);
    if (level) expected[levelLabels[level]]!++;
  }

  const sfn = new SFNClient({ endpoint: stack.sfnEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const chaseDay = async (date: string, run: string): Promise<ChaseDayFigures> => {
    log(`chase ${latePercent} %: ${run} (${date})`);
    const figures = await runChase(stack, sfn, date, `bench-chase-${latePercent}-${run}`, counter);
    log(`  ${figures.wallSeconds} s: ${figures.itemsRead} items read (${figures.indexItemsRead} on gsi3), ${figures.escalationWrites} escalations, ${figures.notificationWrites} notifications, ${figures.pages} pages, ${figures.transitions} transitions`);
    const raised = await escalationsOfDay(date);
    const units = new Set(raised.map((escalation) => escalation.unitId)).size;
    const leadersWithNews = raised.some((escalation) => escalation.level === 'notice' || escalation.level === 'summon');
    const dueOrBehind = dueOrBehindOn(date);
    const itemsAim = 1.2 * dueOrBehind;
    const recipients = units + (leadersWithNews ? 1 : 0);
    // A re-run sends nothing: the digests of the day were written by the first run.
    const notifications = figures.notificationWrites;
    const aims = {
      itemsRead: { figure: figures.itemsRead, aim: `≤ 1.2 × ${dueOrBehind} due or behind = ${round(itemsAim, 1)}`, met: figures.itemsRead <= itemsAim },
      indexItemsRead: { figure: figures.indexItemsRead, aim: `≤ ${round(itemsAim, 1)} (the index alone)`, met: figures.indexItemsRead <= itemsAim },
      scans: { figure: figures.scans, aim: '0', met: figures.scans === 0 },
      notifications: {
        figure: notifications,
        aim: `≤ ${units} units with news${leadersWithNews ? ' + the leaders’ digest' : ''} = ${recipients}`,
        met: notifications <= recipients,
      },
      transitions: { figure: figures.transitions, aim: `≤ ${figures.pages} pages × 3 + 10 = ${figures.pages * 3 + 10}`, met: figures.transitions <= figures.pages * 3 + 10 },
    };
    return { day: date, dueOrBehind, unitsWithNews: units, leadersWithNews, ...figures, aims };
  };
  try {
    const first = await chaseDay(day, 'first');
    const rerun = await chaseDay(day, 'rerun');
    const next = await chaseDay(nextDay, 'next-day');
    return { latePercent, tasks: tasks.length, seedSeconds: round(seedSeconds), expectedEscalations: expected, first, rerun, nextDay: next };
  } finally {
    sfn.destroy();
  }
}

async function runChase(
  stack: LocalStack,
  sfn: SFNClient,
  date: string,
  name: string,
  counter: ReturnType<typeof countCapacity>,
): Promise<ChaseRunFigures> {
  const machine = stack.runner.stateMachines.find((m) => m.definition.StartAt === 'PlanChase');
  if (!machine) throw new Error('no chase state machine in the synthesized templates');
  counter.reset();
  const started = performance.now();
  const execution = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name, input: JSON.stringify({ date }) }));
  const done = await stack.runner.wait(execution.executionArn!);
  const wallSeconds = (performance.now() - started) / 1000;
  const tally: CapacityTally = structuredClone(counter.tally);
  if (done.status !== 'SUCCEEDED') throw new Error(`chase ${done.status}: ${done.error} ${done.cause}`);
  const output = JSON.parse(done.output ?? '{}') as ChaseRunFigures['output'];
  const op = (name: string): OperationTally => tally.byOperation[name] ?? { requests: 0, itemsRead: 0, readCapacityUnits: 0, writeCapacityUnits: 0 };
  return {
    wallSeconds: round(wallSeconds),
    itemsRead: tally.itemsRead,
    indexItemsRead: op('Query gsi3').itemsRead,
    itemsReadByOperation: Object.fromEntries(
      Object.entries(tally.byOperation)
        .filter(([, operation]) => operation.itemsRead > 0)
        .map(([operationName, operation]) => [operationName, operation.itemsRead]),
    ),
    readCapacityUnits: round(tally.readCapacityUnits),
    writeCapacityUnits: round(tally.writeCapacityUnits),
    requests: Object.fromEntries(Object.entries(tally.byOperation).map(([operationName, operation]) => [operationName, operation.requests])),
    scans: tally.scans,
    escalationWrites: op('TransactWriteItems').requests,
    notificationWrites: op('PutItem').requests,
    output: { examined: output.examined, escalations: output.escalations, notifications: output.notifications },
    pages: op('Query gsi3').requests,
    transitions: done.stateTransitions,
  };
}

/**
 * The plan's tasks as the breakdown creates them (`desiredTasks`), then as the units have reported by the
 * chase day: exactly `round(tasks × latePercent / 100)` of them, drawn at random (seeded) among those that
 * can be late on the day, are due or behind — a quantity short of its share by more than the margin, an
 * indicator off its target since a report 1–12 working days ago, anything not done in its reminder window —
 * and every other task is on track: a quantity has reported its share, an indicator a value within its
 * target or nothing, an action nothing; in a reminder window the work is done (an indicator's close-out
 * requested); past its deadline the task is closed. Each task is checked against `lateness`.
 */
export function seededTasks(plan: Plan, day: string, calendar: WorkCalendar, latePercent: number, seed = 4): Task[] {
  const next = mulberry32(seed);
  const now = new Date().toISOString();
  const created = plan.goals.flatMap((goal) => desiredTasks(plan, goal, 1, now));
  const inWindow = (task: Task) =>
    lateness({ ...task, kind: 'action', target: null, progress: null }, day, calendar, plan.tracking) !== null;
  const canBeLate = created.map((task, i) => (task.kind !== 'action' || inWindow(task) ? i : -1)).filter((i) => i >= 0);
  const lateCount = Math.round((created.length * latePercent) / 100);
  if (lateCount > canBeLate.length) throw new Error(`only ${canBeLate.length} tasks can be late on ${day}, ${lateCount} asked`);
  // A partial Fisher–Yates shuffle: the first lateCount of canBeLate are the late ones.
  for (let i = 0; i < lateCount; i++) {
    const j = i + Math.floor(next() * (canBeLate.length - i));
    [canBeLate[i], canBeLate[j]] = [canBeLate[j]!, canBeLate[i]!];
  }
  const late = new Set(canBeLate.slice(0, lateCount));
  return created.map((task, i) => {
    const seeded = late.has(i) ? lateTask(task, day, calendar, plan.tracking, next) : onTrackTask(task, day, calendar, plan.tracking, next, inWindow(task));
    if ((lateness(seeded, day, calendar, plan.tracking) !== null) !== late.has(i))
      throw new Error(`seeding: task ${task.id} should be ${late.has(i) ? 'late' : 'on track'} on ${day}`);
    return seeded;
  });
}

function reported(task: Task, progress: Omit<TaskProgress, 'reportedBy' | 'reportedAt'>, status: Task['status'] = 'in_progress'): Task {
  return { ...task, status, version: task.version + 1, progress: { ...progress, reportedBy: task.unitId, reportedAt: `${progress.asOf}T02:00:00.000Z` } };
}

function onTrackTask(task: Task, day: string, calendar: WorkCalendar, tracking: Tracking, next: () => number, inWindow: boolean): Task {
  const asOf = addWorkingDays(calendar, day, -1 - Math.floor(next() * 5));
  const target = task.target ?? 0;
  if (day > task.deadline) return { ...reported(task, { asOf, done: target }), status: 'closed' };
  switch (task.kind) {
    case 'quantity':
      return reported(task, { asOf, done: inWindow ? target : Math.min(target, Math.ceil(target * expectedShare(task.milestones, day))) });
    case 'indicator': {
      const value = task.direction === 'at_most' ? Math.floor(target * 0.95) : Math.ceil(target * 1.05);
      if (inWindow) return reported(task, { asOf, value, period: `${task.year}` }, 'closeout_requested');
      return next() < 0.5 ? task : reported(task, { asOf, value, period: `${task.year}-Q1` });
    }
    default:
      return inWindow ? reported(task, { asOf, complete: true }) : task;
  }
}

function lateTask(task: Task, day: string, calendar: WorkCalendar, tracking: Tracking, next: () => number): Task {
  const target = task.target ?? 0;
  switch (task.kind) {
    case 'quantity': {
      const behindBy = Math.max(0, expectedShare(task.milestones, day) - tracking.margin);
      const done = Math.floor(target * behindBy * 0.9 * next());
      return done === 0 && next() < 0.3 ? task : reported(task, { asOf: addWorkingDays(calendar, day, -1 - Math.floor(next() * 5)), done });
    }
    case 'indicator': {
      const off = tracking.margin * Math.abs(target) + 1 + Math.round(next() * 5);
      const value = task.direction === 'at_most' ? target + off : target - off;
      return reported(task, { asOf: addWorkingDays(calendar, day, -1 - Math.floor(next() * 12)), value, period: `${task.year}-Q1` });
    }
    default:
      return task;
  }
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
