import { gradeLabels, lineRuleLabels } from '../domain/assessment/labels.js';
import { describeBasis, describeLine } from '../domain/assessment/line-words.js';
import { grades, type Grade, type LineItem } from '../domain/assessment/types.js';
import { barChartSvg } from '../documents/chart-svg.js';
import { escapeHtml, htmlDocument, htmlTable, numberCell, textCell, type DocumentLang, type Row } from '../documents/html.js';
import { groupText, lineColumns, publishedText, rankingColumns, say, titleOf, unitLineTask } from './labels.js';
import { groupsOf, pointsText, taskTitleOf, type AssessmentReport, type ReportUnit } from './report.js';

/*
 * The assessment result (考核结果) as one self-contained HTML page a bureau can send as it is: the title with
 * the bureau's name, a paragraph of the figures, the ranking group by group with the grades as coloured tags
 * and a chart of the totals (drawn here as SVG: no browser needed), then each unit on its own printed page
 * with its line items in words and the task titles. Ids stay in data- attributes. Every text is escaped.
 */

/** The grades' colours: a dark text on a light fill of one hue, told apart in grey print by their words. */
const gradeColours: Readonly<Record<Grade, { text: string; fill: string; bar: string }>> = {
  excellent: { text: '#1a6b32', fill: '#e3f4e8', bar: '#2e9d57' },
  good: { text: '#0b4f94', fill: '#e4eefa', bar: '#3b7dd8' },
  pass: { text: '#7a4d00', fill: '#fff1cf', bar: '#e0a526' },
  fail: { text: '#a4161a', fill: '#fde5e4', bar: '#d64545' },
};

const STYLE = `
${grades.map((grade) => `.grade-${grade} { color: ${gradeColours[grade].text}; background: ${gradeColours[grade].fill}; }`).join('\n')}
.tag.veto { color: #fff; background: #a4161a; border-color: #a4161a; }
tr.vetoed td { color: #a4161a; }
.figures { margin: 0.2em 0 0.6em; }
.figures span { margin-right: 1.2em; white-space: nowrap; }
td.task.same { border-top-color: transparent; }
td .max { color: #777; font-size: 0.85em; }
td .basis { display: block; color: #666; font-size: 0.85em; }
table.ranking td:nth-child(2), table.ranking td:nth-child(4) { white-space: nowrap; }
table.lines td:nth-child(1) { width: 24%; }
table.lines td:nth-child(2) { width: 9%; white-space: nowrap; }
table.lines td:nth-child(3) { width: 13%; }
figure.chart figcaption { font-weight: 600; margin-bottom: 0.3em; }
@media print {
  table.lines, table.ranking { font-size: 9pt; line-height: 1.35; }
  table.lines th, table.lines td, table.ranking th, table.ranking td { padding: 0.2em 0.4em; }
  h2 { margin-top: 0.8em; }
  h3 { margin: 0.5em 0 0.3em; }
  header.document { margin-bottom: 0.8em; }
}
`;

export interface RenderOptions {
  lang?: DocumentLang;
}

export async function renderHtml(report: AssessmentReport, options: RenderOptions = {}): Promise<string> {
  const lang = options.lang ?? 'zh';
  const title = titleOf(report.year, lang);
  const groups = groupsOf(report);
  const charts = await Promise.all(groups.map((group) => chartOf(groups.length > 1 ? groupText(group, lang) : '', group.units, lang)));
  return htmlDocument({
    title: titleOf(report.year, lang, report.organisation),
    lang,
    style: STYLE,
    body: [
      `<header class="document" data-run-id="${escapeHtml(report.runId)}">`,
      ...(report.organisation ? [`<p class="issuer">${escapeHtml(report.organisation)}</p>`] : []),
      `<h1>${escapeHtml(title)}</h1>`,
      `<p class="subtitle">${escapeHtml(publishedText(report.publishedOn, lang))}</p>`,
      '</header>',
      `<p class="summary">${escapeHtml(summaryOf(report, lang))}</p>`,
      `<h2>${escapeHtml(lang === 'en' ? 'Ranking' : '一、考核排名')}</h2>`,
      ...groups.flatMap((group) => [
        ...(groups.length > 1 ? [`<h3>${escapeHtml(`${groupText(group, lang)}${lang === 'en' ? ` (${group.units.length})` : `（${group.units.length}个）`}`)}</h3>`] : []),
        rankingTable(group.units, lang),
      ]),
      `<h2 class="page">${escapeHtml(lang === 'en' ? 'Totals' : '二、得分情况')}</h2>`,
      ...charts,
      ...report.units.map((unit, i) => unitSection(report, unit, lang, i === 0)),
    ],
  });
}

/** 本次考核共28个单位（镇街道18个、部门10个），优秀3个、良好…；一票否决1个。 */
function summaryOf(report: AssessmentReport, lang: DocumentLang): string {
  const groups = groupsOf(report);
  const count = (grade: Grade) => report.units.filter((unit) => unit.grade === grade).length;
  const vetoed = report.units.filter((unit) => unit.vetoed).length;
  if (lang === 'en') {
    const byGroup = groups.length > 1 ? ` (${groups.map((group) => `${groupText(group, lang).toLowerCase()} ${group.units.length}`).join(', ')})` : '';
    const byGrade = grades.map((grade) => `${gradeLabels[grade].en.toLowerCase()} ${count(grade)}`).join(', ');
    return `${report.units.length} units were assessed${byGroup}, each ranked within its group: ${byGrade}${vetoed ? `; ${vetoed} vetoed` : ''}.`;
  }
  const byGroup = groups.length > 1 ? `（${groups.map((group) => `${groupText(group, lang)}${group.units.length}个`).join('、')}），分类排名` : '';
  const byGrade = grades.map((grade) => `${gradeLabels[grade].zh}${count(grade)}个`).join('、');
  return `本次考核共${report.units.length}个单位${byGroup}。其中${byGrade}${vetoed ? `；一票否决${vetoed}个` : ''}。各单位得分明细见后。`;
}

function gradeTag(unit: ReportUnit, lang: DocumentLang): string {
  const tag = `<span class="tag grade-${unit.grade}">${escapeHtml(say(gradeLabels[unit.grade], lang))}</span>`;
  return unit.vetoed ? `${tag} <span class="tag veto">${escapeHtml(say(lineRuleLabels.veto, lang))}</span>` : tag;
}

function rankingTable(units: readonly ReportUnit[], lang: DocumentLang): string {
  const headings = [rankingColumns.rank, rankingColumns.unit, rankingColumns.total, rankingColumns.grade, rankingColumns.completion, rankingColumns.timeliness, rankingColumns.deductions, rankingColumns.bonus];
  const rows: Row[] = units.map((unit) => ({
    ...(unit.vetoed ? { className: 'vetoed' } : {}),
    attributes: { 'data-unit-id': unit.unitId },
    cells: [
      numberCell(String(unit.rank)),
      textCell(unit.unitName),
      numberCell(pointsText(unit.total)),
      { html: gradeTag(unit, lang) },
      numberCell(pointsText(unit.completion)),
      numberCell(pointsText(unit.timeliness)),
      numberCell(pointsText(unit.deductions)),
      numberCell(pointsText(unit.bonus)),
    ],
  }));
  return htmlTable(
    headings.map((heading) => say(heading, lang)),
    rows,
    { numericColumns: [0, 2, 4, 5, 6, 7], className: 'ranking' },
  );
}

/** The group's totals as bars, one colour per grade (a legend names them), units in rank order top down. */
async function chartOf(title: string, units: readonly ReportUnit[], lang: DocumentLang): Promise<string> {
  const present = grades.filter((grade) => units.some((unit) => unit.grade === grade));
  const svg = await barChartSvg({
    categories: units.map((unit) => unit.unitName),
    series: present.map((grade) => ({
      name: say(gradeLabels[grade], lang),
      values: units.map((unit) => (unit.grade === grade ? unit.total : null)),
      color: gradeColours[grade].bar,
    })),
    stacked: true,
    horizontal: true,
    labels: true,
    width: 680,
    height: 60 + units.length * 24,
    description: `${title || (lang === 'en' ? 'Totals' : '总分')}: ${units.map((unit) => `${unit.unitName} ${pointsText(unit.total)}`).join(lang === 'en' ? ', ' : '，')}`,
  });
  // The group's name as the figure's caption: ECharts would draw the legend over a title of its own.
  return `<figure class="chart">${title ? `<figcaption>${escapeHtml(title)}</figcaption>` : ''}${svg}</figure>`;
}

/** A unit on its own printed page: its place, its figures, its line items in words. */
function unitSection(report: AssessmentReport, unit: ReportUnit, lang: DocumentLang, first: boolean): string {
  const place =
    lang === 'en'
      ? `${unit.groupName ? `${groupText({ group: unit.group, groupName: unit.groupName }, lang)}, ` : ''}rank ${unit.rank}`
      : `${unit.groupName ? groupText({ group: unit.group, groupName: unit.groupName }, lang) : ''}第${unit.rank}名`;
  const figures: [string, number][] = [
    [say(rankingColumns.total, lang), unit.total],
    [say(rankingColumns.completion, lang), unit.completion],
    [say(rankingColumns.timeliness, lang), unit.timeliness],
    [say(rankingColumns.deductions, lang), unit.deductions],
    [say(rankingColumns.bonus, lang), unit.bonus],
  ];
  const heading = first ? `<h2 class="page">${escapeHtml(lang === 'en' ? 'Units in detail' : '三、各单位得分明细')}</h2>` : '';
  return [
    `<section class="unit${first ? '' : ' page'}" data-unit-id="${escapeHtml(unit.unitId)}">`,
    heading,
    `<h3>${escapeHtml(unit.unitName)} <span class="muted">${escapeHtml(place)}</span> ${gradeTag(unit, lang)}</h3>`,
    `<p class="figures">${figures.map(([name, value]) => `<span>${escapeHtml(name)} <b>${escapeHtml(pointsText(value))}</b></span>`).join('')}</p>`,
    unit.lineItems.length === 0 ? `<p class="muted">${escapeHtml(lang === 'en' ? 'No line items.' : '无得分明细。')}</p>` : linesTable(report, unit, lang),
    '</section>',
  ].join('\n');
}

function linesTable(report: AssessmentReport, unit: ReportUnit, lang: DocumentLang): string {
  const rows = unit.lineItems.map((line, i): Row => {
    const sameTask = i > 0 && line.taskId !== null && unit.lineItems[i - 1]!.taskId === line.taskId;
    const task = taskTitleOf(report, line) ?? say(unitLineTask, lang);
    const words = describeLine(line, line.taskId ? report.tasks[line.taskId] : undefined);
    const basis = describeBasis(line);
    return {
      attributes: { 'data-line-id': line.lineId, ...(line.taskId ? { 'data-task-id': line.taskId } : {}), 'data-event-ids': line.eventIds.join(' ') },
      cells: [
        // A task's later lines leave its title to the first, as a merged cell would.
        sameTask ? { html: '', attributes: { class: 'task same' } } : { html: escapeHtml(task), attributes: { class: 'task' } },
        textCell(say(lineRuleLabels[line.rule], lang)),
        { html: pointsHtml(line), numeric: true },
        { html: escapeHtml(say(words, lang)) + (basis ? `<span class="basis">${escapeHtml(say(basis, lang))}</span>` : '') },
      ],
    };
  });
  return htmlTable(
    [lineColumns.task, lineColumns.rule, lineColumns.points, lineColumns.explanation].map((heading) => say(heading, lang)),
    rows,
    { numericColumns: [2], className: 'lines' },
  );
}

/** 16.50 / 20.00: the points, and the most a completion or timeliness line could give. */
function pointsHtml(line: LineItem): string {
  const max = line.max === undefined ? '' : ` <span class="max">/ ${escapeHtml(pointsText(line.max))}</span>`;
  return `${escapeHtml(pointsText(line.points))}${max}`;
}
