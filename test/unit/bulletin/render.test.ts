import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildBulletin } from '../../../shared/bulletin/bulletin.js';
import { escapeHtml, renderBulletinHtml } from '../../../shared/bulletin/render-html.js';
import { bulletinSheets, HEADER_ROW, renderBulletinXlsx } from '../../../shared/bulletin/render-xlsx.js';
import { input, sprayHushan } from './fixture.js';

const bulletin = buildBulletin(input());

describe('renderBulletinHtml', () => {
  it('is one self-contained page with bilingual headings and every unit and noticed task', () => {
    // Act
    const html = renderBulletinHtml(bulletin);

    // Assess
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<title>2022年10月月度通报 / Monthly bulletin, October 2022</title>');
    expect(html).toContain('发布日期 2022-11-01 · 统计期间 2022年10月 / Published 2022-11-01, covering October 2022');
    for (const heading of ['各单位完成情况 / Units', '通报、约谈任务 / Tasks noticed or summoned', '完成率 / Completion rate', '约谈 / Summon'])
      expect(html).toContain(heading);
    expect(html).toContain('<td>浒山街道</td><td>hushan</td><td class="num">4</td><td class="num">1</td><td class="num">25.0%</td>');
    expect(html).toContain('<tr class="total"><td>合计 / Total</td>');
    expect(html).toContain(`<td>已整治喷涂企业“回头看”排查</td><td>${sprayHushan}</td><td>约谈 / Summon</td><td>2022-10-31</td>`);
    // Nothing fetched from elsewhere: no scripts, no links, no outside resources.
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
  });

  it('escapes every text that comes from the data', () => {
    // Prepare
    const hostile = buildBulletin({
      ...input(),
      plans: input().plans.map((plan) => ({ ...plan, name: '<script>alert("x")</script>', units: [{ id: 'hushan', name: '浒山 & <b>街道</b>' }] })),
    });

    // Act
    const html = renderBulletinHtml(hostile);

    // Assess
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('浒山 &amp; &lt;b&gt;街道&lt;/b&gt;');
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('says so when no task reached 通报 or 约谈', () => {
    expect(renderBulletinHtml({ ...bulletin, noticed: [] })).toContain('本月无通报、约谈任务 / No task reached 通报 or 约谈 this month.');
  });
});

describe('renderBulletinXlsx', () => {
  async function read(buffer: Buffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    return workbook;
  }
  const rowValues = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);

  it('has one sheet per section, bilingual headers, numbers as numbers and the rate as a percentage', async () => {
    // Act
    const workbook = await read(await renderBulletinXlsx(bulletin));

    // Assess
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([bulletinSheets.units, bulletinSheets.noticed]);
    const units = workbook.getWorksheet(bulletinSheets.units)!;
    expect(units.getCell(1, 1).value).toBe('2022年10月月度通报 / Monthly bulletin, October 2022');
    expect(rowValues(units, HEADER_ROW)).toEqual([
      '单位 / Unit', '单位编号 / Unit id', '任务数 / Tasks', '已办结 / Closed', '完成率 / Completion rate',
      '绿灯 / Green', '黄灯 / Yellow', '红灯 / Red', '提醒 / Remind', '催办 / Urge', '督办 / Supervise', '通报 / Notice', '约谈 / Summon',
    ]);
    expect(rowValues(units, HEADER_ROW + 1)).toEqual(['浒山街道', 'hushan', 4, 1, 0.25, 1, 1, 1, 0, 1, 1, 1, 1]);
    expect(units.getCell(HEADER_ROW + 1, 5).numFmt).toBe('0.0%');
    expect(rowValues(units, HEADER_ROW + 2)).toEqual(['白沙路街道', 'baishalu', 2, 1, 0.5, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(rowValues(units, HEADER_ROW + 3)).toEqual(['合计 / Total', '', 6, 2, 0.3333, 2, 1, 1, 0, 1, 1, 1, 1]);

    const noticed = workbook.getWorksheet(bulletinSheets.noticed)!;
    expect(rowValues(noticed, HEADER_ROW)).toEqual([
      '单位 / Unit', '任务 / Task', '任务编号 / Task id', '级别 / Level', '升级日期 / Raised on', '情形 / Kind', '起算日 / Since', '工作日 / Working days',
    ]);
    expect(rowValues(noticed, HEADER_ROW + 1)).toEqual([
      '浒山街道', '已整治喷涂企业“回头看”排查', sprayHushan, '约谈 / Summon', '2022-10-31', '逾期 / overdue', '2022-09-30', 20,
    ]);
    expect(noticed.rowCount).toBe(HEADER_ROW + 1);
  });
});
