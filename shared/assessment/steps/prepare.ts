import type { Clock } from '../../clock/clock.js';
import { listYearUnits } from '../../store/assessment-reads.js';
import { retryableOnTransient } from '../../store/faults.js';
import { freezeYear } from '../../store/freeze.js';
import { requireRun } from './run-context.js';

/* One step of the assessment state machine (workflows/assessment): docs/architecture.md, "Workflows", Assessment. */

export const BATCH_SIZE = 25;

export interface Prepared {
  year: number;
  runId: string;
  dryRun: boolean;
  batches: { unitIds: string[] }[];
}

/** Freezes the year (not on a dry run) and cuts the year's units, sorted by id, into batches of 25. */
export async function prepareAssessment(year: number, runId: string, clock: Clock): Promise<Prepared> {
  return retryableOnTransient(async () => {
    const run = await requireRun(year, runId);
    if (!run.dryRun) await freezeYear({ year, runId, by: run.startedBy, at: clock.now().toISOString() });
    const unitIds = (await listYearUnits(year)).map((unit) => unit.unitId);
    const batches: { unitIds: string[] }[] = [];
    for (let i = 0; i < unitIds.length; i += BATCH_SIZE) batches.push({ unitIds: unitIds.slice(i, i + BATCH_SIZE) });
    return { year, runId, dryRun: run.dryRun, batches };
  });
}
