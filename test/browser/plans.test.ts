import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { ensureWebBuild } from '../../infra/local/web-build.js';
import type { Plan } from '../../shared/domain/plan.js';
import { signInLink } from '../../shared/http/web-policy.js';
import { previewBreakdown, previewTaskCount } from '../../shared/plans/breakdown-preview.js';
import { readPlanFile } from '../../shared/plans/read-plan-file.js';
import { apiClient, type ApiClient } from '../api/api-client.js';
import { startTestStack } from '../support/local-stack.js';
import { axeViolations, launchChromium, openContext, screenshot, sidewaysScroll, smallTouchTargets, type Problems } from './support.js';

/*
 * 计划管理 (/app/plans) in Debian's Chromium against an empty local stack, on 2022-02-15: the clerk uploads
 * the Cixi 2022 workbook with one bad deadline and sees it at its sheet, row and column, in the CLI's words,
 * with nothing stored; then the clean workbook, previews the breakdown, imports it, breaks it down and reads
 * the result; a revised workbook lists what its revision changed. Screenshots under test-results/screenshots/,
 * axe on the page, no sideways scroll on a phone, no CSP violation.
 */

const SAMPLE = fileURLToPath(new URL('../../samples/cixi-2022.xlsx', import.meta.url));
const NOW = new Date('2022-02-15T02:00:00Z'); // 10:00 in Cixi
/** How long a page may take to show what it is for, under a whole run's load. */
const SHOWN = 30_000;
const BAD_ROW = 5;
const REVISED_TITLE = 'PM2.5年均浓度（修订）';

let stack: LocalStack;
let api: ApiClient;
let browser: Browser;
let dir: string;
let plan: Plan;
let page: Page;
const problems: Problems = { csp: [], errors: [] };
const contexts: BrowserContext[] = [];

/** The sample with `edit` applied, written under the temp dir as `name`. */
async function editedSample(name: string, edit: (goals: ExcelJS.Worksheet) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(SAMPLE);
  edit(workbook.getWorksheet('任务表')!);
  const path = join(dir, name);
  await workbook.xlsx.writeFile(path);
  return path;
}

const number = new Intl.NumberFormat('zh-CN').format;

function columnOf(sheet: ExcelJS.Worksheet, header: string): number {
  const values = sheet.getRow(1).values as unknown[];
  return values.indexOf(header);
}

async function newTab(screen: 'desktop' | 'phone' = 'desktop'): Promise<Page> {
  const context = await openContext(browser, screen, NOW, problems);
  context.setDefaultTimeout(SHOWN);
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plans-page-'));
  const [webDir, launched, read] = await Promise.all([ensureWebBuild(), launchChromium(), readPlanFile(SAMPLE)]);
  if (!read.ok) throw new Error(JSON.stringify(read.problems));
  plan = read.value;
  browser = launched;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
  stack = await startTestStack({ webDir });
  api = apiClient(stack.url);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  vi.useRealTimers();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('计划管理 (/app/plans)', () => {
  it('shows a workbook’s mistake at its sheet, row and column, in the words of `plan import`, and stores nothing', async () => {
    // Prepare
    const bad = await editedSample('cixi-2022-有误.xlsx', (goals) => {
      goals.getRow(BAD_ROW).getCell(columnOf(goals, '完成时限')).value = '2022-13-45';
    });
    const expected = await readPlanFile(bad);
    if (expected.ok) throw new Error('the edited workbook should not be valid');
    page = await newTab();
    await page.goto(signInLink(stack.url, stack.adminToken));
    await page.getByRole('navigation').getByRole('link', { name: '计划管理' }).click();
    await page.getByRole('heading', { name: '计划管理', level: 1 }).waitFor();

    // Act
    await page.getByLabel('选择文件').setInputFiles(bad);

    // Assess
    const alert = page.getByRole('alert').filter({ hasText: '未保存任何内容' });
    await alert.waitFor();
    const row = alert.getByRole('row').filter({ hasText: '完成时限' });
    expect((await row.getByRole('cell').allInnerTexts()).map((cell) => cell.trim())).toEqual([
      '任务表',
      `第 ${BAD_ROW} 行`,
      '完成时限',
      expected.problems.find((problem) => problem.path === `任务表 第${BAD_ROW}行 完成时限`)!.messageZh,
    ]);
    expect(await alert.getByRole('row').count()).toBe(expected.problems.length + 1);
    expect((await api.call('GET', '/plans', { token: stack.adminToken })).body.items).toEqual([]);
    await screenshot(page, 'plans-problems', 'desktop');
  });

  it('previews the clean workbook’s breakdown: each goal by its title, its units by name, the shares summing to the target', async () => {
    // Prepare
    const goals = previewBreakdown(plan);
    const split = goals.find((goal) => goal.allocated !== null && goal.tasks.length > 2)!;

    // Act
    await page.getByLabel('选择文件').setInputFiles(SAMPLE);
    await page.getByText('「cixi-2022.xlsx」检查无误').waitFor();
    await page.locator('summary').filter({ hasText: split.title }).click();

    // Assess
    const status = await page.getByRole('status').filter({ hasText: '检查无误' }).innerText();
    expect(status).toContain(`${plan.units.length} 个单位，${plan.goals.length} 个目标，分解后将生成 ${previewTaskCount(goals)} 项任务`);
    const table = page.getByRole('table', { name: split.title });
    const shares = (await table.locator('tbody tr').allInnerTexts()).map((row) => row.trim().replace(/\s+/g, ' '));
    expect(shares).toEqual(split.tasks.map((task) => `${task.unitName} ${number(task.target!)}${split.unitOfMeasure}`));
    expect((await table.locator('tfoot').innerText()).replace(/\s+/g, ' ')).toBe(`合计 ${number(split.target!)}${split.unitOfMeasure}`);
    expect(await page.locator('main').innerText()).not.toContain(split.goalId);
    await screenshot(page, 'plans-preview', 'desktop');
  });

  it('imports the plan and lists its first revision', async () => {
    // Act
    await page.getByRole('button', { name: '导入计划' }).click();

    // Assess
    await page.getByRole('status').filter({ hasText: `已导入「${plan.name}」第 1 版` }).waitFor();
    await page.getByRole('heading', { name: '第 1 版' }).waitFor();
    await page.getByText('首次导入。').waitFor();
    const stored = await api.call('GET', `/plans/${plan.id}`, { token: stack.adminToken });
    expect([stored.status, stored.body.revision, stored.body.goals.length]).toEqual([200, 1, plan.goals.length]);
  });

  it('breaks the plan down from the page: progress, then the tasks created and the units notified', async () => {
    // Prepare
    const tasks = previewTaskCount(previewBreakdown(plan));
    const units = new Set(previewBreakdown(plan).flatMap((goal) => goal.tasks.map((task) => task.unitId))).size;

    // Act
    await page.getByRole('button', { name: '开始分解' }).click();

    // Assess
    await page.getByRole('status').filter({ hasText: /已完成 \d+ \/ \d+ 个目标/ }).waitFor();
    const result = page.getByRole('status').filter({ hasText: '分解完成' });
    await result.waitFor();
    expect(await result.innerText()).toBe(`分解完成（第 1 版）：新建 ${tasks} 项任务，更新 0 项，未变 0 项，撤回 0 项；已通知 ${units} 个单位。`);
    const listed = await api.allPages(`/plans/${plan.id}/tasks`, stack.adminToken);
    expect(listed).toHaveLength(tasks);
    await screenshot(page, 'plans', 'desktop');
  });

  it('imports a revised workbook: the new revision says which goal changed, by its title', async () => {
    // Prepare
    const revised = await editedSample('cixi-2022-修订.xlsx', (goals) => {
      goals.getRow(2).getCell(columnOf(goals, '任务/指标')).value = REVISED_TITLE;
    });

    // Act
    await page.getByLabel('选择文件').setInputFiles(revised);
    await page.getByRole('button', { name: '导入计划' }).click();

    // Assess
    await page.getByRole('heading', { name: '第 2 版' }).waitFor();
    const second = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: '第 2 版' }) });
    expect(await second.innerText()).toContain(`目标修改 1 个：${REVISED_TITLE}`);
  });

  it('no serious or critical axe violation, touch targets of 44 px; no sideways scroll at 390 px', async () => {
    // Act
    const violations = await axeViolations(page, ['#main']);
    const small = await smallTouchTargets(page);
    const phone = await newTab('phone');
    await phone.goto(signInLink(stack.url, stack.adminToken));
    await phone.waitForURL(/\/app\/people/);
    await phone.goto(`${stack.url}/app/plans`);
    await phone.getByRole('heading', { name: '第 2 版' }).waitFor();
    await phone.getByLabel('选择文件').setInputFiles(SAMPLE);
    await phone.getByText('检查无误').waitFor();
    await screenshot(phone, 'plans', 'phone');

    // Assess
    expect(violations.map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`)).toEqual([]);
    expect(small).toEqual([]);
    expect(await sidewaysScroll(phone)).toBeNull();
  });

  it('reported no Content-Security-Policy violation and threw no uncaught error', () => {
    expect(problems.csp).toEqual([]);
    expect(problems.errors).toEqual([]);
  });
});
