import { escapeHtml, htmlPage } from '../bulletin/render-html.js';
import { gradeText, ruleText, titleOf } from './labels.js';
import { detailText, pointsText, type AssessmentReport, type ReportUnit } from './report.js';

/*
 * The report as one self-contained HTML page (no scripts, no outside styles or fonts), like the bulletin:
 * it is opened from a presigned link and may be saved or mailed as is. Every text from the data is escaped.
 */

/** What the report adds to the page style: a vetoed unit's row in red. */
const STYLE = `
tr.vetoed td { color: #a00; }
`.trim();

export function renderHtml(report: AssessmentReport): string {
  const title = titleOf(report.year);
  return htmlPage(title, STYLE, [
    `<p class="subtitle">${escapeHtml(`发布日期 / Published ${report.publishedOn} · ${report.runId}`)}</p>`,
    '<h2>排名 / Ranking</h2>',
    table(
      ['排名 Rank', '单位 Unit', '总分 Total', '等级 Grade', '完成度 Completion', '及时性 Timeliness', '扣分 Deductions', '加分 Bonus'],
      report.units.map((unit) => ({
        className: unit.vetoed ? 'vetoed' : undefined,
        cells: [
          num(String(unit.rank)),
          text(`${unit.unitName} (${unit.unitId})`),
          num(pointsText(unit.total)),
          text(gradeText(unit.grade) + (unit.vetoed ? ' · 一票否决 vetoed' : '')),
          num(pointsText(unit.completion)),
          num(pointsText(unit.timeliness)),
          num(pointsText(unit.deductions)),
          num(pointsText(unit.bonus)),
        ],
      })),
    ),
    ...report.units.flatMap(unitSection),
  ]);
}

function unitSection(unit: ReportUnit): string[] {
  return [
    `<h2 id="${escapeHtml(`unit-${unit.unitId}`)}">${escapeHtml(`${unit.rank}. ${unit.unitName} (${unit.unitId}) · ${pointsText(unit.total)} · ${gradeText(unit.grade)}`)}</h2>`,
    table(
      ['明细 Line', '任务 Task', '规则 Rule', '分值 Points', '依据 Event IDs', '说明 Detail'],
      unit.lineItems.map((line) => ({
        cells: [
          text(line.lineId + (line.waivedBy ? ` (申诉 ${line.waivedBy})` : '')),
          text(line.taskId ?? ''),
          text(ruleText(line.rule)),
          num(pointsText(line.points)),
          text(line.eventIds.join('; ')),
          text(detailText(line)),
        ],
      })),
    ),
  ];
}

type Cell = { value: string; numeric: boolean };
const text = (value: string): Cell => ({ value, numeric: false });
const num = (value: string): Cell => ({ value, numeric: true });

function table(headings: readonly string[], rows: readonly { className?: string | undefined; cells: Cell[] }[]): string {
  return [
    '<table>',
    `<thead><tr>${headings.map((heading) => `<th scope="col">${escapeHtml(heading)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows
      .map(
        (row) =>
          `<tr${row.className ? ` class="${row.className}"` : ''}>${row.cells
            .map((cell) => `<td${cell.numeric ? ' class="num"' : ''}>${escapeHtml(cell.value)}</td>`)
            .join('')}</tr>`,
      )
      .join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}
