import { localDate, type Clock } from '../clock/clock.js';
import type { Level } from '../domain/lateness.js';
import { expectedShare, type Light } from '../domain/light.js';
import { joinLeadNames, taskLeads } from '../domain/leads.js';
import type { Direction, GoalKind, Plan, Tracking } from '../domain/plan.js';
import { floorWords, relativeWords } from '../domain/target.js';
import type { Task, TaskStatus } from '../domain/task.js';
import { viewOf } from '../tasks/task-view.js';

/*
 * The 台账 (ledger) of a plan: one row per task a unit still owns, grouped by unit in plan order and by goal
 * in plan order within a unit — what a bureau sends to its towns and what its desk files. Pure: the tasks,
 * the plan and the clock in, rows out; the light and 序时进度 are the domain's (shared/domain/light.ts).
 */

export type LedgerPlan = Pick<Plan, 'id' | 'name' | 'year' | 'units' | 'goals'> & { timezone: string; tracking: Tracking };

export interface LedgerRow {
  /** Kept in the data (the CSV's last column, a hidden column of the workbook), never the row's main text. */
  taskId: string;
  unitId: string;
  unitName: string;
  goalId: string;
  goalTitle: string;
  /** 牵头单位 by name, joint leads joined with 、, the primary first. */
  leadNames: string;
  kind: GoalKind;
  direction: Direction | null;
  /** quantity: the target is a floor (以上). */
  atLeast: boolean;
  /** quantity: the unit's share; indicator: its target value; action: null. */
  target: number | null;
  unitOfMeasure: string | null;
  /**
   * How the target was set, where the number alone does not say it: 较2023年下降5%（基准值31.2，目标值29.64）
   * for a relative target, 完成168个（目标150个以上，超额18个） for a floor; null otherwise.
   */
  targetNote: string | null;
  /** quantity: the amount done; indicator: the latest value; action: null (see `complete`). */
  reported: number | null;
  /** action: whether it is reported done; null for the other kinds. */
  complete: boolean | null;
  /** The share done: quantity done ÷ target, action 0 or 1; null for an indicator (its light says whether it is on target). */
  completion: number | null;
  /** 序时进度: the share of the target due by today (quantity only). */
  expected: number | null;
  light: Light | null;
  /** The highest level of the ladder the chase raised for the task, if any. */
  escalation: Level | null;
  status: TaskStatus;
  deadline: string;
  /** The day the latest report was made as of, and its note. */
  lastReport: string | null;
  note: string | null;
  /** 备注: the plan's note for this unit's task (allocation `details`), beside the unit's own progress note. */
  planNote: string | null;
}

export interface LedgerUnit {
  unitId: string;
  unitName: string;
  rows: LedgerRow[];
}

export interface Ledger {
  planId: string;
  planName: string;
  year: number;
  /** The plan's calendar day the ledger was made on: its lights and 序时进度 are as of this day. */
  asOf: string;
  /** Set when the ledger is one unit's. */
  unit: { id: string; name: string } | null;
  units: LedgerUnit[];
  rows: LedgerRow[];
}

/**
 * The ledger of `tasks` (of one plan; one unit's when `unitId` is given). Withdrawn tasks are left out: they
 * are no longer anyone's work. A task of a unit or goal the plan no longer names comes after the others,
 * under its id (the plan's current revision may have dropped it).
 */
export function ledgerOf(plan: LedgerPlan, tasks: readonly Task[], clock: Clock, unitId?: string): Ledger {
  const asOf = localDate(clock, plan.timezone);
  const settings = { tracking: plan.tracking, today: asOf };
  const unitOrder = new Map(plan.units.map((unit, i) => [unit.id, i]));
  const goalOrder = new Map(plan.goals.map((goal, i) => [goal.id, i]));
  const unitNames = new Map(plan.units.map((unit) => [unit.id, unit.name]));
  const position = (order: Map<string, number>, id: string) => order.get(id) ?? order.size;

  const kept = tasks
    .filter((task) => task.status !== 'withdrawn' && (unitId === undefined || task.unitId === unitId))
    .sort(
      (a, b) =>
        position(unitOrder, a.unitId) - position(unitOrder, b.unitId) ||
        a.unitId.localeCompare(b.unitId) ||
        position(goalOrder, a.goalId) - position(goalOrder, b.goalId) ||
        a.goalId.localeCompare(b.goalId),
    );
  const nameOf = (id: string) => unitNames.get(id) ?? id;
  const rows = kept.map((task) => rowOf(task, nameOf, viewOf(task, settings).light, asOf));

  const units: LedgerUnit[] = [];
  for (const row of rows) {
    const last = units.at(-1);
    if (last?.unitId === row.unitId) last.rows.push(row);
    else units.push({ unitId: row.unitId, unitName: row.unitName, rows: [row] });
  }
  const unit = unitId === undefined ? null : { id: unitId, name: unitNames.get(unitId) ?? unitId };
  return { planId: plan.id, planName: plan.name, year: plan.year, asOf, unit, units, rows };
}

function rowOf(task: Task, nameOf: (unitId: string) => string, light: Light | null, today: string): LedgerRow {
  const progress = task.progress;
  return {
    taskId: task.id,
    unitId: task.unitId,
    unitName: nameOf(task.unitId),
    goalId: task.goalId,
    goalTitle: task.title,
    leadNames: joinLeadNames(taskLeads(task), nameOf),
    kind: task.kind,
    direction: task.direction ?? null,
    atLeast: task.atLeast === true,
    target: task.target,
    unitOfMeasure: task.unitOfMeasure ?? null,
    targetNote: targetNoteOf(task),
    reported: (task.kind === 'quantity' ? progress?.done : task.kind === 'indicator' ? progress?.value : undefined) ?? null,
    complete: task.kind === 'action' ? (progress?.complete ?? false) || isDone(task.status) : null,
    completion: completionOf(task),
    expected: task.kind === 'quantity' ? expectedShare(task.milestones, today) : null,
    light,
    escalation: task.escalation?.level ?? null,
    status: task.status,
    deadline: task.deadline,
    lastReport: progress?.asOf ?? null,
    note: progress?.note ?? null,
    planNote: task.note ?? null,
  };
}

function targetNoteOf(task: Task): string | null {
  const measure = task.unitOfMeasure ?? '';
  if (task.relative && task.target !== null) return relativeWords(task.relative, task.target, measure).zh;
  if (task.atLeast && task.target !== null) {
    const done = task.progress?.done;
    return done === undefined ? `目标${task.target}${measure}以上` : floorWords(done, task.target, measure).zh;
  }
  return null;
}

/** Accepted or closed: the work is done whatever the last report said. */
function isDone(status: TaskStatus): boolean {
  return status === 'accepted' || status === 'closed';
}

function completionOf(task: Task): number | null {
  if (task.kind === 'action') return (task.progress?.complete ?? false) || isDone(task.status) ? 1 : 0;
  if (task.kind === 'quantity' && task.target !== null && task.target > 0) return (task.progress?.done ?? 0) / task.target;
  return null;
}
