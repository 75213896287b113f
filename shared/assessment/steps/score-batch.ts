import type { UnitScore } from '../../domain/assessment/types.js';
import { scoreUnit } from '../../domain/assessment/score.js';
import { readCoopTasks, readUnitForScoring } from '../../store/assessment-reads.js';
import { putUnitScores } from '../../store/assessment-runs.js';
import { retryableOnTransient } from '../../store/faults.js';
import { mapWithConcurrency } from '../../store/pool.js';
import { calendarFrom, runContext } from './run-context.js';

/* One step of the assessment state machine (workflows/assessment): docs/architecture.md, "Workflows", Assessment. */

/** Units of a batch read at once. */
const UNIT_CONCURRENCY = 5;

/** What scoring a batch read: the benchmark's figures. */
export interface BatchScored {
  scored: number;
  queries: number;
  itemsRead: number;
}

/**
 * Scores each unit of the batch and writes its scores and line items: per unit one Query of its tasks
 * (gsi2), plus one per goal it co-operates on when that plan gives co-units credit. Units without tasks are
 * left out of the assessment.
 */
export async function scoreBatch(year: number, runId: string, unitIds: readonly string[]): Promise<BatchScored> {
  return retryableOnTransient(async () => {
    const context = await runContext(year, runId);
    const calendar = calendarFrom(year);
    let queries = 0;
    let itemsRead = 0;
    const scores = await mapWithConcurrency([...unitIds], UNIT_CONCURRENCY, async (unitId): Promise<UnitScore> => {
      const own = await readUnitForScoring(unitId, year);
      const co = await mapWithConcurrency(context.coGoals.get(unitId) ?? [], UNIT_CONCURRENCY, ({ planId, goalId }) => readCoopTasks(planId, goalId));
      const readings = [own, ...co];
      queries += readings.reduce((sum, reading) => sum + reading.queries, 0);
      itemsRead += readings.reduce((sum, reading) => sum + reading.itemsRead, 0);
      // A co-op goal's Query returns the goal's every task: the unit's own are in `own` already, with their events.
      const coTasks = co.flatMap((reading) => reading.tasks).filter((task) => task.unitId !== unitId && task.year === year);
      const coIds = new Set(coTasks.map((task) => task.id));
      const coEvents = co.flatMap((reading) => reading.events).filter((event) => coIds.has(event.taskId));
      return scoreUnit({
        unit: context.unitOf(unitId, [...new Set([...own.tasks, ...coTasks].map((task) => task.planId))]),
        tasks: [...own.tasks, ...coTasks],
        events: [...own.events, ...coEvents],
        actuals: context.inputs.actuals,
        adjustments: context.inputs.adjustments.filter((adjustment) => adjustment.unitId === unitId),
        waivers: context.inputs.waivers,
        rulesOf: context.rulesOfPlan,
        unitRules: context.unitRules,
        timezoneOf: context.timezoneOf,
        calendar,
      });
    });
    // A unit with no task of the year (a lead department whose goals all went to the towns) is not assessed:
    // it has nothing to be scored on, and 0 points ranked last would misstate it.
    const assessed = scores.filter((score) => score.tasks > 0);
    await putUnitScores(year, runId, assessed);
    return { scored: assessed.length, queries, itemsRead };
  });
}
