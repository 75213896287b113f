import { barChartSvg } from '../documents/chart-svg.js';
import { escapeHtml, htmlDocument } from '../documents/html.js';
import { levels } from '../domain/lateness.js';
import type { Bulletin, NoticedTask } from './bulletin.js';
import { bulletinWords, lightOrder, openingFigures, percent, rankUnits, type BulletinWords, type DocumentLanguage, type RankedUnit } from './labels.js';

export { escapeHtml };

/*
 * The bulletin as a bureau sends it (月度通报): one self-contained page (no scripts, no outside styles or
 * fonts: it is opened from a presigned link, saved, mailed and printed as it is), in Chinese unless English
 * is asked for. Issuer, number, title, an opening paragraph from the figures, the units ranked with their
 * lights as coloured marks that also say their colour, a chart of completion drawn on the server, the tasks
 * at 通报 and 约谈 by unit and name, the closing, the issuer's date and 抄送. Ids are data attributes only.
 * Printed on A4 with page numbers and repeated table headers; on a phone the tables scroll inside themselves.
 */

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

/**
 * The assessment report's page until it moves to shared/documents/html.ts: it imports this and escapeHtml
 * from here. Title, the page style and the report's own, the body's parts.
 */
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

/**
 * What the bulletin adds to the documents' frame (shared/documents/html.ts: A4, page numbers, repeated table
 * headers, rows never cut, tables scrolling inside themselves on a phone): a masthead in the issuer's red,
 * compact tables so that a bureau's units fit two pages, the lights' and levels' marks, which keep their
 * colours in print and also say their colour in words, for grey print and for screen readers.
 */
const BULLETIN_STYLE = `
body { max-width: 820px; line-height: 1.55; }
header.masthead { text-align: center; border-bottom: 2px solid #c00; padding-bottom: 0.5em; margin-bottom: 1em; }
header.masthead .issuer { color: #c00; font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif; font-weight: 700; font-size: 1.9em; letter-spacing: 0.08em; margin: 0; }
header.masthead .number { margin: 0.4em 0 0; }
h1 { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif; text-align: center; font-size: 1.5em; margin: 0.4em 0 0.2em; }
p.period { text-align: center; color: #555; margin: 0 0 1em; font-size: 0.9em; }
p.opening, p.closing { text-indent: 2em; margin: 0.6em 0; }
h2 { font-size: 1.1em; margin: 1.1em 0 0.4em; }
p.note { color: #555; font-size: 0.85em; margin: 0.3em 0; }
.table-wrap { margin: 0.4em 0 0.6em; }
table { font-size: 0.9em; }
th, td { padding: 0.15em 0.4em; vertical-align: middle; }
th { text-align: center; }
td.unit, td.lights { white-space: nowrap; }
tfoot td { font-weight: 600; background: #f6f6f6; }
.mark { display: inline-block; border-radius: 3px; padding: 0 0.35em; margin-right: 0.25em; font-weight: 600; font-size: 0.92em; white-space: nowrap; border: 1px solid currentColor; }
.mark::before { content: "●"; margin-right: 0.15em; }
.mark.red, .mark.summon { color: #a00000; background: #ffe1e1; }
.mark.yellow, .mark.notice { color: #7a4a00; background: #fff0c2; }
.mark.green { color: #006100; background: #dff3e2; }
.none { color: #777; }
figure.chart { margin: 0.6em 0; }
.signature { text-align: right; margin: 1.5em 1em 1em 0; }
.signature p { margin: 0.1em 0; }
footer.cc { border-top: 1px solid #333; border-bottom: 1px solid #333; padding: 0.3em 0; margin-top: 1.5em; font-size: 0.95em; }
@media print {
  body { font-size: 10pt; line-height: 1.45; }
  .table-wrap { margin-bottom: 0.6em; }
}
@media (max-width: 600px) {
  header.masthead .issuer { font-size: 1.4em; letter-spacing: 0; }
  h1 { font-size: 1.25em; }
}
`;

/** The chart's size in CSS pixels: the width of the printed text block, low enough to share a page. */
const CHART = { width: 680, height: 250 } as const;

export async function renderBulletinHtml(bulletin: Bulletin, lang: DocumentLanguage = 'zh'): Promise<string> {
  const words = bulletinWords[lang];
  const title = words.title(bulletin.covers);
  const ranked = rankUnits(bulletin.units);
  const { issuer, documentNumber, cc } = bulletin.particulars;
  return htmlDocument({
    title,
    lang,
    style: BULLETIN_STYLE,
    body: [
      ...(issuer || documentNumber
        ? [
            '<header class="masthead">',
            ...(issuer ? [`<p class="issuer">${escapeHtml(issuer)}</p>`] : []),
            ...(documentNumber ? [`<p class="number">${escapeHtml(documentNumber)}</p>`] : []),
            '</header>',
          ]
        : []),
      `<h1>${escapeHtml(title)}</h1>`,
      `<p class="period">${escapeHtml(words.published(bulletin))}</p>`,
      `<p class="opening">${escapeHtml(words.opening(bulletin, openingFigures(bulletin)))}</p>`,
      `<h2>${escapeHtml(words.sections.units)}</h2>`,
      `<p class="note">${escapeHtml(words.rankedBy)}</p>`,
      unitsTable(ranked, bulletin, words),
      `<p class="note">${escapeHtml(words.lightsNote)}</p>`,
      await chart(ranked, words),
      `<h2>${escapeHtml(words.sections.noticed)}</h2>`,
      bulletin.noticed.length === 0 ? `<p class="none">${escapeHtml(words.noNotice)}</p>` : noticedTable(bulletin.noticed, words),
      `<h2>${escapeHtml(words.sections.closing)}</h2>`,
      `<p class="closing">${escapeHtml(words.closing)}</p>`,
      '<div class="signature">',
      ...(issuer ? [`<p>${escapeHtml(issuer)}</p>`] : []),
      `<p>${escapeHtml(words.date(bulletin.publishedOn))}</p>`,
      '</div>',
      ...(cc.length > 0 ? [`<footer class="cc">${escapeHtml(`${words.cc}：${cc.join('，')}。`)}</footer>`] : []),
    ],
  });
}

function unitsTable(ranked: readonly RankedUnit[], bulletin: Bulletin, words: BulletinWords): string {
  const h = words.unitHeadings;
  const head = [
    '<tr>',
    ...[h.rank, h.unit, h.tasks, h.closed, h.rate, h.lights].map((heading) => `<th scope="col" rowspan="2">${escapeHtml(heading)}</th>`),
    `<th scope="colgroup" colspan="${levels.length}">${escapeHtml(h.escalations)}</th>`,
    '</tr>',
    `<tr>${levels.map((level) => `<th scope="col">${escapeHtml(words.levels[level])}</th>`).join('')}</tr>`,
  ].join('');
  const figures = (row: Omit<RankedUnit, 'unitId' | 'unitName' | 'rank'>) =>
    [
      num(row.tasks),
      num(row.closed),
      num(percent(row.completionRate)),
      `<td class="lights">${lightMarks(row, words)}</td>`,
      ...levels.map((level) => num(row.escalations[level])),
    ].join('');
  const rows = ranked.map(
    (unit) =>
      `<tr data-unit-id="${escapeHtml(unit.unitId)}">${num(unit.rank ?? '—')}<td class="unit">${escapeHtml(unit.unitName)}</td>${figures(unit)}</tr>`,
  );
  const total = `<tr><td colspan="2">${escapeHtml(words.total)}</td>${figures(bulletin.totals)}</tr>`;
  return wrap(`<table class="units"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody><tfoot>${total}</tfoot></table>`);
}

/** Red, yellow, green marks of a unit's open tasks, each with its word and count; those at 0 left out. */
function lightMarks({ tasks, lights: counts }: Pick<RankedUnit, 'tasks' | 'lights'>, words: BulletinWords): string {
  if (tasks === 0) return '—';
  const marks = lightOrder.filter((light) => counts[light] > 0).map((light) => `<span class="mark ${light}">${escapeHtml(words.lightMark(light, counts[light]))}</span>`);
  return marks.length > 0 ? marks.join('') : `<span class="none">${escapeHtml(words.noOpenTask)}</span>`;
}

async function chart(ranked: readonly RankedUnit[], words: BulletinWords): Promise<string> {
  const withTasks = ranked.filter((unit) => unit.completionRate !== null);
  if (withTasks.length === 0) return '';
  const svg = await barChartSvg({
    title: words.sections.chart,
    categories: withTasks.map((unit) => unit.unitName),
    series: [{ name: words.chartSeries, values: withTasks.map((unit) => Math.round(unit.completionRate! * 1000) / 10), color: '#3b6fb6' }],
    max: 100,
    unit: '%',
    width: CHART.width,
    height: CHART.height,
  });
  return `<figure class="chart">${svg}</figure>`;
}

/** The tasks at 通报 and 约谈, grouped by unit (units in the order of their worst task), each by its name. */
function noticedTable(noticed: readonly NoticedTask[], words: BulletinWords): string {
  const h = words.noticedHeadings;
  const byUnit = new Map<string, NoticedTask[]>();
  for (const task of noticed) byUnit.set(task.unitId, [...(byUnit.get(task.unitId) ?? []), task]);
  const rows = [...byUnit.values()].flatMap((tasks) =>
    tasks.map(
      (task, i) =>
        `<tr data-task-id="${escapeHtml(task.taskId)}">` +
        (i === 0 ? `<td class="unit" rowspan="${tasks.length}">${escapeHtml(task.unitName)}</td>` : '') +
        `<td>${escapeHtml(task.title)}</td><td><span class="mark ${task.level}">${escapeHtml(words.levels[task.level])}</span></td>` +
        `<td>${escapeHtml(words.lateness(task))}</td><td class="num">${escapeHtml(words.shortDate(task.date))}</td></tr>`,
    ),
  );
  const head = `<tr>${[h.unit, h.task, h.level, h.lateness, h.raisedOn].map((heading) => `<th scope="col">${escapeHtml(heading)}</th>`).join('')}</tr>`;
  return wrap(`<table class="noticed"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`);
}

const num = (value: number | string) => `<td class="num">${escapeHtml(String(value))}</td>`;
const wrap = (table: string) => `<div class="table-wrap">${table}</div>`;
