import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../../shared/assessment/render-csv.js';
import { renderHtml } from '../../../shared/assessment/render-html.js';
import { lineHeadings, RANKING_SHEET, rankingHeadings, renderXlsx, sheetNames, UNIT_HEADER_ROW } from '../../../shared/assessment/render-xlsx.js';
import { buildAssessmentReport } from '../../../shared/assessment/report.js';
import type { LineItem, RankedUnit } from '../../../shared/domain/assessment/types.js';

// Three Cixi units as a run would have stored them: 浒山街道 first, 白沙路街道 second with a 通报 deducted,
// 慈溪分局 vetoed and last. Given out of rank order, as a Query by unitId returns them.
const ranked = (unit: Partial<RankedUnit> & Pick<RankedUnit, 'unitId' | 'unitName' | 'total' | 'rank' | 'grade'>): RankedUnit => ({
  vetoed: false,
  completion: unit.total,
  timeliness: 0,
  deductions: 0,
  bonus: 0,
  ...unit,
});
const ranking: RankedUnit[] = [
  ranked({ unitId: 'eco-bureau', unitName: '慈溪分局', total: 95, rank: 3, grade: 'fail', vetoed: true }),
  ranked({ unitId: 'hushan', unitName: '浒山街道', total: 91.5, completion: 75, timeliness: 16.5, rank: 1, grade: 'excellent' }),
  ranked({ unitId: 'baishalu', unitName: '白沙路街道', total: 78, completion: 70, timeliness: 10, deductions: -2, rank: 2, grade: 'pass' }),
];
const T = (name: string) => `cixi-2022.${name}`;
const lines = new Map<string, LineItem[]>([
  [
    'hushan',
    [
      { lineId: `completion:${T('hazardous-waste-network.hushan')}`, taskId: T('hazardous-waste-network.hushan'), rule: 'completion', points: 75, max: 80, eventIds: [], detail: { done: 30, target: 40, ratio: 0.75 } },
      { lineId: `timeliness:${T('hazardous-waste-network.hushan')}`, taskId: T('hazardous-waste-network.hushan'), rule: 'timeliness', points: 16.5, max: 20, eventIds: [`${T('hazardous-waste-network.hushan')}@7`, `${T('hazardous-waste-network.hushan')}@9`], detail: { workingDaysLate: 2 } },
    ],
  ],
  [
    'baishalu',
    [
      { lineId: `completion:${T('hazardous-waste-network.baishalu')}`, taskId: T('hazardous-waste-network.baishalu'), rule: 'completion', points: 70, max: 80, eventIds: [], detail: {} },
      { lineId: `timeliness:${T('hazardous-waste-network.baishalu')}`, taskId: T('hazardous-waste-network.baishalu'), rule: 'timeliness', points: 10, max: 20, eventIds: [], detail: {} },
      { lineId: `escalation:${T('hazardous-waste-network.baishalu')}:behind:2022-10-10`, taskId: T('hazardous-waste-network.baishalu'), rule: 'escalation', points: -2, eventIds: [`${T('hazardous-waste-network.baishalu')}@5`], detail: { level: 'notice', period: 'behind:2022-10-10' } },
    ],
  ],
  ['eco-bureau', [{ lineId: 'veto:adj-1', taskId: null, rule: 'veto', points: 0, eventIds: ['adj-1'], detail: { reason: '环保督察发现重大问题, "一票否决"' } }]],
]);
const meta = { year: 2022, runId: 'run-1', publishedOn: '2023-01-16' };

describe('buildAssessmentReport', () => {
  it('orders the units by rank with their line items, whatever order the ranking came in', () => {
    // Act
    const report = buildAssessmentReport(ranking, lines, meta);

    // Assess
    expect(report.units.map((unit) => [unit.rank, unit.unitId, unit.lineItems.length])).toEqual([
      [1, 'hushan', 2],
      [2, 'baishalu', 3],
      [3, 'eco-bureau', 1],
    ]);
    expect(report).toMatchObject(meta);
  });
});

describe('renderCsv', () => {
  const csv = renderCsv(buildAssessmentReport(ranking, lines, meta));

  it('is UTF-8 with a BOM and CRLF line ends: the header, then one row per line item in rank order', () => {
    expect(csv.startsWith('\uFEFFrank,unitId,unitName,total,grade,lineId,taskId,rule,points,eventIds\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = csv.slice(1).split('\r\n').slice(1, -1);
    expect(rows).toHaveLength(6);
    expect(rows[0]).toBe(`1,hushan,浒山街道,91.50,excellent,completion:${T('hazardous-waste-network.hushan')},${T('hazardous-waste-network.hushan')},completion,75.00,`);
    expect(rows[1]).toBe(
      `1,hushan,浒山街道,91.50,excellent,timeliness:${T('hazardous-waste-network.hushan')},${T('hazardous-waste-network.hushan')},timeliness,16.50,${T('hazardous-waste-network.hushan')}@7;${T('hazardous-waste-network.hushan')}@9`,
    );
    expect(rows[4]).toMatch(/^2,baishalu,白沙路街道,78\.00,pass,escalation:.*,escalation,-2\.00,cixi-2022\.hazardous-waste-network\.baishalu@5$/);
    expect(rows[5]).toBe('3,eco-bureau,慈溪分局,95.00,fail,veto:adj-1,,veto,0.00,adj-1');
  });

  it('quotes a field with a comma, quote or line break (RFC 4180) and gives a unit without line items one row', () => {
    // Prepare
    const odd = [ranked({ unitId: 'water-office', unitName: '市治水办, "河长制"\n办公室', total: 0, rank: 1, grade: 'fail' })];

    // Act
    const text = renderCsv(buildAssessmentReport(odd, new Map(), meta));

    // Assess
    expect(text.split('\r\n')[1]).toBe('1,water-office,"市治水办, ""河长制""\n办公室",0.00,fail,,,,,');
  });

  it('is the same bytes for the same figures, whatever the run or the day of publication', () => {
    const again = renderCsv(buildAssessmentReport([...ranking].reverse(), lines, { year: 2022, runId: 'run-2', publishedOn: '2023-02-01' }));

    expect(Buffer.from(again)).toEqual(Buffer.from(csv));
  });
});

describe('renderXlsx', () => {
  it('opens with exceljs: the ranking sheet with bilingual headings, then one sheet of line items per unit in rank order', async () => {
    // Act
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderXlsx(buildAssessmentReport(ranking, lines, meta))) as unknown as ArrayBuffer);

    // Assess
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([RANKING_SHEET, 'hushan', 'baishalu', 'eco-bureau']);
    const sheet = workbook.getWorksheet(RANKING_SHEET)!;
    expect(sheet.getRow(UNIT_HEADER_ROW).values).toEqual([undefined, ...rankingHeadings]);
    const row = (n: number) => (sheet.getRow(UNIT_HEADER_ROW + n).values as unknown[]).slice(1);
    expect(row(1)).toEqual([1, 'hushan', '浒山街道', 91.5, '优秀 / Excellent', 75, 16.5, 0, 0, '']);
    expect(row(3)).toEqual([3, 'eco-bureau', '慈溪分局', 95, '不合格 / Fail', 95, 0, 0, 0, '是 Yes']);
    const baishalu = workbook.getWorksheet('baishalu')!;
    expect(baishalu.getRow(UNIT_HEADER_ROW).values).toEqual([undefined, ...lineHeadings]);
    expect((baishalu.getRow(UNIT_HEADER_ROW + 3).values as unknown[]).slice(1, 7)).toEqual([
      `escalation:${T('hazardous-waste-network.baishalu')}:behind:2022-10-10`,
      T('hazardous-waste-network.baishalu'),
      '督办扣分 / Escalation',
      -2,
      '',
      `${T('hazardous-waste-network.baishalu')}@5`,
    ]);
    expect(baishalu.getCell(UNIT_HEADER_ROW + 3, 7).value).toBe('level=notice; period=behind:2022-10-10');
  });
});

describe('sheetNames', () => {
  it('cuts ids to Excel\'s 31 characters, replaces what Excel refuses and keeps names unique (case aside), the same every time', () => {
    // Prepare
    const long = 'zero-waste-taskforce-of-the-city-bureau';
    const ids = [`${long}-a`, `${long}-b`, 'a/b:c', 'HUSHAN', 'hushan', '排名 ranking'];

    // Act
    const names = sheetNames(ids);

    // Assess
    expect(names).toEqual(['zero-waste-taskforce-of-the-cit', 'zero-waste-taskforce-of-the-c~2', 'a_b_c', 'HUSHAN', 'hushan~2', '排名 ranking~2']);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(31);
    expect(sheetNames(ids)).toEqual(names);
  });
});

describe('renderHtml', () => {
  it('is one self-contained page with the ranking and every unit\'s line items, every text escaped', () => {
    // Prepare
    const hostile = [ranked({ unitId: 'hushan', unitName: '<script>alert(1)</script>', total: 50, rank: 1, grade: 'fail' })];

    // Act
    const html = renderHtml(buildAssessmentReport([...ranking, ...hostile], lines, meta));

    // Assess
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<link|src=|https?:/);
    expect(html).toContain('<td class="num">91.50</td>');
    expect(html).toContain('环保督察发现重大问题');
    expect(html).toContain(`${T('hazardous-waste-network.baishalu')}@5`);
  });
});
