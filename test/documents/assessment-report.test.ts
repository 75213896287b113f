import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCsv } from '../../shared/assessment/render-csv.js';
import { renderHtml } from '../../shared/assessment/render-html.js';
import { renderXlsx, sheetNamesOf } from '../../shared/assessment/render-xlsx.js';
import { launchChromium } from '../browser/support.js';
import { printWorkbook } from '../support/libreoffice.js';
import { DOCUMENTS_DIR, PHONE_WIDTH, printToPdf, saveDocument, screenshot } from '../support/print.js';
import { cixiReport, ORGANISATION } from './assessment-report-data.js';

// The Cixi sample's 2022 assessment result (考核结果) as a clerk gets it: the HTML printed by Debian's Chromium
// to A4 PDF and shot on a desk and a phone, the workbook printed through LibreOffice, the CSV opened, all under
// test-results/documents/. No server: the report is made in memory as Publish makes it.

const report = cixiReport();
const html = await renderHtml(report);
const units = report.units;
const lineCount = units.reduce((sum, unit) => sum + unit.lineItems.length, 0);
/** Every id the data holds: task ids, line ids and event ids never show as a document's words. */
const ids = [...new Set(units.flatMap((unit) => unit.lineItems.flatMap((line) => [line.lineId, ...(line.taskId ? [line.taskId] : []), ...line.eventIds])))];
/** A unit's heading as printed: its name, then its place in its group (镇街道第3名). */
const headingOf = (unit: (typeof units)[number]) => `${unit.unitName}${unit.groupName}第${unit.rank}名`;
const squeeze = (text: string) => text.replace(/\s+/g, '');

/**
 * The bound a clerk accepts: the ranking and the chart on the first pages, then every unit on its own page,
 * a town with twenty-odd lines now and then running onto a second.
 */
const MAX_HTML_PAGES = units.length + 10;
/** The workbook: the ranking on one page, the line items about 25 rows a page (A4 landscape, one page wide). */
const MAX_WORKBOOK_PAGES = 1 + Math.ceil(lineCount / 20);

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  saveDocument('assessment-2022.html', html);
});
afterAll(() => browser?.close());

describe('the Cixi 2022 assessment result, printed from its HTML', () => {
  it('prints the ranking first, then each unit from a page of its own, every page numbered and every table headed, in words without ids', async () => {
    // Act
    const printed = await printToPdf(browser, html, 'assessment-2022', { pageNumbers: 'document' });
    const pages = printed.text.split('\f').slice(0, printed.pages).map(squeeze);

    // Assess
    expect(units.length).toBe(28);
    expect(printed.pages).toBeLessThanOrEqual(MAX_HTML_PAGES);
    expect(pages[0]).toContain(squeeze(ORGANISATION));
    expect(pages[0]).toContain('2022年度目标责任制考核结果');
    expect(pages[0]).toContain('发布日期：2023年1月16日');
    const startPages = units.map((unit) => pages.findIndex((page) => page.includes(headingOf(unit))));
    // Each unit starts a page of its own, in ranking order, after the ranking and the chart.
    expect(startPages.every((page, i) => page > 0 && (i === 0 || page > startPages[i - 1]!))).toBe(true);
    for (const [i, unit] of units.entries()) expect(pages[startPages[i]!]!.startsWith(i === 0 ? '三、各单位得分明细' : unit.unitName), unit.unitId).toBe(true);
    // A unit's table running onto another page has its header there again.
    for (const page of pages.slice(startPages[0]!)) if (/\d\.\d\d\/\d|督办扣分|回头看反弹/.test(page)) expect(page).toContain('任务考核项分值说明');
    pages.forEach((page, i) => expect(page).toContain(`第${i + 1}页/共${printed.pages}页`));
    for (const id of ids) expect(printed.text).not.toContain(id);
  });

  it('reads on a desk and on a phone without scrolling sideways, and in English when asked', async () => {
    // Prepare: the ranking and the first units are enough to see the page's layout (a whole page's shot takes long).
    const opening = await renderHtml({ ...report, units: units.filter((unit) => unit.rank <= 2) });

    // Act
    const desk = await screenshot(browser, opening, 'assessment-2022-desk');
    const phone = await screenshot(browser, opening, 'assessment-2022-phone', PHONE_WIDTH);
    const english = await printToPdf(browser, await renderHtml(report, { lang: 'en' }), 'assessment-2022-en', { pageNumbers: 'document' });

    // Assess
    expect(desk.overflowX).toBe(0);
    expect(phone.overflowX).toBe(0);
    expect(english.pages).toBeLessThanOrEqual(MAX_HTML_PAGES);
    expect(english.text).toContain('2022 year-end assessment results');
    expect(english.text).toMatch(/Page 1 of \d+/);
    // The first page, and the first unit's, as pictures for the README (docs/screenshots/).
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', join(DOCUMENTS_DIR, 'assessment-2022.pdf'), join(DOCUMENTS_DIR, 'assessment-2022-page-1')]);
  });
});

describe('the Cixi 2022 assessment workbook, printed through LibreOffice', () => {
  it('prints its ranking on one page and the line items on numbered A4 pages, each headed; every value reads back, none of them an id', async () => {
    // Prepare
    const bytes = await renderXlsx(report);

    // Act
    const printed = await printWorkbook('assessment-2022-workbook', bytes);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);

    // Assess: the print.
    expect(printed.pages).toBeLessThanOrEqual(MAX_WORKBOOK_PAGES);
    const pages = printed.texts.map(squeeze);
    for (const unit of units) expect(pages[0]).toContain(unit.unitName);
    for (const page of pages.slice(1)) expect(page).toContain('单位任务考核项分值说明依据');
    pages.forEach((page, i) => expect(page).toContain(`第${i + 1}页/共${printed.pages}页`));
    // The values: two sheets, the ranking in order, a row per line item with its words.
    const names = sheetNamesOf('zh');
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([names.ranking, names.details]);
    const ranking = workbook.getWorksheet(names.ranking)!;
    units.forEach((unit, i) => expect((ranking.getRow(4 + i).values as unknown[]).slice(1, 5)).toEqual([unit.groupName, unit.rank, unit.unitName, unit.total]));
    const details = workbook.getWorksheet(names.details)!;
    expect(details.rowCount).toBe(3 + lineCount);
    for (let r = 4; r <= details.rowCount; r++) {
      const [unit, task, rule, points, explanation] = [1, 2, 3, 4, 5].map((c) => details.getCell(r, c).value);
      expect(units.some((candidate) => candidate.unitName === unit)).toBe(true);
      expect(typeof task === 'string' && typeof rule === 'string' && typeof explanation === 'string' && explanation.length > 0, `row ${r}`).toBe(true);
      expect(typeof points).toBe('number');
    }
    for (const sheet of workbook.worksheets)
      sheet.eachRow((row, r) => {
        for (const value of (row.values as unknown[]).slice(1)) expect(ids, `${sheet.name} row ${r}`).not.toContain(value);
      });
  });
});

describe('the Cixi 2022 assessment CSV', () => {
  it('opens in Excel as Chinese: a BOM, Chinese headings and grades, a row per line item', () => {
    // Act
    const csv = renderCsv(report);
    saveDocument('assessment-2022.csv', csv);

    // Assess
    expect(csv.startsWith('\uFEFF分组,排名,单位,总分,等次,')).toBe(true);
    const rows = csv.split('\r\n').slice(1, -1);
    expect(rows).toHaveLength(units.reduce((sum, unit) => sum + Math.max(1, unit.lineItems.length), 0));
    expect(rows.every((row) => /^(镇街道|部门),\d+,[^,]+,\d+\.\d\d,(优秀|良好|合格|不合格),/.test(row))).toBe(true);
  });
});
