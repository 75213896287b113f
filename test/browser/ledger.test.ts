import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { ensureWebBuild } from '../../infra/local/web-build.js';
import { signInLink } from '../../shared/http/web-policy.js';
import { apiClient, type ApiClient } from '../api/api-client.js';
import { startTestStack } from '../support/local-stack.js';
import { axeViolations, launchChromium, openContext, screenshot, sidewaysScroll, type Problems, type Screen } from './support.js';

/*
 * The bureau's 台账 (/app/ledger/{planId}) and 督办看板 (/app/escalations) in Debian's Chromium against the
 * local stack on the Cixi 2022 sample, broken down, on 2022-06-15 (the server's Date faked, Chromium's clock
 * set): the ledger shows the summary's figures, filters them by light, opens 浒山街道's tasks and exports
 * them to a workbook; the board shows the summary's levels and runs the day's chase. Screenshots under
 * test-results/screenshots/, axe on both pages, no CSP violation.
 */

const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const NOW = new Date('2022-06-15T02:00:00Z'); // 10:00 in Cixi
/** How long a page may take to show what it is for, under a whole run's load. */
const SHOWN = 30_000;
const LIGHT_WORDS = { green: '正常', yellow: '滞后', red: '逾期' } as const;
const LEVEL_WORDS = { remind: '提醒', urge: '催办', supervise: '督办', notice: '通报', summon: '约谈', none: '未升级' } as const;

let stack: LocalStack;
let api: ApiClient;
let browser: Browser;
const problems: Problems = { csp: [], errors: [] };
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  const [webDir, launched] = await Promise.all([ensureWebBuild(), launchChromium()]);
  browser = launched;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  stack = await startTestStack({ webDir });
  api = apiClient(stack.url);
  expect((await api.call('POST', '/plans', { token: stack.adminToken, body: sampleYaml, contentType: 'application/yaml' })).status).toBe(201);
  const started = await api.call('POST', '/plans/cixi-2022/breakdowns', { token: stack.adminToken, body: {} });
  await api.finishedBreakdown('cixi-2022', started.body.executionId, stack.adminToken);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  vi.useRealTimers();
});

async function signedIn(path: string, screen: Screen = 'desktop'): Promise<Page> {
  const context = await openContext(browser, screen, NOW, problems);
  context.setDefaultTimeout(SHOWN);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(signInLink(stack.url, stack.adminToken));
  await page.waitForURL(/\/app\/people/);
  await page.goto(`${stack.url}${path}`);
  return page;
}

async function summary(): Promise<any> {
  return (await api.call('GET', '/plans/cixi-2022/summary', { token: stack.adminToken })).body;
}

/** A table's body rows as their cells' text, white space left out. */
function rowsOf(page: Page, caption: string): Promise<string[][]> {
  return page
    .locator('table', { has: page.locator('caption', { hasText: caption }) })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => [...(row as any).children].map((cell: any) => cell.textContent.replace(/\s+/g, ''))));
}

/** Picks an option of an Element Plus select by the select's label (its placeholder lies over the input). */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label }).click({ force: true });
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('任务台账 (/app/ledger)', () => {
  let page: Page;
  let light: 'red' | 'yellow';

  it('opens on the newest plan with each unit’s tasks, closed and light counts as the plan summary gives them, and says how fresh they are', async () => {
    // Prepare
    const expected = await summary();

    // Act
    page = await signedIn('/app/ledger');
    await page.waitForURL(/\/app\/ledger\/cixi-2022$/);
    await page.getByRole('heading', { name: expected.name }).waitFor();
    const rows = await rowsOf(page, '各单位任务汇总');

    // Assess
    expect(rows.map((cells) => cells.slice(0, 5))).toEqual(
      expected.units.slice(0, 20).map((unit: any) => [
        unit.unitName,
        String(unit.tasks),
        String(unit.closed),
        expect.any(String),
        `${LIGHT_WORDS.green}${unit.light.green}${LIGHT_WORDS.yellow}${unit.light.yellow}${LIGHT_WORDS.red}${unit.light.red}`,
      ]),
    );
    expect(await page.locator('main').innerText()).toContain('信号灯按 2022年6月15日 计算');
    expect(await page.locator('main').innerText()).not.toContain('hushan');
  });

  it('filters by light: the units with a task of that light stay', async () => {
    // Prepare: a light 浒山街道 has tasks of, that not every unit has
    const expected = await summary();
    const hushan = expected.units.find((unit: any) => unit.unitId === 'hushan');
    light = hushan.light.red > 0 ? 'red' : 'yellow';
    expect(hushan.light[light], 'the sample has 浒山街道 behind on 2022-06-15').toBeGreaterThan(0);

    // Act
    await choose(page, '信号灯', LIGHT_WORDS[light]);
    const kept = expected.units.filter((unit: any) => unit.light[light] > 0);
    await page.getByText(`${kept.length} 个单位（共 ${expected.units.length} 个）`).waitFor();
    const rows = await rowsOf(page, '各单位任务汇总');

    // Assess
    expect(rows.map((cells) => cells[0])).toEqual(kept.slice(0, 20).map((unit: any) => unit.unitName));
  });

  it('opens 浒山街道: its tasks of that light, each linking to the task, with light, progress, deadline, level and status', async () => {
    // Prepare
    const tasks = await api.allPages<any>('/plans/cixi-2022/tasks?unit=hushan&limit=200', stack.adminToken);

    // Act
    await page.getByRole('button', { name: /^查看任务\s*（浒山街道）$/ }).click();
    await page.getByRole('heading', { name: '浒山街道的任务' }).waitFor();
    await page.getByText(/^显示 \d+ 项/).waitFor();
    const links = await page
      .locator('table', { has: page.locator('caption', { hasText: '浒山街道的任务列表' }) })
      .getByRole('link')
      .evaluateAll((anchors) => anchors.map((a: any) => [a.textContent.trim(), a.getAttribute('href')]));

    // Assess
    const shown = tasks.filter((task) => task.light === light);
    expect(links.sort()).toEqual(shown.map((task) => [task.title, `/app/tasks/${task.id}`]).sort());
    const firstRow = (await rowsOf(page, '浒山街道的任务列表'))[0]!;
    expect(firstRow[1]).toContain(LIGHT_WORDS[light]);
    expect(page.url()).toMatch(/\/app\/ledger\/cixi-2022\?unit=hushan$/);
    await screenshot(page, 'ledger', 'desktop');
  });

  it('exports 浒山街道’s ledger: the workbook read back has a row per task of the unit', async () => {
    // Prepare
    const tasks = await api.allPages<any>('/plans/cixi-2022/tasks?unit=hushan&limit=200', stack.adminToken);

    // Act
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出浒山街道的全部任务（Excel）' }).click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(await download.path())) as any);
    const sheet = workbook.worksheets[0]!;
    const rows = Array.from(sheet.getSheetValues(), (values) => (Array.isArray(values) ? values.slice(1) : []));
    const header = rows.findIndex((cells) => cells[0] === '序号');
    const idColumn = rows[header]!.indexOf('任务编号');
    const ids = rows.slice(header + 1).filter((cells) => cells.length > 0).map((cells) => String(cells[idColumn]));

    // Assess
    expect(download.suggestedFilename()).toMatch(/浒山街道-任务台账-2022-06-15\.xlsx$/);
    expect(ids.sort()).toEqual(tasks.map((task) => task.id).sort());
    await page.getByRole('status').filter({ hasText: '台账已下载。' }).waitFor();
  });

  it('no serious or critical axe violation; no sideways scroll on a phone', async () => {
    // Act
    const violations = await axeViolations(page, ['#main']);
    const phone = await signedIn('/app/ledger/cixi-2022', 'phone');
    await phone.getByRole('heading', { name: '各单位' }).waitFor();
    await screenshot(phone, 'ledger', 'phone');

    // Assess
    expect(violations.map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`)).toEqual([]);
    expect(await sidewaysScroll(phone)).toBeNull();
  });
});

describe('督办看板 (/app/escalations)', () => {
  let page: Page;

  /** The level totals as the page shows them: word → count. */
  async function totalsShown(): Promise<Record<string, number>> {
    const pairs = await page.locator('dl.level-totals > div').evaluateAll((items) => items.map((item: any) => [item.querySelector('dt').textContent.trim(), Number(item.querySelector('dd').textContent)]));
    return Object.fromEntries(pairs);
  }
  const totalsOf = (level: Record<string, number>) => Object.fromEntries(Object.entries(LEVEL_WORDS).map(([key, word]) => [word, level[key]]));

  it('shows the plan’s tasks by level and the units at 督办, 通报 and 约谈, as the summary gives them', async () => {
    // Prepare
    const expected = await summary();

    // Act
    page = await signedIn('/app/escalations');
    await page.getByRole('heading', { name: '各等级任务数' }).waitFor();

    // Assess
    expect(await totalsShown()).toEqual(totalsOf(expected.totals.level));
    for (const level of ['supervise', 'notice', 'summon'] as const) {
      const units = expected.units.filter((unit: any) => unit.level[level] > 0).length;
      await page.getByRole('heading', { name: `${LEVEL_WORDS[level]}（${units} 个单位）` }).waitFor();
    }
    await page.getByText('2022年5月通报').waitFor();
    expect(await page.getByText('尚未发布').count()).toBeGreaterThan(0);
  });

  it('runs the chase of 2022-06-15 from the page: it finishes and shows the run’s figures; the levels are read again', async () => {
    // Act
    await page.getByLabel('督办日期').fill('2022-06-15');
    const [started] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/chases') && response.request().method() === 'POST'),
      page.getByRole('button', { name: '运行督办' }).click(),
    ]);
    const { executionId } = await started.json();
    await page.getByText('2022年6月15日 的督办：已完成').waitFor({ timeout: 60_000 });
    const run = (await api.call('GET', `/chases/${executionId}`, { token: stack.adminToken })).body;
    const figures = await page.locator('dl.chase__figures > div').evaluateAll((items) => items.map((item: any) => [item.querySelector('dt').textContent.trim(), Number(item.querySelector('dd').textContent)]));

    // Assess
    expect(run.status).toBe('SUCCEEDED');
    expect(Object.fromEntries(figures)).toEqual({
      检查任务: run.output.examined,
      升级至提醒: run.output.escalations.提醒,
      升级至催办: run.output.escalations.催办,
      升级至督办: run.output.escalations.督办,
      升级至通报: run.output.escalations.通报,
      升级至约谈: run.output.escalations.约谈,
      发送通知: run.output.notifications,
    });
    const after = await summary();
    await expect.poll(totalsShown).toEqual(totalsOf(after.totals.level));
    await screenshot(page, 'escalations', 'desktop');
  });

  it('no serious or critical axe violation; no sideways scroll on a phone', async () => {
    // Act
    const violations = await axeViolations(page, ['#main']);
    const phone = await signedIn('/app/escalations', 'phone');
    await phone.getByRole('heading', { name: '各等级任务数' }).waitFor();
    await screenshot(phone, 'escalations', 'phone');

    // Assess
    expect(violations.map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`)).toEqual([]);
    expect(await sidewaysScroll(phone)).toBeNull();
  });
});

describe('both pages', () => {
  it('reported no Content-Security-Policy violation and threw no uncaught error', () => {
    expect(problems.csp).toEqual([]);
    expect(problems.errors).toEqual([]);
  });
});
