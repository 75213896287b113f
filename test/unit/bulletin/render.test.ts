import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildBulletin } from '../../../shared/bulletin/bulletin.js';
import { lightStyles } from '../../../shared/documents/workbook-style.js';
import { escapeHtml, renderBulletinHtml } from '../../../shared/bulletin/render-html.js';
import { bulletinSheets, HEADER_ROW, renderBulletinXlsx } from '../../../shared/bulletin/render-xlsx.js';
import { cixiParticulars, input, sprayHushan } from './fixture.js';

const bulletin = buildBulletin(input());
const issued = buildBulletin({ ...input(), particulars: cixiParticulars });

/** What a reader sees: the page's text without its tags, attributes, style or the chart's drawing. */
function visibleText(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

/** The units table's rows in order: each row's unit id (a data attribute) and its cells' text. */
function unitRows(html: string): { unitId: string; cells: string[] }[] {
  return [...html.matchAll(/<tr data-unit-id="([^"]+)">(.*?)<\/tr>/g)].map((m) => ({
    unitId: m[1]!,
    cells: [...m[2]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '')),
  }));
}

describe('renderBulletinHtml', () => {
  it('is one self-contained Chinese page that reads on a phone and prints on A4', async () => {
    // Act
    const html = await renderBulletinHtml(bulletin);

    // Assess
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<title>关于2022年10月重点工作推进情况的通报</title>');
    expect(html).toMatch(/@page \{\s*size: A4;[^}]*@bottom-center \{ content: [^;]*counter\(page\)/);
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!www\.w3\.org)/);
    expect(visibleText(html)).not.toMatch(/Monthly bulletin|Completion rate|Unit id/);
  });

  it('opens with the figures of the bulletin, ranks the units by completion rate and shows their lights as marks in words', async () => {
    // Act
    const html = await renderBulletinHtml(bulletin);

    // Assess: 6 tasks (the withdrawn one left out), 2 closed; hushan 1 of 4, baishalu 1 of 2.
    expect(visibleText(html)).toContain(
      '2022年10月，慈溪市2022年生态环境保护重点工作共有任务6项，截至2022年11月1日已办结2项，办结率33.3%；未办结的4项中，红灯1项、黄灯1项、绿灯2项。本月1个单位0项任务被通报、1项被约谈。',
    );
    const rows = unitRows(html);
    expect(rows.map((row) => row.unitId)).toEqual(['baishalu', 'hushan']);
    expect(rows[0]!.cells.slice(0, 6)).toEqual(['1', '白沙路街道', '2', '1', '50.0%', '绿1']);
    expect(rows[1]!.cells.slice(0, 6)).toEqual(['2', '浒山街道', '4', '1', '25.0%', '红1黄1绿1']);
    expect(html).toContain('<span class="mark red">红1</span>');
    expect(rows[1]!.cells.slice(6)).toEqual(['0', '1', '1', '1', '1']);
  });

  it('lists the tasks at 通报 and 约谈 by unit and task name, with ids in data attributes only', async () => {
    // Act
    const html = await renderBulletinHtml(bulletin);

    // Assess
    expect(html).toContain(
      `<tr data-task-id="${sprayHushan}"><td class="unit" rowspan="1">浒山街道</td><td>已整治喷涂企业“回头看”排查</td><td><span class="mark summon">约谈</span></td><td>逾期20个工作日（自2022年9月30日起）</td>`,
    );
    const text = visibleText(html);
    for (const id of ['hushan', 'baishalu', sprayHushan, 'cixi-2022']) expect(text).not.toContain(id);
  });

  it('carries the issuer, the document number, the date and 抄送 when the bureau set them, and reads well without', async () => {
    // Act
    const [withParticulars, without] = [await renderBulletinHtml(issued), await renderBulletinHtml(bulletin)];

    // Assess
    expect(withParticulars).toContain('<p class="issuer">宁波市生态环境局慈溪分局</p>');
    expect(withParticulars).toContain('<p class="number">慈环督〔2022〕11号</p>');
    expect(withParticulars).toContain('<footer class="cc">抄送：慈溪市人民政府办公室，宁波市生态环境局。</footer>');
    expect(withParticulars).toMatch(/<div class="signature">\n<p>宁波市生态环境局慈溪分局<\/p>\n<p>2022年11月1日<\/p>/);
    expect(without).not.toMatch(/masthead"|class="cc"|undefined|null/);
    expect(without).toMatch(/<div class="signature">\n<p>2022年11月1日<\/p>/);
  });

  it('draws completion by unit as an inline SVG chart, the units in rank order', async () => {
    // Act
    const html = await renderBulletinHtml(bulletin);

    // Assess
    const svg = /<figure class="chart">(<svg[\s\S]*?<\/svg>)<\/figure>/.exec(html)?.[1];
    expect(svg).toMatch(/^<svg role="img" aria-label="各单位任务办结率"/);
    expect(svg!.indexOf('>白沙路街道</text>')).toBeLessThan(svg!.indexOf('>浒山街道</text>'));
  });

  it('is written in English when asked', async () => {
    // Act
    const html = await renderBulletinHtml(issued, 'en');

    // Assess
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('<title>Progress of the key tasks, October 2022</title>');
    expect(visibleText(html)).toContain('by 1 November 2022, 2 were closed, a completion rate of 33.3%');
    expect(html).toContain('<span class="mark red">Red 1</span>');
    expect(html).toContain('Copied to：');
  });

  it('escapes every text that comes from the data', async () => {
    // Prepare
    const hostile = buildBulletin({
      ...input(),
      plans: input().plans.map((plan) => ({ ...plan, name: '<script>alert("x")</script>', units: [{ id: 'hushan', name: '浒山 & <b>街道</b>' }] })),
      particulars: { issuer: '<i>局</i>', documentNumber: '"1"', cc: ['<u>办</u>'] },
    });

    // Act
    const html = await renderBulletinHtml(hostile);

    // Assess
    expect(html).not.toMatch(/<script>|<b>|<i>|<u>/);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('浒山 &amp; &lt;b&gt;街道&lt;/b&gt;');
    expect(html).toContain('&lt;i&gt;局&lt;/i&gt;');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('says so when no task reached 通报 or 约谈', async () => {
    // Act
    const html = await renderBulletinHtml({ ...bulletin, noticed: [] });

    // Assess
    expect(html).toContain('本月无通报、约谈任务。');
    expect(visibleText(html)).toContain('本月未有任务被通报或约谈。');
  });
});

describe('renderBulletinXlsx', () => {
  async function read(buffer: Buffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    return workbook;
  }
  const rowValues = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);

  it('ranks the units under Chinese headers, numbers as numbers, the rate a percentage, lights filled in their colour', async () => {
    // Act
    const workbook = await read(await renderBulletinXlsx(issued));

    // Assess
    const sheets = bulletinSheets();
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([sheets.units, sheets.noticed, sheets.data]);
    const units = workbook.getWorksheet(sheets.units)!;
    expect(units.getCell(1, 1).value).toBe('关于2022年10月重点工作推进情况的通报');
    expect(units.getCell(2, 1).value).toBe('宁波市生态环境局慈溪分局　慈环督〔2022〕11号　发布日期：2022年11月1日　统计期间：2022年10月');
    expect(rowValues(units, HEADER_ROW)).toEqual(['排名', '单位', '任务数', '已办结', '办结率', '红灯', '黄灯', '绿灯', '提醒', '催办', '督办', '通报', '约谈']);
    expect(rowValues(units, HEADER_ROW + 1)).toEqual([1, '白沙路街道', 2, 1, 0.5, 0, 0, 1, 0, 0, 0, 0, 0]);
    expect(rowValues(units, HEADER_ROW + 2)).toEqual([2, '浒山街道', 4, 1, 0.25, 1, 1, 1, 0, 1, 1, 1, 1]);
    expect(rowValues(units, HEADER_ROW + 3)).toEqual(['合计', '', 6, 2, 0.3333, 1, 1, 2, 0, 1, 1, 1, 1]);
    expect(units.getCell(HEADER_ROW + 1, 5).numFmt).toBe('0.0%');
    expect(units.getCell(HEADER_ROW + 2, 6).fill).toEqual(lightStyles.red.fill);
    // A light with no task stays unfilled.
    expect((units.getCell(HEADER_ROW + 1, 6).fill as ExcelJS.FillPattern | undefined)?.pattern ?? 'none').toBe('none');
    expect(units.pageSetup.printTitlesRow).toBe(`${HEADER_ROW}:${HEADER_ROW}`);
  });

  it('lists the tasks at 通报 and 约谈 by name, and keeps the ids to the annex', async () => {
    // Act
    const workbook = await read(await renderBulletinXlsx(bulletin));

    // Assess
    const sheets = bulletinSheets();
    const noticed = workbook.getWorksheet(sheets.noticed)!;
    expect(rowValues(noticed, HEADER_ROW)).toEqual(['单位', '任务', '级别', '情形', '升级日期']);
    expect(rowValues(noticed, HEADER_ROW + 1)).toEqual(['浒山街道', '已整治喷涂企业“回头看”排查', '约谈', '逾期20个工作日（自2022年9月30日起）', '2022-10-31']);
    expect(noticed.getCell(HEADER_ROW + 1, 3).fill).toEqual(lightStyles.red.fill);
    const data = workbook.getWorksheet(sheets.data)!;
    expect(rowValues(data, HEADER_ROW + 1)).toEqual(['计划', 'cixi-2022', '慈溪市2022年生态环境保护重点工作', '']);
    expect(rowValues(data, data.rowCount)).toEqual(['任务', sprayHushan, '已整治喷涂企业“回头看”排查', 'hushan']);
  });

  it('is written in English when asked', async () => {
    // Act
    const workbook = await read(await renderBulletinXlsx(bulletin, 'en'));

    // Assess
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(Object.values(bulletinSheets('en')));
    expect(rowValues(workbook.worksheets[0]!, HEADER_ROW).slice(0, 5)).toEqual(['Rank', 'Unit', 'Tasks', 'Closed', 'Completion']);
  });
});
