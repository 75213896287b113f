import { contentTypes } from '../bulletin/publish.js';
import { putBulletinObject } from '../bulletin/bulletin-objects.js';
import type { ReportKeys } from '../store/assessment-runs.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderXlsx } from './render-xlsx.js';
import type { AssessmentReport } from './report.js';

/** A run's reports live under `reports/assessments/<year>/<runId>.<format>`: a run never overwrites another's. */
export function reportKeys(year: number, runId: string): ReportKeys {
  const base = `reports/assessments/${year}/${runId}`;
  return { csv: `${base}.csv`, xlsx: `${base}.xlsx`, html: `${base}.html` };
}

export const reportContentTypes = { csv: 'text/csv; charset=utf-8', xlsx: contentTypes.xlsx, html: contentTypes.html } as const;

/**
 * Renders the report and puts its three objects in the bucket, before anything names them (Publish moves
 * `PUBLISHED` after): a retried step writes the same objects again.
 */
export async function putReportObjects(bucket: string, report: AssessmentReport): Promise<ReportKeys> {
  const objects = reportKeys(report.year, report.runId);
  const [csv, xlsx, html] = [renderCsv(report), await renderXlsx(report), renderHtml(report)];
  await Promise.all([
    putBulletinObject(bucket, objects.csv, csv, reportContentTypes.csv),
    putBulletinObject(bucket, objects.xlsx, xlsx, reportContentTypes.xlsx),
    putBulletinObject(bucket, objects.html, html, reportContentTypes.html),
  ]);
  return objects;
}
