import { fixedClock, localDate, type Clock } from '../../clock/clock.js';
import { addWorkingDays } from '../../domain/calendar.js';
import type { RankedUnit } from '../../domain/assessment/types.js';
import { NotFound } from '../../domain/errors.js';
import { getPublished, getRanking, listUnitLines, movePublished, type AuditChange, type Figures } from '../../store/assessment-runs.js';
import { retryableOnTransient } from '../../store/faults.js';
import { putReportObjects } from '../publish-report.js';
import { buildAssessmentReport } from '../report.js';
import { calendarFrom, requireRun, runContext } from './run-context.js';

/* One step of the assessment state machine (workflows/assessment): docs/architecture.md, "Workflows", Assessment. */

export interface PublishedRun {
  year: number;
  runId: string;
  units: number;
  published: true;
  revision: number;
}

/**
 * Renders the reports, puts them in the bucket, then moves PUBLISHED to the run (revision + 1) with the
 * audit item of what changed. When PUBLISHED already names the run, an earlier attempt got through: done.
 */
export async function publishRun(year: number, runId: string, deps: { bucket: string; clock: Clock }): Promise<PublishedRun> {
  return retryableOnTransient(async () => {
    const previous = await getPublished(year);
    const [run, ranking, lines, context] = await Promise.all([
      requireRun(year, runId),
      getRanking(year, runId),
      listUnitLines(year, runId),
      runContext(year, runId),
    ]);
    if (!ranking) throw new NotFound(`run ${runId} of ${year} has no ranking`, `考核运行 ${runId} 尚无排名`);
    if (previous?.runId === runId) return { year, runId, units: ranking.length, published: true, revision: previous.revision };

    // The run's day, so a retried Publish (or one past midnight) dates the result as its run.
    const publishedOn = localDate(fixedClock(run.startedAt), context.timezone);
    const reports = await putReportObjects(deps.bucket, buildAssessmentReport(ranking, lines, { year, runId, publishedOn }));
    const before = previous ? ((await getRanking(year, previous.runId)) ?? []) : [];
    const published = await movePublished(
      {
        year,
        runId,
        publishedOn,
        appealsUntil: appealsUntil(publishedOn, context.unitRules.appealDays),
        reports,
        ...(run.appealId ? { appealId: run.appealId } : {}),
        changes: auditChanges(before, ranking),
      },
      previous,
      deps.clock,
    );
    return { year, runId, units: ranking.length, published: true, revision: published.revision };
  });
}

function appealsUntil(publishedOn: string, appealDays: number): string {
  return addWorkingDays(calendarFrom(Number(publishedOn.slice(0, 4))), publishedOn, appealDays);
}

const figuresOf = (unit: RankedUnit | undefined): Figures | null =>
  unit ? { total: unit.total, grade: unit.grade, rank: unit.rank, ...(unit.group === undefined ? {} : { group: unit.group }) } : null;

/** Per unit whose total, grade, group or rank (within the group) moved (or that came or went), the old and the new figures, by unitId. */
export function auditChanges(before: readonly RankedUnit[], after: readonly RankedUnit[]): AuditChange[] {
  const old = new Map(before.map((unit) => [unit.unitId, unit]));
  const now = new Map(after.map((unit) => [unit.unitId, unit]));
  return [...new Set([...old.keys(), ...now.keys()])]
    .sort()
    .map((unitId) => ({ unitId, before: figuresOf(old.get(unitId)), after: figuresOf(now.get(unitId)) }))
    .filter(({ before: a, after: b }) => a?.total !== b?.total || a?.grade !== b?.grade || a?.rank !== b?.rank || a?.group !== b?.group);
}
