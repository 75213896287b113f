import { rankChanges, rankUnits } from '../../domain/assessment/rank.js';
import { getPublished, getRanking, listUnitScores, putRanking, setRunChanges } from '../../store/assessment-runs.js';
import { retryableOnTransient } from '../../store/faults.js';
import { requireRun, runContext } from './run-context.js';

/* One step of the assessment state machine (workflows/assessment): docs/architecture.md, "Workflows", Assessment. */

export interface Ranked {
  year: number;
  runId: string;
  dryRun: boolean;
  units: number;
  published: false;
}

/**
 * Ranks the run's stored scores and puts the ranking; a dry run also records its rank moves against the
 * published ranking on the run item.
 */
export async function rankRun(year: number, runId: string): Promise<Ranked> {
  return retryableOnTransient(async () => {
    const [run, scores, context] = await Promise.all([requireRun(year, runId), listUnitScores(year, runId), runContext(year, runId)]);
    // Ranking reads the totals and subtotals only; the line items stay in their LINES# items.
    const ranked = rankUnits(scores, context.unitRules);
    await putRanking(year, runId, ranked);
    if (run.dryRun) {
      const published = await getPublished(year);
      const before = published ? ((await getRanking(year, published.runId)) ?? []) : [];
      await setRunChanges(year, runId, rankChanges(before, ranked));
    }
    return { year, runId, dryRun: run.dryRun, units: ranked.length, published: false };
  });
}
