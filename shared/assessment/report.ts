import type { LineItem, RankedUnit } from '../domain/assessment/types.js';

/*
 * The published assessment as one value that the CSV, XLSX and HTML render: the ranking in rank order, each
 * unit with its line items. Built from stored figures only, with no clock, so the same run data gives the
 * same report (a re-run's CSV is byte-identical).
 */

export interface ReportMeta {
  year: number;
  runId: string;
  /** The publication day (plan time zone): the documents say when the result was published, not when rendered. */
  publishedOn: string;
}

export interface ReportUnit extends RankedUnit {
  lineItems: LineItem[];
}

export interface AssessmentReport extends ReportMeta {
  units: ReportUnit[];
}

/** Units in rank order (ties by unitId, as rankUnits orders them); a unit without stored lines has none. */
export function buildAssessmentReport(
  ranking: readonly RankedUnit[],
  linesByUnit: ReadonlyMap<string, readonly LineItem[]>,
  meta: ReportMeta,
): AssessmentReport {
  const units = [...ranking]
    .sort((a, b) => a.rank - b.rank || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0))
    .map((unit) => ({ ...unit, lineItems: [...(linesByUnit.get(unit.unitId) ?? [])] }));
  return { year: meta.year, runId: meta.runId, publishedOn: meta.publishedOn, units };
}

/** Points as the reports print them: always two decimals (the scorer's precision), `-0` as `0.00`. */
export const pointsText = (points: number) => (Object.is(points, -0) ? 0 : points).toFixed(2);

/** A line's figures as one text, in the scorer's key order: `done=30; target=40; ratio=0.75`. */
export const detailText = (line: LineItem) => Object.entries(line.detail).map(([key, value]) => `${key}=${String(value)}`).join('; ');
