import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { ensureWebBuild } from '../../infra/local/web-build.js';
import { signInLink } from '../../shared/http/web-policy.js';
import { apiClient, type ApiClient } from '../api/api-client.js';
import { startTestStack } from '../support/local-stack.js';
import { axeViolations, launchChromium, openContext, screenshot, sidewaysScroll, type Problems } from './support.js';

/*
 * The bureau's desk in Debian's Chromium against the local stack on the Cixi 2022 sample, broken down, on
 * 2022-06-15 (the server's Date faked, Chromium's clock set): the admin signs in by its link and lands on
 * 人员与登录链接 (/app/people), makes a town's sign-in link (shown once) that signs the town in, and revokes
 * it; in 延期审批 (/app/extensions) it approves one town's request and refuses another's. Screenshots under
 * test-results/screenshots/, axe on every page, no CSP violation.
 */

const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const NOW = new Date('2022-06-15T02:00:00Z'); // 10:00 in Cixi
/** How long a page may take to show what it is for, under a whole run's load. */
const SHOWN = 30_000;

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

/** The unit asks to move its task's deadline, with a token of its own. */
async function askExtension(taskId: string, unitId: string, to: string, reason: string): Promise<void> {
  const unit = await api.call('POST', '/tokens', { token: stack.adminToken, body: { role: 'unit', unitId } });
  const { version } = (await api.call('GET', `/tasks/${taskId}`, { token: stack.adminToken })).body;
  const asked = await api.call('POST', `/tasks/${taskId}/extensions`, { token: unit.body.token, body: { to, reason, version } });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
}

async function newTab(): Promise<Page> {
  const context = await openContext(browser, 'desktop', NOW, problems);
  context.setDefaultTimeout(SHOWN);
  contexts.push(context);
  return context.newPage();
}

describe('人员与登录链接 (/app/people)', () => {
  let admin: Page;
  let link: string;

  it('the admin signs in by its link and lands on the page, with the plan’s units', async () => {
    // Act
    admin = await newTab();
    await admin.goto(signInLink(stack.url, stack.adminToken));

    // Assess
    await admin.waitForURL(/\/app\/people/);
    await admin.getByRole('heading', { name: '计划中的单位' }).waitFor();
    await admin.getByRole('rowheader', { name: '浒山街道' }).waitFor();
    expect(await admin.locator('main').innerText()).not.toContain('hushan');
  });

  it('makes a town’s sign-in link, shown once, which signs the town in', async () => {
    // Act
    await admin.getByRole('row', { name: /浒山街道/ }).getByRole('button', { name: /生成单位登录链接/ }).click();
    link = await admin.getByRole('textbox', { name: '登录链接', exact: true }).inputValue();
    await screenshot(admin, 'people-link-made', 'desktop');

    // Assess: the link signs the town in; the token list has it, without its secret
    expect(link).toMatch(/\/app\/signin#token=gb_/);
    const town = await newTab();
    await town.goto(link);
    await town.waitForURL(/\/app\/tasks/);
    await expect.poll(() => town.locator('header').innerText()).toContain('浒山街道');
    const listed = await api.call('GET', '/tokens?unitId=hushan', { token: stack.adminToken });
    expect(listed.body.items).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(decodeURIComponent(link.split('#token=')[1]!));
  });

  it('revokes it after a confirmation: the API refuses the token from then on', async () => {
    // Arrange
    await admin.getByRole('button', { name: '完成' }).click();
    const row = admin.getByRole('row', { name: /浒山街道 · 责任单位/ });

    // Act
    await row.getByRole('button', { name: /吊销/ }).click();
    await admin.getByRole('dialog').getByRole('button', { name: '吊销' }).click();

    // Assess
    await row.getByText('已吊销').waitFor();
    const own = admin.getByRole('row', { name: /local admin/ });
    await own.getByText('本人正在使用').waitFor();
    expect(await own.getByRole('button', { name: /吊销/ }).count(), 'the token in use is not offered for revocation').toBe(0);
    const token = decodeURIComponent(link.split('#token=')[1]!);
    const refused = await api.call('GET', '/me', { token });
    expect([refused.status, refused.body.error]).toEqual([401, 'token_revoked']);
    await screenshot(admin, 'people', 'desktop');
  });

  it('no serious or critical axe violation, no sideways scroll', async () => {
    // Act
    const violations = await axeViolations(admin, ['#main']);

    // Assess
    expect(violations.map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`)).toEqual([]);
    expect(await sidewaysScroll(admin)).toBeNull();
  });
});

describe('延期审批 (/app/extensions)', () => {
  it('lists the pending requests oldest first with task, unit, dates and reason; approves one and refuses another with a note', async () => {
    // Arrange
    await askExtension('cixi-2022.spray-recheck.hushan', 'hushan', '2022-10-31', '项目设备到货延迟');
    await askExtension('cixi-2022.spray-recheck.kandun', 'kandun', '2022-11-30', '企业停产检修');
    const page = await newTab();
    await page.goto(signInLink(stack.url, stack.adminToken));
    await page.waitForURL(/\/app\/people/);

    // Act
    await page.getByRole('link', { name: '延期审批' }).click();
    await page.getByText('待审批 2 项').waitFor();
    await screenshot(page, 'extensions', 'desktop');
    const cards = page.getByRole('article');
    expect(await cards.first().innerText()).toContain('浒山街道');
    expect(await cards.first().innerText()).toContain('项目设备到货延迟');
    expect(await page.locator('main').innerText()).not.toContain('cixi-2022.');
    const violations = await axeViolations(page, ['#main']);
    await cards.filter({ hasText: '浒山街道' }).getByRole('button', { name: '同意延期' }).click();
    await page.getByRole('status').filter({ hasText: '已同意延期' }).waitFor();
    const kandun = cards.filter({ hasText: '坎墩街道' });
    await kandun.getByLabel('审批意见（单位将看到）').fill('请按原期限完成');
    await kandun.getByRole('button', { name: '不同意' }).click();
    await page.getByText('目前没有待审批的延期申请。').waitFor();

    // Assess
    expect(violations.map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`)).toEqual([]);
    const hushan = (await api.call('GET', '/tasks/cixi-2022.spray-recheck.hushan', { token: stack.adminToken })).body;
    const kandunTask = (await api.call('GET', '/tasks/cixi-2022.spray-recheck.kandun', { token: stack.adminToken })).body;
    expect(hushan.deadline).toBe('2022-10-31');
    expect(kandunTask.deadline).toBe('2022-09-30');
    expect((await api.call('GET', '/extensions', { token: stack.adminToken })).body.items).toEqual([]);
  });
});

describe('领导驾驶舱 (/app/cockpit), a leader (viewer) signed in', () => {
  it('lands on the cockpit; its charts’ figures are the plan summary’s, completion sorted; a bar opens the unit’s 台账', async () => {
    // Arrange
    const leader = (await api.call('POST', '/tokens', { token: stack.adminToken, body: { role: 'viewer', label: '局领导' } })).body.token;
    const summary = (await api.call('GET', '/plans/cixi-2022/summary', { token: leader })).body;
    const page = await newTab();

    // Act
    await page.goto(signInLink(stack.url, leader));
    await page.waitForURL(/\/app\/cockpit/);
    await page.getByText(summary.name, { exact: false }).first().waitFor();
    await page.locator('canvas').first().waitFor();
    const figures = async (title: string) => {
      const chart = page.locator('figure').filter({ hasText: title });
      await chart.locator('summary').click();
      return chart.locator('tbody tr').evaluateAll((rows) =>
        rows.map((row) => [(row as any).querySelector('th').innerText.trim(), ...[...(row as any).querySelectorAll('td')].map((cell: any) => Number(cell.dataset.value))]),
      );
    };
    const completion = await figures('各单位办结率');
    const lights = await figures('各单位未办结任务的信号灯');

    // Assess
    const withTasks = summary.units.filter((unit: any) => unit.tasks > 0);
    expect(completion.map((row) => row[0]).sort()).toEqual(withTasks.map((unit: any) => unit.unitName).sort());
    for (const [name, rate] of completion) expect(rate, String(name)).toBe(withTasks.find((unit: any) => unit.unitName === name).completionRate ?? 0);
    expect(completion.map((row) => row[1])).toEqual([...completion.map((row) => row[1])].sort((a, b) => Number(b) - Number(a)));
    for (const [name, red, yellow, green] of lights) expect([red, yellow, green], String(name)).toEqual((({ red, yellow, green }) => [red, yellow, green])(withTasks.find((unit: any) => unit.unitName === name).light));
    expect((await axeViolations(page, ['#main'])).map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`)).toEqual([]);
    await screenshot(page, 'cockpit', 'desktop');
    await page.locator('figure').filter({ hasText: '各单位办结率' }).getByRole('button', { name: '浒山街道' }).click();
    await page.waitForURL(/\/app\/ledger\/cixi-2022\?unit=hushan/);
  });
});

describe('信息公开 (/app/public/…), without signing in', () => {
  it('shows a disclosed plan’s progress by unit and goal, names only; an undisclosed year says so', async () => {
    // Arrange
    expect((await api.call('POST', '/plans/cixi-2022/disclosure', { token: stack.adminToken, body: {} })).status).toBe(200);
    const progress = (await api.call('GET', '/public/plans/cixi-2022/progress')).body;
    const page = await newTab();

    // Act
    await page.goto(`${stack.url}/app/public/plans/cixi-2022`);
    await page.getByRole('heading', { name: progress.name }).waitFor();

    // Assess: the API's figures and names, no id, no sign-in asked
    const text = await page.locator('main').innerText();
    for (const unit of progress.units) expect(text).toContain(unit.unitName);
    for (const goal of progress.goals) expect(text).toContain(goal.title);
    expect(text).not.toMatch(/hushan|cixi-2022\./);
    expect(page.url()).toContain('/app/public/plans/cixi-2022');
    expect((await axeViolations(page, ['#main'])).map((v) => `${v.impact} ${v.id}`)).toEqual([]);
    await screenshot(page, 'public-plan', 'desktop');
    await page.goto(`${stack.url}/app/public/assessments/2022`);
    await page.getByText('该信息尚未公开。').waitFor();
  });
});

describe('every desk page', () => {
  it('reported no Content-Security-Policy violation and threw no uncaught error', () => {
    expect(problems.csp).toEqual([]);
    expect(problems.errors).toEqual([]);
  });
});
