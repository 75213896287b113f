import type { Level } from '../lateness.js';
import type { UnitKind } from '../plan.js';
import type { Task, TaskProgress, TaskStatus } from '../task.js';

/**
 * The year-end assessment (年度考核), as pure data: what the scorer reads and what it returns. The rules
 * (`AssessmentRules`, rules.ts) are a plan's `assessment` settings; the scorer (score.ts) is a pure,
 * deterministic function of (tasks, events, rules) and every point it gives is a line item naming the
 * events behind it. docs/architecture.md, "Year-end assessment", is the contract.
 */

export const grades = ['excellent', 'good', 'pass', 'fail'] as const;
/** 优秀 / 良好 / 合格 / 不合格. */
export type Grade = (typeof grades)[number];

/** What a line item is for. */
export const lineRules = [
  /** The task's completion share of its points (quantity done / target, indicator attained, action done). */
  'completion',
  /** Closed on time, or late by N working days. */
  'timeliness',
  /** A level of the ladder reached in one escalation period (deducts). */
  'escalation',
  /** A re-open after close-out (回头看) (deducts). */
  'rebound',
  /** An admin-recorded bonus (加分), with its reason. */
  'bonus',
  /** An admin-recorded veto (一票否决): 0 points, fails the unit. */
  'veto',
] as const;
export type LineRule = (typeof lineRules)[number];

/**
 * A score-relevant event of a task, as the task item's ledger keeps it (and as a task event can be read
 * into): its id is `<taskId>@<version>`, the version of the task after the change.
 */
export interface LedgerEntry {
  /** The task version after the change: with the task id, the event's id. */
  v: number;
  type: 'escalated' | 'closeout_requested' | 'task_closed' | 'closeout_accepted' | 'task_reopened';
  /** ISO instant of the event. */
  at: string;
  /** escalated: the level and the period (`overdue:<deadline>`, `behind:<date>`, …). */
  level?: Level;
  period?: string;
  /** closeout_accepted: the status it moved the task to (`closed` with one review level). */
  to?: TaskStatus;
  /** closeout_requested: the as-of date of the report the request rests on (the day the work was reported done). */
  asOf?: string;
  /**
   * The day (`YYYY-MM-DD`, plan time zone) the change counts for, when the caller named one (a simulated year's
   * close-out, acceptance or close); else the day of `at` is.
   */
  on?: string;
}

export type ScoringEvent = LedgerEntry & { taskId: string };

/** The id of a task event, as line items cite it. */
export const eventIdOf = (taskId: string, version: number): string => `${taskId}@${version}`;

/** A task as the scorer reads it: the stored task's fields that scoring needs. */
export type ScoringTask = Pick<
  Task,
  'id' | 'planId' | 'goalId' | 'unitId' | 'year' | 'kind' | 'title' | 'target' | 'direction' | 'deadline' | 'coUnits' | 'status'
> &
  Partial<Pick<Task, 'relative' | 'atLeast'>> & { progress: Pick<TaskProgress, 'done' | 'value' | 'complete' | 'asOf'> | null };

/** An indicator's value for the year, entered by an admin (e.g. a town's PM2.5 annual mean). */
export interface Actual {
  /** `actual:<taskId>`: what a line item cites. */
  actualId: string;
  taskId: string;
  value: number;
  enteredBy: string;
  enteredAt: string;
}

/** Admin-recorded, with a reason: a bonus (加分) or a veto (一票否决). */
export interface Adjustment {
  /** `adj-<n>` numbered per year. */
  adjustmentId: string;
  year: number;
  unitId: string;
  kind: 'bonus' | 'veto';
  /** bonus: points > 0; veto: absent. */
  points?: number;
  reason: string;
  recordedBy: string;
  recordedAt: string;
}

/** An upheld appeal: its line item scores `points` instead (`appeal.points`, else 0 for a deduction, the line's `max` otherwise). */
export interface Waiver {
  appealId: string;
  /** The unit that appealed: a co-unit's line of a task has the same id as the owner's (`completion:<taskId>`). */
  unitId: string;
  lineId: string;
  points?: number;
}

/** One reason for points: they sum exactly (in hundredths) to the unit's total. */
export interface LineItem {
  /** Stable across runs: `<rule>:<taskId>[:<qualifier>]`, `bonus:<adjustmentId>`, `veto:<adjustmentId>`. What an appeal names. */
  lineId: string;
  taskId: string | null;
  /** own: the unit's task; co: a task it co-operates on (配合单位), at the plan's `coUnitShare`. */
  role?: 'own' | 'co';
  rule: LineRule;
  /** Two decimals; negative for deductions. */
  points: number;
  /** completion / timeliness: the most the line could give. */
  max?: number;
  /** Task event ids (`<taskId>@<version>`), `actual:<taskId>`, adjustment ids, appeal ids. */
  eventIds: string[];
  /** Figures behind the points, e.g. `{ done, target, ratio }`, `{ workingDaysLate }`, `{ level, period }`. */
  detail: Record<string, string | number | boolean | null>;
  /** Set when an upheld appeal changed the line. */
  waivedBy?: string;
}

export interface UnitScore {
  unitId: string;
  /** As the plan of the unit's tasks names it. */
  unitName: string;
  /** town / street / department, as that plan gives it: the unit's ranking group follows from it (rules `groups`). */
  unitKind: UnitKind;
  /** Sum of the line items, two decimals. */
  total: number;
  /** Subtotals by kind (also sums of line items): tie rules read them. */
  completion: number;
  timeliness: number;
  deductions: number;
  bonus: number;
  vetoed: boolean;
  tasks: number;
  lineItems: LineItem[];
}

export interface RankedUnit {
  unitId: string;
  unitName: string;
  /**
   * The id of the unit's ranking group (分类考核; rules `groups`, by default `towns` 镇街道 for towns and streets,
   * `departments` 部门): a unit is ranked and graded only against the units of its group.
   */
  group: string;
  /** The group's name as the rules give it (镇街道, 部门). */
  groupName: string;
  total: number;
  /** By the group's grade bands (its own, else the rules'). */
  grade: Grade;
  /** Competition ranking within the group (1, 2, 2, 4) after the tie rules; vetoed units rank after all others of the group. */
  rank: number;
  vetoed: boolean;
  completion: number;
  timeliness: number;
  deductions: number;
  bonus: number;
}

/** A unit's place in a ranking: its rank is within its group. */
export interface RankFigures {
  group: string;
  rank: number;
  total: number;
  grade: Grade;
}

export interface RankChange {
  unitId: string;
  unitName: string;
  before: RankFigures | null;
  after: RankFigures | null;
  /** before.rank − after.rank, both within the same group: positive moved up. null when ranked on one side only or in another group. */
  rankDelta: number | null;
}

/** The year's freeze (put once, by the first non-dry run): from then on its tasks change only by an admin. */
export interface Freeze {
  year: number;
  frozenAt: string;
  frozenBy: string;
  /** The run that froze the year. */
  runId: string;
}

export const appealStatuses = ['pending', 'upheld', 'rejected'] as const;
export type AppealStatus = (typeof appealStatuses)[number];

/** 申诉: a unit disputes one line item of the published result; an admin upholds or rejects it. */
export interface Appeal {
  /** `ap-<n>` numbered per year. */
  appealId: string;
  year: number;
  unitId: string;
  lineId: string;
  reason: string;
  filedBy: string;
  filedAt: string;
  /** The published run whose line is appealed. */
  runId: string;
  status: AppealStatus;
  decision?: { by: string; at: string; reason: string; points?: number };
  /** The re-score run an upheld appeal started. */
  rescoreRunId?: string;
}
