import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../../shared/assessment/render-csv.js';
import { renderHtml } from '../../../shared/assessment/render-html.js';
import { renderXlsx, sheetNamesOf } from '../../../shared/assessment/render-xlsx.js';
import { buildAssessmentReport, goalNamesOf, nameReport } from '../../../shared/assessment/report.js';
import type { LineItem, RankedUnit } from '../../../shared/domain/assessment/types.js';
import { cixi } from '../domain/cixi-tasks.js';

// Three Cixi units as a run would have stored them: 浒山街道 first of the towns, 白沙路街道 second with a 通报
// deducted, 慈溪分局 vetoed and alone among the departments.
const ranked = (unit: Partial<RankedUnit> & Pick<RankedUnit, 'unitId' | 'unitName' | 'total' | 'rank' | 'grade'>): RankedUnit => ({
  group: 'towns',
  groupName: '镇街道',
  vetoed: false,
  completion: unit.total,
  timeliness: 0,
  deductions: 0,
  bonus: 0,
  ...unit,
});
const ecoBureau = ranked({ unitId: 'eco-bureau', unitName: '慈溪分局', group: 'departments', groupName: '部门', total: 95, rank: 1, grade: 'fail', vetoed: true });
const hushan = ranked({ unitId: 'hushan', unitName: '浒山街道', total: 91.5, completion: 75, timeliness: 16.5, rank: 1, grade: 'excellent' });
const baishalu = ranked({ unitId: 'baishalu', unitName: '白沙路街道', total: 78, completion: 70, timeliness: 10, deductions: -2, rank: 2, grade: 'pass' });
/** As the ranking is stored: group by group in the rules' order (towns first), each by rank. */
const ranking: RankedUnit[] = [hushan, baishalu, ecoBureau];
const T = (name: string) => `cixi-2022.${name}`;
const waste = (unitId: string) => T(`hazardous-waste-network.${unitId}`);
const lines = new Map<string, LineItem[]>([
  [
    'hushan',
    [
      { lineId: `completion:${waste('hushan')}`, taskId: waste('hushan'), rule: 'completion', points: 75, max: 80, eventIds: [], detail: { done: 30, target: 40, ratio: 0.75 } },
      {
        lineId: `timeliness:${waste('hushan')}`,
        taskId: waste('hushan'),
        rule: 'timeliness',
        points: 16.5,
        max: 20,
        eventIds: [`${waste('hushan')}@7`, `${waste('hushan')}@9`],
        detail: { closed: true, deadline: '2022-06-30', doneOn: '2022-07-04', requestedOn: '2022-07-05', closedOn: '2022-07-08', workingDaysLate: 2, ratio: 0.825 },
      },
    ],
  ],
  [
    'baishalu',
    [
      { lineId: `completion:${waste('baishalu')}`, taskId: waste('baishalu'), rule: 'completion', points: 70, max: 80, eventIds: [], detail: {} },
      { lineId: `timeliness:${waste('baishalu')}`, taskId: waste('baishalu'), rule: 'timeliness', points: 10, max: 20, eventIds: [], detail: {} },
      {
        lineId: `escalation:${waste('baishalu')}:behind:2022-10-10`,
        taskId: waste('baishalu'),
        rule: 'escalation',
        points: -2,
        eventIds: [`${waste('baishalu')}@5`],
        detail: { level: 'notice', period: 'behind:2022-10-10', deduction: -2, capped: false },
      },
    ],
  ],
  ['eco-bureau', [{ lineId: 'veto:adj-1', taskId: null, rule: 'veto', points: 0, eventIds: ['adj-1'], detail: { reason: '环保督察发现重大问题, "一票否决"' } }]],
]);
const meta = { year: 2022, runId: 'run-1', publishedOn: '2023-01-16' };
/** The report as Publish renders it: the tasks named by the Cixi plan's goals, the bureau's name. */
const named = (report = buildAssessmentReport(ranking, lines, meta)) => nameReport(report, { organisation: '宁波市生态环境局慈溪分局', goals: goalNamesOf([cixi]) });
const wasteGoal = cixi.goals.find((goal) => goal.id === 'hazardous-waste-network')!;
/** Every id the report's data holds: none may be the text of a row. */
const allIds = [
  ...ranking.map((unit) => unit.unitId),
  ...[...lines.values()].flat().flatMap((line) => [line.lineId, line.taskId ?? '', ...line.eventIds].filter((id) => id !== '')),
];

describe('buildAssessmentReport', () => {
  it('orders the units group by group as the ranking lists the groups, each by rank, with their line items', () => {
    // Act
    const report = buildAssessmentReport([baishalu, ecoBureau, hushan], lines, meta);

    // Assess
    expect(report.units.map((unit) => [unit.group, unit.rank, unit.unitId, unit.lineItems.length])).toEqual([
      ['towns', 1, 'hushan', 2],
      ['towns', 2, 'baishalu', 3],
      ['departments', 1, 'eco-bureau', 1],
    ]);
    expect(report).toMatchObject(meta);
  });

  it('names each line\'s task by its goal\'s title and unit of measure, and the bureau', () => {
    // Act
    const report = named();

    // Assess
    expect(report.organisation).toBe('宁波市生态环境局慈溪分局');
    expect(report.tasks[waste('hushan')]).toEqual({ title: wasteGoal.title, unitOfMeasure: 'unitOfMeasure' in wasteGoal ? wasteGoal.unitOfMeasure : undefined });
    expect(Object.keys(report.tasks).sort()).toEqual([waste('baishalu'), waste('hushan')]);
  });
});

describe('renderCsv', () => {
  const csv = renderCsv(named());
  const rowsOf = (text: string) => text.slice(1).split('\r\n').slice(1, -1);

  it('is UTF-8 with a BOM and CRLF line ends: Chinese headings, then a row per line item group by group, in words, the ids last', () => {
    // Assess
    expect(csv.startsWith('\uFEFF分组,排名,单位,总分,等次,一票否决,任务,考核项,分值,满分,说明,依据,单位编号,明细编号,任务编号,事件编号\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = rowsOf(csv);
    expect(rows).toHaveLength(6);
    expect(rows[1]).toBe(
      `镇街道,1,浒山街道,91.50,优秀,,${wasteGoal.title},及时性,16.50,20.00,逾期2个工作日，扣3.50分,期限2022年6月30日，7月4日完成、7月5日申请销号、7月8日办结,hushan,timeliness:${waste('hushan')},${waste('hushan')},${waste('hushan')}@7;${waste('hushan')}@9`,
    );
    expect(rows[4]).toBe(`镇街道,2,白沙路街道,78.00,合格,,${wasteGoal.title},督办扣分,-2.00,,通报1次，扣2分,2022年10月10日起进度滞后,baishalu,escalation:${waste('baishalu')}:behind:2022-10-10,${waste('baishalu')},${waste('baishalu')}@5`);
    expect(rows[5]).toBe('部门,1,慈溪分局,95.00,不合格,是,（单位加减分）,一票否决,0.00,,"一票否决：环保督察发现重大问题, ""一票否决""",管理员登记,eco-bureau,veto:adj-1,,adj-1');
  });

  it('speaks English when asked: headings, groups, grades and words', () => {
    // Act
    const english = renderCsv(named(), { lang: 'en' });

    // Assess
    expect(english.startsWith('\uFEFFGroup,Rank,Unit,Total,Grade,Vetoed,Task,Rule,Points,Max,Explanation,Based on,Unit ID,Line ID,Task ID,Event IDs\r\n')).toBe(true);
    expect(rowsOf(english)[1]).toMatch(/^Towns and streets,1,浒山街道,91\.50,Excellent,,[^,]+,Timeliness,16\.50,20\.00,"2 working days late, −3\.50",/);
  });

  it('quotes a field with a comma, quote or line break (RFC 4180), defuses a formula, gives a unit without line items one row', () => {
    // Prepare
    const odd = [ranked({ unitId: 'water-office', unitName: '市治水办, "河长制"\n办公室', total: 0, rank: 1, grade: 'fail' })];
    const formula = [ranked({ unitId: 'x', unitName: '=HYPERLINK("http://x")', total: 0, rank: 1, grade: 'fail' })];

    // Act
    const [text, defused] = [renderCsv(buildAssessmentReport(odd, new Map(), meta)), renderCsv(buildAssessmentReport(formula, new Map(), meta))];

    // Assess
    expect(text.split('\r\n')[1]).toBe('镇街道,1,"市治水办, ""河长制""\n办公室",0.00,不合格,,,,,,,,water-office,,,');
    expect(defused.split('\r\n')[1]!.startsWith(`镇街道,1,"'=HYPERLINK(""http://x"")",`)).toBe(true);
  });

  it('is the same bytes for the same figures, whatever the run or the day of publication', () => {
    // Act
    const again = renderCsv(named(buildAssessmentReport([...ranking].reverse(), lines, { year: 2022, runId: 'run-2', publishedOn: '2023-02-01' })));

    // Assess: the departments came first this time, and so they are listed first; the rows are the same.
    expect(new Set(rowsOf(again))).toEqual(new Set(rowsOf(csv)));
    expect(renderCsv(named(buildAssessmentReport(ranking, lines, { year: 2022, runId: 'run-2', publishedOn: '2023-02-01' })))).toBe(csv);
  });
});

describe('renderXlsx', () => {
  it('opens with exceljs: a ranking sheet and one sheet of every unit\'s line items in words, no id the text of a cell', async () => {
    // Act
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx(named())) as unknown as ArrayBuffer);

    // Assess
    const names = sheetNamesOf('zh');
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([names.ranking, names.details]);
    const sheet = workbook.getWorksheet(names.ranking)!;
    expect(sheet.getCell(1, 1).value).toBe('宁波市生态环境局慈溪分局2022年度目标责任制考核结果');
    const values = (target: ExcelJS.Worksheet, row: number) => (target.getRow(row).values as unknown[]).slice(1);
    expect(values(sheet, 3)).toEqual(['分组', '排名', '单位', '总分', '等次', '完成度', '及时性', '扣分', '加分', '一票否决']);
    expect(values(sheet, 4)).toEqual(['镇街道', 1, '浒山街道', 91.5, '优秀', 75, 16.5, 0, 0, '']);
    expect(values(sheet, 6)).toEqual(['部门', 1, '慈溪分局', 95, '不合格', 95, 0, 0, 0, '是']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const details = workbook.getWorksheet(names.details)!;
    expect(values(details, 3)).toEqual(['单位', '任务', '考核项', '分值', '说明', '依据']);
    expect(values(details, 8)).toEqual(['白沙路街道', wasteGoal.title, '督办扣分', -2, '通报1次，扣2分', '2022年10月10日起进度滞后']);
    expect(details.rowCount).toBe(3 + 6);
    for (const worksheet of workbook.worksheets)
      worksheet.eachRow((row) => {
        for (const value of (row.values as unknown[]).slice(1)) expect(allIds).not.toContain(value);
      });
  });

  it('names its sheets and headings in English when asked', async () => {
    // Act
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx(named(), { lang: 'en' })) as unknown as ArrayBuffer);

    // Assess
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Ranking', 'Line items']);
    expect(workbook.getWorksheet('Ranking')!.getCell(4, 5).value).toBe('Excellent');
  });
});

describe('renderHtml', () => {
  it('is one self-contained page in Chinese: grades as tags, line items in words, ids in data- attributes only, every text escaped', async () => {
    // Prepare
    const hostile = [ranked({ unitId: 'gutang', unitName: '<script>alert(1)</script>', total: 50, rank: 3, grade: 'fail' })];

    // Act
    const html = await renderHtml(named(buildAssessmentReport([...ranking, ...hostile], lines, meta)));

    // Assess
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // Nothing from outside: the chart's SVG names its namespaces, and that is all.
    expect(html.replace(/ xmlns(:\w+)?="[^"]*"/g, '')).not.toMatch(/<link|<script|src=|https?:/);
    expect(html).toContain('<figure class="chart"><figcaption>镇街道</figcaption><svg');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('<td class="num">91.50</td>');
    expect(html).toContain('<span class="tag grade-excellent">优秀</span>');
    expect(html).toContain('一票否决：环保督察发现重大问题');
    expect(html).toContain('通报1次，扣2分');
    expect(html).toContain(`data-event-ids="${waste('baishalu')}@5"`);
    const text = html.replace(/<[^>]*>/g, ' ');
    for (const id of allIds.filter((id) => /[.:@]/.test(id))) expect(text).not.toContain(id);
  });

  it('writes English when asked', async () => {
    // Act
    const html = await renderHtml(named(), { lang: 'en' });

    // Assess
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('2022 year-end assessment results');
    expect(html).toContain('Notice once, −2');
    expect(html).not.toContain('通报1次');
  });
});
