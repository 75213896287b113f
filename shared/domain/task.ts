import type { Direction, GoalKind, Milestone } from './plan.js';

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
  unitOfMeasure?: string;
  deadline: string;
  milestones: Milestone[];
  lead: string;
  coUnits: string[];
  status: TaskStatus;
  /** Reported progress; null until the unit first reports. */
  progress: TaskProgress | null;
  version: number;
  planRevision: number;
  createdAt: string;
  updatedAt: string;
}

export interface TaskProgress {
  asOf: string;
  done?: number;
  value?: number;
  complete?: boolean;
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
