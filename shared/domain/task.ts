import type { Level } from './lateness.js';
import type { Direction, GoalKind, Milestone } from './plan.js';
import type { RelativeTarget } from './target.js';

export const taskStatuses = [
  'assigned',
  'in_progress',
  'closeout_requested',
  'accepted',
  'closed',
  'withdrawn',
] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** Statuses in which a task still counts as open work (the chase reads only these). */
export const openStatuses: readonly TaskStatus[] = ['assigned', 'in_progress', 'closeout_requested', 'accepted'];

/** What the breakdown decides for one unit of one goal: the pure output of allocation. */
export interface TaskAllocation {
  unitId: string;
  /** quantity: the unit's share; indicator: the unit's target value; action: null. */
  target: number | null;
  /** A relative indicator goal (比上年下降5%): the unit's baseline and the change `target` was computed from. */
  relative?: RelativeTarget;
}

/** A task as stored and as returned by the API. */
export interface Task {
  id: string;
  planId: string;
  goalId: string;
  unitId: string;
  year: number;
  kind: GoalKind;
  title: string;
  target: number | null;
  direction?: Direction;
  /** Indicator of a relative goal: the baseline, change and baseline year `target` was computed from. */
  relative?: RelativeTarget;
  /** Quantity: the target is a floor (以上); more is counted and reported as the excess, not required. */
  atLeast?: true;
  unitOfMeasure?: string;
  deadline: string;
  milestones: Milestone[];
  /** The goal's primary lead (牵头单位). */
  lead: string;
  /** The goal's other leads (联合牵头), each a reviewer of the task like the primary; absent with one lead. */
  coLeads?: string[];
  coUnits: string[];
  /** 备注: the plan's note for this unit's task (allocation `details`); absent when it has none. */
  note?: string;
  status: TaskStatus;
  /** Reported progress; null until the unit first reports. */
  progress: TaskProgress | null;
  /** Times the task was re-opened after closing (回头看); absent on tasks never re-opened. */
  rebounds?: number;
  /** The deadline the plan set, kept when an approved extension moves `deadline`. */
  originalDeadline?: string;
  /** The extension request awaiting the admin's decision (`<taskId>~<n>`). */
  pendingExtension?: string;
  /** How many extensions were requested: numbers the next request. */
  extensionRequests?: number;
  /**
   * The highest level of the ladder the chase raised in the current escalation period (`escalationPeriod`),
   * on the chase day `date`; absent on tasks never escalated. Every level raised is also its own item.
   */
  escalation?: TaskEscalation;
  version: number;
  planRevision: number;
  createdAt: string;
  updatedAt: string;
}

/** Where a task stands on the ladder: the level, its period (`overdue:<deadline>`, …), the chase day. */
export interface TaskEscalation {
  level: Level;
  period: string;
  date: string;
  /**
   * The chase page that raised it (its run, shard and start: `chasePageToken`), so that a retried page
   * counts in its run's totals what its failed attempt wrote; absent when raised outside a chase run.
   */
  page?: string;
}

/** The latest report: cumulative, so it replaces the previous one (the history keeps every report). */
export interface TaskProgress {
  asOf: string;
  /** quantity: cumulative amount done. */
  done?: number;
  /** indicator: the measured value, for `period` (`2022`, `2022-Q2`, `2022-06`). */
  value?: number;
  period?: string;
  /** action: done or not. */
  complete?: boolean;
  note?: string;
  /** Evidence ids (uploaded through `POST /tasks/{id}/evidence`). */
  evidence?: string[];
  reportedBy: string;
  reportedAt: string;
  /**
   * indicator, off its target (more than the margin on the wrong side): the `asOf` of the first report of
   * this spell off target, which the chase counts its working days from. Absent when on target.
   */
  offTargetSince?: string;
}

/** Deterministic: a re-run of the breakdown addresses the same task, so it never creates one twice. */
export function taskId(planId: string, goalId: string, unitId: string): string {
  return `${planId}.${goalId}.${unitId}`;
}

export function parseTaskId(id: string): { planId: string; goalId: string; unitId: string } | undefined {
  const parts = id.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[a-z0-9][a-z0-9-]*$/.test(p))) return undefined;
  const [planId, goalId, unitId] = parts as [string, string, string];
  return { planId, goalId, unitId };
}
