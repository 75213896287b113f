import type { Bulletin, UnitRow } from './bulletin.js';
import { noticedColumns, sectionTitles, subtitleOf, titleOf, unitColumns, type Column } from './labels.js';

/*
 * The bulletin as one self-contained HTML page (no scripts, no outside styles or fonts): it is opened from
 * a presigned link and may be saved or mailed as is. Every text from the data is escaped.
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A self-contained page (the reports are opened from presigned links, saved and mailed): title, the page style and the report's own, the body's parts. */
/** The reports' page style: type, headings, tables, figures aligned. */
const PAGE_STYLE = `
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
p.subtitle { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: 1em 0 2em; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; }
th { background: #f0f0f0; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
`.trim();

export function htmlPage(title: string, style: string, body: readonly string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${PAGE_STYLE}\n${style}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** What the bulletin adds to the reports' page style: its totals row and an empty section's line. */
const STYLE = `
tr.total td { font-weight: 600; background: #fafafa; }
p.empty { color: #555; }
`.trim();

export function renderBulletinHtml(bulletin: Bulletin): string {
  const title = titleOf(bulletin);
  const total: UnitRow = { unitId: '', unitName: '合计 / Total', ...bulletin.totals };
  const noticed =
    bulletin.noticed.length === 0
      ? '<p class="empty">本月无通报、约谈任务 / No task reached 通报 or 约谈 this month.</p>'
      : table(noticedColumns, bulletin.noticed);
  return htmlPage(title, STYLE, [
    `<p class="subtitle">${escapeHtml(subtitleOf(bulletin))}</p>`,
    `<p class="plans">${escapeHtml(`计划 / Plans: ${bulletin.plans.map((plan) => `${plan.name} (${plan.planId})`).join('; ') || '—'}`)}</p>`,
    `<h2>${escapeHtml(sectionTitles.units)}</h2>`,
    table(unitColumns, bulletin.units, [total]),
    `<h2>${escapeHtml(sectionTitles.noticed)}</h2>`,
    noticed,
  ]);
}

function table<Row>(columns: readonly Column<Row>[], rows: readonly Row[], totals: readonly Row[] = []): string {
  const head = `<tr>${columns.map((column) => `<th scope="col">${escapeHtml(column.heading)}</th>`).join('')}</tr>`;
  const line = (row: Row, className?: string) =>
    `<tr${className ? ` class="${className}"` : ''}>${columns
      .map((column) => {
        const value = column.cell(row);
        const numeric = typeof value === 'number' || column.excel !== undefined;
        return `<td${numeric ? ' class="num"' : ''}>${escapeHtml(String(value))}</td>`;
      })
      .join('')}</tr>`;
  return [
    '<table>',
    `<thead>${head}</thead>`,
    `<tbody>${rows.map((row) => line(row)).join('\n')}</tbody>`,
    ...(totals.length > 0 ? [`<tfoot>${totals.map((row) => line(row, 'total')).join('\n')}</tfoot>`] : []),
    '</table>',
  ].join('\n');
}
