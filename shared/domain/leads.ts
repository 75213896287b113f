import type { Goal } from './plan.js';
import type { Task } from './task.js';

/**
 * 牵头单位 of a goal as a list, the primary lead first: the plan may write one id or several (联合牵头),
 * and everything after the schema reads this instead of branching on the two shapes.
 */
export function goalLeads(goal: Pick<Goal, 'lead'>): string[] {
  return typeof goal.lead === 'string' ? [goal.lead] : [...goal.lead];
}

/** The primary lead: the one task of a `lead` goal is its, and documents name it first. */
export function primaryLead(goal: Pick<Goal, 'lead'>): string {
  return goalLeads(goal)[0]!;
}

/** Every lead of the task's goal, the primary first: each of them reviews the task (lifecycle.ts). */
export function taskLeads(task: Pick<Task, 'lead' | 'coLeads'>): string[] {
  return [task.lead, ...(task.coLeads ?? [])];
}

/** The leads as documents and pages name them: 市发改委、市生态环境局. */
export function joinLeadNames(leads: readonly string[], nameOf: (unitId: string) => string): string {
  return leads.map(nameOf).join('、');
}
