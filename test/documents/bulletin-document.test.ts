import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBulletin } from '../../shared/bulletin/bulletin.js';
import { renderBulletinHtml } from '../../shared/bulletin/render-html.js';
import { launchChromium } from '../browser/support.js';
import { PHONE_WIDTH, printToPdf, saveDocument, screenshot } from '../support/print.js';
import { cixiOctober, cixiParticulars } from '../unit/bulletin/fixture.js';

// The Cixi sample's October bulletin (every unit and task, published 2022-11-01) as a person sees it:
// rendered by Debian's Chromium to A4 PDF and PNG under test-results/documents/, on a desk and a phone.

const bulletin = buildBulletin({ ...cixiOctober(), particulars: cixiParticulars });
const html = await renderBulletinHtml(bulletin);
const unitIds = bulletin.units.map((unit) => unit.unitId);

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  saveDocument('bulletin-2022-11.html', html);
});
afterAll(() => browser?.close());

describe('the Cixi October bulletin, printed', () => {
  it('fits on two A4 pages, numbered, in Chinese, naming units by name and never by id', async () => {
    // Act
    const printed = await printToPdf(browser, html, 'bulletin-2022-11', { pageNumbers: 'document' });

    // Assess
    expect(bulletin.units.length).toBeGreaterThanOrEqual(28);
    expect(printed.pages).toBeLessThanOrEqual(2);
    const text = printed.text.replace(/\s+/g, '');
    for (const words of ['宁波市生态环境局慈溪分局', '慈环督〔2022〕11号', '关于2022年10月重点工作推进情况的通报', '一、各单位任务办结情况', '三、下步工作要求', '抄送'])
      expect(text).toContain(words);
    for (const unit of bulletin.units) expect(text).toContain(unit.unitName);
    expect(text).toContain(`第${printed.pages}页/共${printed.pages}页`);
    for (const id of unitIds) expect(printed.text).not.toMatch(new RegExp(`\\b${id}\\b`));
  });

  it('opens with the figures of the data', async () => {
    // Prepare
    const page = await browser.newPage();
    await page.setContent(html);

    // Act
    const opening = (await page.locator('p.opening').textContent())!;
    await page.close();

    // Assess
    const figures = /共有任务(\d+)项，截至2022年11月1日已办结(\d+)项，办结率([\d.]+)%；未办结的(\d+)项中，红灯(\d+)项、黄灯(\d+)项、绿灯(\d+)项。本月(\d+)个单位(\d+)项任务被通报、(\d+)项被约谈。/
      .exec(opening)!
      .slice(1)
      .map(Number);
    const { totals, noticed } = bulletin;
    expect(figures).toEqual([
      totals.tasks,
      totals.closed,
      Math.round(totals.completionRate! * 1000) / 10,
      totals.tasks - totals.closed,
      totals.lights.red,
      totals.lights.yellow,
      totals.lights.green,
      new Set(noticed.map((task) => task.unitId)).size,
      noticed.filter((task) => task.level === 'notice').length,
      noticed.filter((task) => task.level === 'summon').length,
    ]);
    expect(figures[8]! + figures[9]!).toBeGreaterThan(0);
  });

  it('reads on a phone without scrolling sideways, and on a desk', async () => {
    // Act
    const phone = await screenshot(browser, html, 'bulletin-2022-11-phone', PHONE_WIDTH);
    const desk = await screenshot(browser, html, 'bulletin-2022-11');

    // Assess
    expect(phone.overflowX).toBe(0);
    expect(desk.overflowX).toBe(0);
  });

  it('prints in English when asked, on two pages as well', async () => {
    // Act
    const printed = await printToPdf(browser, await renderBulletinHtml(bulletin, 'en'), 'bulletin-2022-11-en', { pageNumbers: 'document' });

    // Assess
    expect(printed.pages).toBeLessThanOrEqual(2);
    expect(printed.text).toContain('Progress of the key tasks, October 2022');
    expect(printed.text).toMatch(/Page 1 of \d/);
  });
});
