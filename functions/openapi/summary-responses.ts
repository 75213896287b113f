import * as z from 'zod';
import { summaryLevels, summaryLights } from '../../shared/domain/plan-summary.js';
import { taskStatuses } from '../../shared/domain/task.js';
import { UnitKind } from '../../shared/domain/plan.js';

/*
 * `GET /plans/{planId}/summary` (functions/tasks/summary-route.ts, shared/domain/plan-summary.ts): the
 * answer the 台账 and the cockpit draw from. A contract: fields may be added, never renamed.
 */

const count = z.number().int().nonnegative();
const countsOf = <const T extends readonly string[]>(names: T, description: string) =>
  z.object(Object.fromEntries(names.map((name) => [name, count])) as { [K in T[number]]: typeof count }).meta({ description });

const light = countsOf(summaryLights, 'Tasks by light on `today`; `none`: withdrawn tasks, which have none. Adds up to the statuses');
const status = countsOf(taskStatuses, 'Tasks by status, withdrawn included');
const level = countsOf(summaryLevels, 'Tasks by the escalation level they record (提醒 remind … 约谈 summon; `none`: never escalated)');

const figures = {
  tasks: count.meta({ description: "Tasks that are someone's work: every task but the withdrawn ones" }),
  closed: count,
  completionRate: z.number().min(0).max(1).nullable().meta({ description: 'closed / tasks, 4 decimals; null without tasks' }),
  light,
  status,
  level,
};

export const PlanSummary = z
  .object({
    planId: z.string(),
    name: z.string(),
    year: z.number().int(),
    today: z.iso.date().meta({ description: "The day the lights are counted for: today in the plan's time zone" }),
    asOf: z.iso.datetime().meta({
      description:
        'The figures count every task change committed up to this moment: now, or the start of a breakdown run whose tasks they do not count yet',
    }),
    totals: z.object(figures).meta({ description: "Every row's figures added up (a unit's token: its own)" }),
    units: z
      .array(z.object({ unitId: z.string(), unitName: z.string(), kind: UnitKind, ...figures }))
      .meta({ description: "In plan order; a unit's token gets its own row only" }),
    goals: z
      .array(
        z.object({
          goalId: z.string(),
          title: z.string(),
          kind: z.enum(['quantity', 'indicator', 'action']),
          unitOfMeasure: z.string().optional(),
          target: z.number().optional().meta({ description: 'Quantity goals: the sum of the targets of their tasks (withdrawn ones left out)' }),
          done: z.number().optional().meta({ description: 'Quantity goals: the sum of what their tasks reported done' }),
          ...figures,
        }),
      )
      .meta({ description: "In plan order; with a unit's token, the figures of its own tasks" }),
  })
  .meta({ id: 'PlanProgressSummary' });
