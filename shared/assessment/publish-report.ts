import { contentTypes } from '../bulletin/publish.js';
import { putBulletinObject } from '../bulletin/bulletin-objects.js';
import type { ReportKeys } from '../store/assessment-runs.js';
import { renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderXlsx } from './render-xlsx.js';
import { readReportNames } from './report-names.js';
import { nameReport, type AssessmentReport } from './report.js';

/** A run's reports live under `reports/assessments/<year>/<runId>.<format>`: a run never overwrites another's. */
export function reportKeys(year: number, runId: string): ReportKeys {
  const base = `reports/assessments/${year}/${runId}`;
  return { csv: `${base}.csv`, xlsx: `${base}.xlsx`, html: `${base}.html`, en: { csv: `${base}.en.csv`, xlsx: `${base}.en.xlsx`, html: `${base}.en.html` } };
}

export const reportContentTypes = { csv: 'text/csv; charset=utf-8', xlsx: contentTypes.xlsx, html: contentTypes.html } as const;

type ReportFormat = keyof typeof reportContentTypes;

/**
 * Renders the report with the names it says (the tasks' titles) and puts its three objects in the bucket,
 * in Chinese and beside them in English (`<runId>.en.<format>`), before anything names them (Publish moves
 * `PUBLISHED` after): a retried step writes the same objects again.
 */
export async function putReportObjects(bucket: string, report: AssessmentReport): Promise<ReportKeys> {
  const named = nameReport(report, await readReportNames(report));
  const objects = reportKeys(report.year, report.runId);
  await Promise.all(
    (['zh', 'en'] as const).flatMap((lang) => {
      const key = (format: ReportFormat) => (lang === 'zh' ? objects : objects.en!)[format];
      return [
        putBulletinObject(bucket, key('csv'), renderCsv(named, { lang }), reportContentTypes.csv),
        renderXlsx(named, { lang }).then((xlsx) => putBulletinObject(bucket, key('xlsx'), xlsx, reportContentTypes.xlsx)),
        renderHtml(named, { lang }).then((html) => putBulletinObject(bucket, key('html'), html, reportContentTypes.html)),
      ];
    }),
  );
  return objects;
}
