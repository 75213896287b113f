import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { ensureWebBuild } from '../../infra/local/web-build.js';
import { signInLink } from '../../shared/http/web-policy.js';
import { apiClient, type ApiClient } from '../api/api-client.js';
import { startTestStack } from '../support/local-stack.js';
import {
  axeViolations,
  historyAddresses,
  launchChromium,
  openContext,
  screenshot,
  sidewaysScroll,
  smallTouchTargets,
  type Problems,
  type Screen,
} from './support.js';

/*
 * The web workspace’s browser tests: the web workspace in Debian's Chromium against the local stack on the Cixi 2022
 * sample. A unit (浒山街道) signs in by its link, sees its tasks with the API's lights, reports progress with
 * two files and applies for close-out; its lead department (慈溪分局, eco-bureau) accepts in its queue, sends
 * another back, meets a request someone else decided (409) and re-opens a closed task (回头看); the unit
 * sees its task closed with the history saying so; a stale report form gets the 409 path; another unit's
 * task is "not found"; a revoked or expired token ends at sign-in with a message. Every page is shot on a
 * desk and on a phone (test-results/screenshots/), checked with axe, for sideways scrolling and for 44 px
 * touch targets, and no page may report a CSP violation.
 *
 * One stack, one browser, a context per person and screen. The server's clock is faked (Date only) inside
 * June 2022 so that lights and "not in the future" are as then; Chromium gets the same day by its own clock.
 * The pages are found by role, label and text, in the words of the issue and the message files.
 */

const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const TODAY = new Date('2022-06-15T02:00:00Z'); // 10:00 in Cixi
const YEAR = 2022;
const TASK = 'cixi-2022.vocs-projects.hushan'; // 完成VOCs治理项目, 4 个, lead eco-bureau
const TASK_TITLE = '完成VOCs治理项目';
const STALE_TASK = 'cixi-2022.spray-recheck.hushan';
const OTHER_UNITS_TASK = 'cixi-2022.vocs-projects.guanhaiwei';
const SENT_BACK = 'cixi-2022.vocs-projects.baishalu'; // asked on 06-14, sent back in the page
const DECIDED_ELSEWHERE = 'cixi-2022.vocs-projects.kandun'; // asked on 06-13, sent back by the bureau meanwhile
const CLOSED = 'cixi-2022.spray-recheck.gutang'; // closed on 06-14, re-opened in the page
const LIGHT_WORDS = { green: '正常', yellow: '滞后', red: '逾期' } as const;
/**
 * How long a page may take to show what it is for before the test says it is not there. Generous: in a whole
 * run on a fresh clone the unit's pages once took over 8 s here, beside the simulation and the assessment CLI.
 */
const SHOWN = 30_000;

let stack: LocalStack;
let api: ApiClient;
let admin: string;
let hushan: string;
let ecoBureau: string;
let browser: Browser;
const problems: Problems = { csp: [], errors: [] };
const contexts = new Map<string, { context: BrowserContext; page: Page }>();

const png = pngImage(160, 100);
const pdf = pdfFile();

beforeAll(async () => {
  const [webDir, launched] = await Promise.all([ensureWebBuild(), launchChromium()]);
  browser = launched;
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2022-06-13T02:00:00Z'));
  stack = await startTestStack({ webDir });
  api = apiClient(stack.url);
  admin = stack.adminToken;
  expect((await api.call('POST', '/plans', { token: admin, body: sampleYaml, contentType: 'application/yaml' })).status).toBe(201);
  const started = await api.call('POST', '/plans/cixi-2022/breakdowns', { token: admin, body: {} });
  await api.finishedBreakdown('cixi-2022', started.body.executionId, admin);
  [hushan, ecoBureau] = await Promise.all([
    token({ role: 'unit', unitId: 'hushan' }).then((t) => t.token),
    token({ role: 'reviewer', unitId: 'eco-bureau' }).then((t) => t.token),
  ]);
  // The lead's queue, one request a day (oldest first is then visible), and a closed task to re-open.
  await askCloseout(DECIDED_ELSEWHERE, 'kandun', '坎墩街道 2 个项目已完成');
  vi.setSystemTime(new Date('2022-06-14T02:00:00Z'));
  await askCloseout(SENT_BACK, 'baishalu', '白沙路街道项目全部完工', [png, pdf]);
  await askCloseout(CLOSED, 'gutang', '排查完毕');
  expect((await change(CLOSED, 'review', ecoBureau, { decision: 'accept' })).status).toBe(200);
  expect((await change(CLOSED, 'close', admin)).status).toBe(200);
  vi.setSystemTime(TODAY);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  vi.useRealTimers();
});

// ---- the API, as the test's own hands ----

async function token(body: Record<string, unknown>): Promise<{ token: string; tokenId: string }> {
  const created = await api.call('POST', '/tokens', { token: admin, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

async function task(taskId: string): Promise<any> {
  const answer = await api.call('GET', `/tasks/${taskId}`, { token: admin });
  expect(answer.status).toBe(200);
  return answer.body;
}

/** A change sent at the version just read. */
async function change(taskId: string, action: string, as: string, body: Record<string, unknown> = {}) {
  const { version } = await task(taskId);
  return api.call('POST', `/tasks/${taskId}/${action}`, { token: as, body: { ...body, version } });
}

interface TestFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

/** An evidence file uploaded as a client does: announced to the API, then PUT to its presigned URL. */
async function uploadEvidence(taskId: string, as: string, file: TestFile): Promise<string> {
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const slot = await api.call('POST', `/tasks/${taskId}/evidence`, { token: as, body: { fileName: file.fileName, contentType: file.contentType, size: file.bytes.length, sha256 } });
  expect(slot.status, JSON.stringify(slot.body)).toBe(201);
  const put = await fetch(slot.body.upload.url, { method: 'PUT', headers: slot.body.upload.headers, body: file.bytes });
  expect(put.status, await put.text()).toBe(200);
  return slot.body.evidenceId;
}

/** The unit reports the task done (with files) and asks for close-out, with a unit token of its own. */
async function askCloseout(taskId: string, unitId: string, note: string, files: TestFile[] = []): Promise<void> {
  const unit = (await token({ role: 'unit', unitId })).token;
  const { target } = await task(taskId);
  const evidence = await Promise.all(files.map((file) => uploadEvidence(taskId, unit, file)));
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const reported = await change(taskId, 'updates', unit, { asOf: day, done: target, note: '已全部完成', ...(evidence.length ? { evidence } : {}) });
  expect(reported.status, JSON.stringify(reported.body)).toBe(200);
  expect((await change(taskId, 'closeout', unit, { note })).status).toBe(200);
}

async function history(taskId: string): Promise<any[]> {
  return api.allPages(`/tasks/${taskId}/history`, admin);
}

// ---- the browser ----

/** A signed-in tab per person and screen, kept for the whole file (the token lives in the tab's sessionStorage). */
async function tab(who: 'hushan' | 'eco-bureau' | 'nobody' | 'ended', screen: Screen): Promise<Page> {
  const key = `${who}/${screen}`;
  const open = contexts.get(key);
  if (open) return open.page;
  const context = await openContext(browser, screen, TODAY, problems);
  context.setDefaultTimeout(SHOWN);
  const page = await context.newPage();
  contexts.set(key, { context, page });
  if (who === 'hushan' || who === 'eco-bureau') await signIn(page, who === 'hushan' ? hushan : ecoBureau);
  return page;
}

async function signIn(page: Page, secret: string): Promise<void> {
  await page.goto(signInLink(stack.url, secret));
  await page.waitForURL(/\/app\/tasks/, { timeout: SHOWN });
}

function path(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search + url.hash;
}

/** The task links of a list page, as task ids. */
async function linkedTasks(page: Page): Promise<string[]> {
  const hrefs = await page.locator('main a[href^="/app/tasks/"]').evaluateAll((links) => links.map((link) => (link as any).getAttribute('href') as string));
  return [...new Set(hrefs.map((href) => decodeURIComponent(href.slice('/app/tasks/'.length).split(/[?#]/)[0]!)))].sort();
}

/** The row or card around an element: the nearest list item, table row or article. */
function around(element: Locator): Locator {
  return element.locator('xpath=ancestor::*[self::li or self::tr or self::article or @role="row" or @role="listitem"][1]');
}

/** axe's serious and critical findings in the page's content, one line each. */
async function seriousAxe(page: Page): Promise<string[]> {
  return (await axeViolations(page, ['#main'])).map((v) => `${v.impact} ${v.id} (${v.help}): ${v.targets.join(', ')}`);
}

function requestCard(page: Page, unitName: string): Locator {
  return page.getByRole('article').filter({ hasText: unitName });
}

// ---- the unit ----

describe('a unit (浒山街道) in its workspace', () => {
  it('signs in by its link; the token is gone from the address bar and from the history, kept in the tab only', async () => {
    // Act
    const page = await tab('hushan', 'desktop');

    // Assess
    expect(page.url()).not.toContain('token');
    expect(path(page)).toMatch(/^\/app\/tasks/);
    const addresses = await historyAddresses(page);
    expect(addresses.filter((address) => address.includes(hushan) || address.includes('token='))).toEqual([]);
    const stored = await page.evaluate(() => {
      const { sessionStorage, localStorage } = globalThis as any;
      return { session: Object.values(sessionStorage) as string[], local: Object.values(localStorage) as string[] };
    });
    expect(stored.session).toContain(hushan);
    expect(stored.local.join(' ')).not.toContain(hushan);
    await expect.poll(() => page.locator('header').innerText()).toContain('浒山街道');
  });

  it('the menu shows how many of its messages are unread, as GET /me/notifications counts them', async () => {
    // Arrange
    const unread = await api.allPages(`/me/notifications?unread=true&limit=200`, hushan);
    expect(unread.length, 'the breakdown notified the unit').toBeGreaterThan(0);
    const page = await tab('hushan', 'desktop');

    // Act
    const inbox = page.locator('nav a[href="/app/inbox"]');

    // Assess
    await expect.poll(() => inbox.innerText()).toContain(`${unread.length} 条未读`);
  });

  it('sees exactly its tasks, titled, with the lights GET /me/tasks gives', async () => {
    // Arrange
    const mine = await api.allPages<{ id: string; title: string; light: keyof typeof LIGHT_WORDS }>(`/me/tasks?year=${YEAR}`, hushan);
    const page = await tab('hushan', 'desktop');
    await page.goto(`${stack.url}/app/tasks`);

    // Act
    await page.locator(`main a[href="/app/tasks/${TASK}"]`).first().waitFor({ timeout: SHOWN });

    // Assess
    expect(await linkedTasks(page)).toEqual(mine.map((t) => t.id).sort());
    expect(new Set(mine.map((t) => t.light)).size, 'the sample on 2022-06-15 has tasks of more than one light').toBeGreaterThan(1);
    for (const t of mine) {
      const row = around(page.locator(`main a[href="/app/tasks/${t.id}"]`).first());
      const text = await row.innerText();
      expect(text, t.id).toContain(t.title);
      expect(text, `${t.id} is ${t.light}`).toContain(LIGHT_WORDS[t.light]);
      for (const [light, word] of Object.entries(LIGHT_WORDS)) if (light !== t.light) expect(text, `${t.id} is ${t.light}, not ${light}`).not.toContain(word);
    }
    expect(await page.locator('main').innerText(), 'titles, never ids, as the main text').not.toContain('cixi-2022.');
  });

  it('reports progress with two files (上报进展), then applies for close-out (申请销号)', async () => {
    // Arrange
    const page = await tab('hushan', 'desktop');
    await page.goto(`${stack.url}/app/tasks/${TASK}`);
    await page.getByRole('heading', { name: TASK_TITLE }).first().waitFor({ timeout: SHOWN });
    const before = await task(TASK);

    // Act: the report
    const done = page.getByLabel(/累计完成|完成数/);
    if (!(await done.isVisible())) await page.getByRole('button', { name: /上报进展/ }).click();
    await done.fill('4');
    const asOf = page.getByLabel(/截至/).first();
    if ((await asOf.inputValue()) === '') await asOf.fill('2022-06-14');
    await page.getByLabel(/情况说明/).fill('4 个 VOCs 治理项目全部完成');
    await page.locator('input[type=file]').first().setInputFiles([
      { name: '现场照片.png', mimeType: 'image/png', buffer: png.bytes },
      { name: '验收报告.pdf', mimeType: 'application/pdf', buffer: pdf.bytes },
    ]);
    await page.getByRole('button', { name: /提交上报|提交进展/ }).click();

    // Assess: written, or the page says why not (its alert then fails the test with its words)
    const alert = page.getByRole('alert').filter({ hasText: /./ });
    await vi.waitFor(
      async () => {
        if (await alert.count()) return;
        expect((await task(TASK)).version).toBe(before.version + 1);
      },
      { timeout: 10_000, interval: 200 },
    );
    await screenshot(page, 'task-reported', 'desktop');
    const written = await task(TASK);
    expect(written.version, `the page said: ${await alert.allInnerTexts()}`).toBe(before.version + 1);
    expect(written.progress).toMatchObject({ done: 4, note: '4 个 VOCs 治理项目全部完成' });
    expect(written.progress.evidence).toHaveLength(2);

    // Act: the close-out
    const closeoutNote = page.getByLabel(/销号说明/);
    if (!(await closeoutNote.isVisible())) await page.getByRole('tab', { name: '申请销号' }).or(page.getByRole('button', { name: /^申请销号$/ })).first().click();
    await closeoutNote.fill('申请销号：4 个项目均已验收');
    await page.getByRole('button', { name: /提交销号申请/ }).click();

    // Assess
    await vi.waitFor(async () => expect((await task(TASK)).status).toBe('closeout_requested'), { timeout: 10_000, interval: 200 });
    await page.getByText(/等待牵头单位验收/).first().waitFor();
    await screenshot(page, 'task-closeout-requested', 'desktop');
  });

  it('a stale report form (someone reported meanwhile) gets the 409 path: told, the task read again, the typed text kept', async () => {
    // Arrange
    const page = await tab('hushan', 'desktop');
    await page.goto(`${stack.url}/app/tasks/${STALE_TASK}`);
    await page.getByRole('heading', { name: '已整治喷涂企业“回头看”排查' }).first().waitFor({ timeout: SHOWN });
    const done = page.getByLabel(/累计完成|完成数/);
    if (!(await done.isVisible())) await page.getByRole('button', { name: /上报进展/ }).click();
    await done.fill('7');
    const asOf = page.getByLabel(/截至/).first();
    if ((await asOf.inputValue()) === '') await asOf.fill('2022-06-14');
    const note = page.getByLabel(/情况说明/);
    await note.fill('已排查 7 家（这张表是旧的）');
    const meanwhile = await change(STALE_TASK, 'updates', hushan, { asOf: '2022-06-14', done: 5, note: '另一位同事上报' });
    expect(meanwhile.status).toBe(200);

    // Act
    await page.getByRole('button', { name: /提交上报|提交进展/ }).click();

    // Assess
    await page.getByText(/已被他人修改|被他人更改|changed/).first().waitFor();
    expect(await note.inputValue()).toBe('已排查 7 家（这张表是旧的）');
    expect(await done.inputValue()).toBe('7');
    expect(await task(STALE_TASK)).toMatchObject({ version: meanwhile.body.version, progress: { done: 5 } });
    await screenshot(page, 'task-stale-form', 'desktop');
  });

  it('typing another unit’s task address shows “not found”, and nothing of that task', async () => {
    // Arrange
    const page = await tab('hushan', 'desktop');

    // Act
    await page.goto(`${stack.url}/app/tasks/${OTHER_UNITS_TASK}`);

    // Assess
    await page.getByText(/未找到|不存在/).first().waitFor({ timeout: SHOWN });
    expect(await page.getByRole('button', { name: /提交上报|提交销号申请/ }).count()).toBe(0);
    await screenshot(page, 'task-not-found', 'desktop');
  });
});

// ---- the lead department ----

describe('the lead department (慈溪分局) in 待审核', () => {
  it('sees the close-out requests of the tasks it leads, oldest first, each with its unit, note and evidence files', async () => {
    // Arrange: hushan's request, by the API when the unit's page did not make it
    if ((await task(TASK)).status !== 'closeout_requested') {
      const evidence = await Promise.all([png, pdf].map((file) => uploadEvidence(TASK, hushan, file)));
      expect((await change(TASK, 'updates', hushan, { asOf: '2022-06-14', done: 4, note: '4 个 VOCs 治理项目全部完成', evidence })).status).toBe(200);
      expect((await change(TASK, 'closeout', hushan, { note: '申请销号：4 个项目均已验收' })).status).toBe(200);
    }
    const page = await tab('eco-bureau', 'desktop');

    // Act: by the menu
    await page.getByRole('link', { name: '待审核' }).click();
    await page.waitForURL(/\/app\/review$/);
    await page.getByRole('heading', { name: '销号申请' }).waitFor();

    // Assess
    const cards = page.getByRole('article');
    await expect.poll(() => cards.count()).toBe(3);
    const units = await cards.evaluateAll((all) => all.map((card) => (card as any).querySelector('.unit')?.textContent as string));
    expect(units).toEqual(['坎墩街道', '白沙路街道', '浒山街道']);
    const sentBack = requestCard(page, '白沙路街道');
    await expect.poll(() => sentBack.innerText()).toContain('白沙路街道项目全部完工');
    for (const name of ['现场照片.png', '验收报告.pdf']) {
      const link = sentBack.getByRole('link', { name: new RegExp(name.replace('.', '\\.')) });
      expect(await link.getAttribute('href')).toMatch(/^(blob:|http:\/\/127\.0\.0\.1:\d+\/.+X-Amz-Signature=)/); // read into the page, or its download address
    }
    expect(await requestCard(page, '浒山街道').innerText()).toContain('申请销号：4 个项目均已验收');
    expect(await page.locator('main').innerText()).not.toContain('cixi-2022.');
    await screenshot(page, 'review-queue', 'desktop');
  });

  it('shows an image the unit sent in the page, read from the storage and checked against its SHA-256', async () => {
    // Arrange
    const page = await tab('eco-bureau', 'desktop');
    const card = requestCard(page, '白沙路街道');

    // Assess
    const image = card.getByRole('img', { name: /现场照片\.png/ });
    await image.waitFor();
    expect(await image.evaluate((img) => (img as any).naturalWidth)).toBe(160);
    expect(await card.getByRole('link', { name: /现场照片\.png/ }).getAttribute('href')).toMatch(/^blob:/);
    await screenshot(page, 'review-evidence', 'desktop');
  });

  it('shows a PDF the unit sent in the page', async () => {
    // Arrange
    const page = await tab('eco-bureau', 'desktop');
    const card = requestCard(page, '白沙路街道');
    await card.getByRole('link', { name: /验收报告\.pdf/ }).waitFor();

    // Assess
    const frame = card.locator('iframe[title*="验收报告.pdf"]');
    await frame.waitFor({ timeout: 2_000 }).catch(() => undefined);
    expect(await frame.count(), "a PDF in a frame: the web CSP's frame-src (default-src 'self') must allow blob:").toBe(1);
    expect(await frame.getAttribute('src')).toMatch(/^blob:/);
  });

  it('sends a request back with a reason (a blank one refused with the API’s message naming the field): the task is in progress again, the history has the reason', async () => {
    // Arrange
    const page = await tab('eco-bureau', 'desktop');
    const card = requestCard(page, '白沙路街道');
    await card.getByRole('button', { name: '退回' }).click();
    const reason = card.getByLabel(/退回理由/);
    expect(await reason.evaluate((field) => field === (globalThis as any).document.activeElement), 'the caret in the reason').toBe(true);

    // Act: a blank reason first, which the API refuses naming the field
    await reason.fill('   ');
    await card.getByRole('button', { name: '确认退回' }).click();
    const refusal = card.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/ \/ [\u4e00-\u9fff][\s\S]*\breason\b[\s：:]*[\u4e00-\u9fff]/); // "English / 中文", then the field in the page's language
    expect(await seriousAxe(page), 'the page with the error shown').toEqual([]);
    await reason.fill('验收报告缺盖章页，请补充后再申请');
    await card.getByRole('button', { name: '确认退回' }).click();

    // Assess
    await page.getByText('已退回：完成VOCs治理项目（白沙路街道）').waitFor();
    await expect.poll(() => page.getByRole('article').count()).toBe(2);
    expect((await task(SENT_BACK)).status).toBe('in_progress');
    expect((await history(SENT_BACK)).at(-1)).toMatchObject({ type: 'closeout_rejected', reason: '验收报告缺盖章页，请补充后再申请', by: expect.stringMatching(/^reviewer:eco-bureau\//) });
  });

  it('accepting a request someone decided meanwhile gets the 409 path: the API’s message, and the queue read again', async () => {
    // Arrange: the bureau sends kandun's request back while the page shows it
    const page = await tab('eco-bureau', 'desktop');
    const card = requestCard(page, '坎墩街道');
    await card.waitFor();
    expect((await change(DECIDED_ELSEWHERE, 'review', admin, { decision: 'reject', reason: '局办公室抽查：资料不全' })).status).toBe(200);
    const version = (await task(DECIDED_ELSEWHERE)).version;

    // Act
    await card.getByRole('button', { name: '验收通过' }).click();

    // Assess
    const alert = page.getByRole('alert').filter({ hasText: '该任务刚被他人处理或更改' });
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/ \/ .*[\u4e00-\u9fff]/); // the API's "English / 中文"
    await expect.poll(() => requestCard(page, '坎墩街道').count()).toBe(0);
    expect(await seriousAxe(page), 'the page with the conflict shown').toEqual([]);
    expect(await task(DECIDED_ELSEWHERE)).toMatchObject({ status: 'in_progress', version });
    await screenshot(page, 'review-conflict', 'desktop');
  });

  it('accepts the unit’s request (验收通过); the bureau then closes it (销号)', async () => {
    // Arrange
    const page = await tab('eco-bureau', 'desktop');
    const card = requestCard(page, '浒山街道');

    // Act
    await card.getByRole('button', { name: '验收通过' }).click();

    // Assess
    await page.getByText('已验收通过：完成VOCs治理项目（浒山街道）').waitFor();
    await expect.poll(() => page.getByRole('article').count()).toBe(0);
    await page.getByText('目前没有待审核的销号申请。').waitFor();
    expect(await seriousAxe(page), 'the page with the notice and the empty queue').toEqual([]);
    expect((await task(TASK)).status).toBe('accepted');
    expect((await history(TASK)).at(-1)).toMatchObject({ type: 'closeout_accepted', by: expect.stringMatching(/^reviewer:eco-bureau\//) });
    // The bureau's 销号 has no page yet (the admins' pages come with the next issue).
    expect((await change(TASK, 'close', admin)).status).toBe(200);
  });

  it('lists the tasks it leads with their lights, and re-opens a closed one with a reason (回头看)', async () => {
    // Arrange
    const page = await tab('eco-bureau', 'desktop');
    await page.reload();
    await page.getByRole('heading', { name: '牵头任务' }).waitFor();
    const led = (await api.allPages<any>('/plans/cixi-2022/tasks', ecoBureau)).filter((t) => t.lead === 'eco-bureau' && t.unitId !== 'eco-bureau');
    const count = (light: string) => led.filter((t) => t.light === light).length;
    expect(await page.getByText(/^共 \d+ 项任务：/).innerText()).toBe(`共 ${led.length} 项任务：正常 ${count('green')}，滞后 ${count('yellow')}，逾期 ${count('red')}`);

    // Act
    await page.getByLabel('状态').selectOption('closed');
    const item = page.getByRole('listitem').filter({ hasText: '古塘街道' }).filter({ hasText: '已整治喷涂企业“回头看”排查' });
    expect(await item.innerText()).toContain(LIGHT_WORDS[led.find((t) => t.id === CLOSED).light as keyof typeof LIGHT_WORDS]);
    await screenshot(page, 'review-led-closed', 'desktop');
    await item.getByRole('button', { name: /回头看/ }).click();
    await item.getByLabel(/的理由/).fill('回头看发现 2 家企业治理设施未正常运行');
    await item.getByRole('button', { name: '确认重新打开' }).click();

    // Assess
    await page.getByText(/已重新打开：已整治喷涂企业“回头看”排查（古塘街道）/).waitFor();
    expect(await task(CLOSED)).toMatchObject({ status: 'in_progress', rebounds: 1 });
    expect((await history(CLOSED)).at(-1)).toMatchObject({ type: 'task_reopened', reason: '回头看发现 2 家企业治理设施未正常运行' });
  });
});

describe('the unit afterwards, and sessions that end', () => {
  it('sees its task closed (已销号), and the history says who accepted and who closed it', async () => {
    // Arrange
    const page = await tab('hushan', 'desktop');

    // Act
    await page.goto(`${stack.url}/app/tasks/${TASK}`);

    // Assess
    await page.getByRole('heading', { name: TASK_TITLE }).first().waitFor({ timeout: SHOWN });
    await page.getByText('已销号').first().waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/慈溪分局.*验收通过/);
    expect(text).toMatch(/销号/);
    expect(text).toMatch(/申请销号/);
    await screenshot(page, 'task-closed', 'desktop');
  });

  it('a sign-in link pasted into a tab already on the sign-in page signs in (only the fragment changed)', async () => {
    // Arrange
    const pasted = await token({ role: 'unit', unitId: 'hushan', label: 'browser test: pasted link' });
    const page = await tab('ended', 'desktop');
    await page.goto(`${stack.url}/app/signin`);
    await page.getByRole('heading', { name: '登录工作台' }).waitFor();

    // Act
    await page.goto(signInLink(stack.url, pasted.token));

    // Assess
    await page.waitForURL(/\/app\/tasks/);
    expect(page.url()).not.toContain('token');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/app\/signin/);
  });

  it('a revoked token leads back to sign-in with a message saying so', async () => {
    // Arrange
    const revoked = await token({ role: 'unit', unitId: 'hushan', label: 'browser test: revoked' });
    const page = await tab('ended', 'desktop');
    await signIn(page, revoked.token);
    expect((await api.call('DELETE', `/tokens/${revoked.tokenId}`, { token: admin })).status).toBe(200);

    // Act
    await page.reload();

    // Assess
    await page.waitForURL(/\/app\/signin/);
    await page.getByRole('alert').filter({ hasText: '已被吊销' }).waitFor();
    await screenshot(page, 'signin-revoked', 'desktop');
  });

  it('an expired token leads back to sign-in with a message saying so', async () => {
    // Arrange
    const shortLived = await token({ role: 'unit', unitId: 'hushan', label: 'browser test: expires', expiresInDays: 1 });
    const page = await tab('ended', 'desktop');
    await page.goto('about:blank'); // a new document: the sign-in page reads its link's fragment when it loads
    await signIn(page, shortLived.token);
    vi.setSystemTime(new Date(TODAY.getTime() + 2 * 86_400_000));
    try {
      // Act
      await page.reload();

      // Assess
      await page.waitForURL(/\/app\/signin/);
      await page.getByRole('alert').filter({ hasText: '已过期' }).waitFor();
      await screenshot(page, 'signin-expired', 'desktop');
    } finally {
      vi.setSystemTime(TODAY);
    }
  });
});

describe('the unit’s assessment (我的考核), once the bureau has published it', () => {
  it('reads its score line by line in words, each with its task’s title, and files an appeal on a line (申诉)', async () => {
    // Arrange: the bureau scores and publishes the year (last: a published year's tasks change only by an admin)
    const started = await api.call('POST', '/assessments', { token: admin, body: { year: YEAR } });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await vi.waitFor(
      async () => {
        const run = await api.call('GET', `/assessments/${YEAR}/runs/${started.body.runId}`, { token: admin });
        expect(run.body.status).toBe('SUCCEEDED');
      },
      { timeout: 60_000, interval: 100 },
    );
    const mine = await api.call('GET', `/assessments/${YEAR}/units/hushan`, { token: hushan });
    expect(mine.status).toBe(200);
    const deduction = mine.body.lineItems.find((line: any) => line.points < 0) ?? mine.body.lineItems[0];
    const page = await tab('hushan', 'desktop');

    // Act
    await page.goto(`${stack.url}/app/my-assessment?year=${YEAR}`);
    await page.getByRole('heading', { name: /得分明细/ }).waitFor({ timeout: SHOWN });

    // Assess: every line in words, titled by its task, the ids nowhere in the text
    const text = await page.locator('main').innerText();
    expect(text).toContain(new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(mine.body.total));
    for (const line of mine.body.lineItems) {
      expect(text, line.lineId).toContain(line.words.zh);
      if (line.taskTitle) expect(text, line.lineId).toContain(line.taskTitle);
    }
    expect(text, 'titles and words, never ids, as the main text').not.toContain('cixi-2022.');
    await screenshot(page, 'my-assessment', 'desktop');

    // Act: an appeal on one line
    const card = page.getByRole('article').filter({ has: page.getByText(deduction.words.zh, { exact: true }) }).first();
    await card.getByRole('button', { name: '申诉' }).click();
    await card.getByLabel('申诉理由').fill('该项任务已按期完成，销号材料见附件');
    await card.getByRole('button', { name: '提交申诉' }).click();

    // Assess: pending in the page and in the API, and no second appeal offered on that line
    await card.getByText('申诉处理中').waitFor();
    expect(await card.getByRole('button', { name: '申诉' }).count()).toBe(0);
    const appeals = await api.call('GET', `/assessments/${YEAR}/appeals`, { token: admin });
    expect(appeals.body.items.map((a: any) => [a.unitId, a.lineId, a.status])).toEqual([['hushan', deduction.lineId, 'pending']]);
  });
});

// ---- every page, on a desk and on a phone ----

interface PageCase {
  name: string;
  who: 'hushan' | 'eco-bureau' | 'nobody';
  path: string;
  /** What the page shows once it is there. */
  shown: (page: Page) => Locator;
}

/** 44 px touch targets and no sideways scrolling are asked of the unit’s pages; every page is held to both here. */

const PAGES: PageCase[] = [
  { name: 'signin', who: 'nobody', path: '/app/signin', shown: (page) => page.getByRole('heading', { name: '登录工作台' }) },
  { name: 'tasks', who: 'hushan', path: '/app/tasks', shown: (page) => page.locator(`main a[href="/app/tasks/${TASK}"]`).first() },
  { name: 'task', who: 'hushan', path: `/app/tasks/${STALE_TASK}`, shown: (page) => page.getByRole('heading', { name: '已整治喷涂企业“回头看”排查' }).first() },
  { name: 'inbox', who: 'hushan', path: '/app/inbox', shown: (page) => page.getByRole('heading', { level: 1, name: /消息/ }) },
  { name: 'review', who: 'eco-bureau', path: '/app/review', shown: (page) => page.getByRole('heading', { name: '牵头任务' }) },
  { name: 'my-assessment', who: 'hushan', path: `/app/my-assessment?year=${YEAR}`, shown: (page) => page.getByRole('heading', { name: /得分明细/ }) },
  { name: 'not-found', who: 'hushan', path: '/app/no-such-page', shown: (page) => page.getByText('未找到该页面或任务') },
];

describe('every page, on a desk (1280 × 800) and a phone (390 × 844)', () => {
  it.each(PAGES)('$name: shown, shot, no serious or critical axe violation in its content; on the phone no sideways scroll and 44 px targets', async (c) => {
    const findings: string[] = [];
    // Arrange: a session of its own for each screen, signed in afresh, one after the other: while a context's
    // clock is set this process runs on the real Date, and a page loading then would have its token refused.
    const pages = new Map<Screen, Page>();
    for (const screen of ['desktop', 'phone'] as const) {
      const earlier = contexts.get(`${c.who}/${screen}`);
      if (earlier && c.who !== 'nobody') {
        await earlier.context.close();
        contexts.delete(`${c.who}/${screen}`);
      }
      pages.set(screen, await tab(c.who, screen));
    }
    // The desk and the phone side by side: one waits on the server while the other renders.
    await Promise.all(
      (['desktop', 'phone'] as const).map(async (screen) => {
        const page = pages.get(screen)!;

        // Act
        await page.goto(`${stack.url}${c.path}`);
        await c.shown(page)
          .waitFor({ timeout: SHOWN })
          .catch(async (error: unknown) => {
            await screenshot(page, `${c.name}-not-shown`, screen);
            throw error;
          });

        // Assess
        await screenshot(page, c.name, screen);
        if (screen === 'desktop') {
          for (const finding of await seriousAxe(page)) findings.push(`axe ${finding}`);
        } else {
          const sideways = await sidewaysScroll(page);
          if (sideways) findings.push(`phone scrolls sideways: scrollWidth ${sideways.scrollWidth} > clientWidth ${sideways.clientWidth}`);
          for (const small of await smallTouchTargets(page)) findings.push(`phone touch target under 44 px: ${small}`);
        }
      }),
    );
    expect(findings).toEqual([]);
  });

  it('the shell (bar and menu): no serious or critical axe violation, 44 px targets on the phone', async () => {
    // Arrange
    const desk = await tab('eco-bureau', 'desktop');
    const phone = await tab('eco-bureau', 'phone');
    await Promise.all([desk, phone].map((page) => page.goto(`${stack.url}/app/review`)));
    await Promise.all([desk, phone].map((page) => page.getByRole('heading', { name: '牵头任务' }).waitFor()));

    // Act: on the phone the menu is folded under its button until opened
    const violations = await axeViolations(desk, ['header', 'nav']);
    const toggle = phone.getByRole('button', { name: /^菜单/ });
    const folded = await phone.getByRole('navigation').getByRole('link', { name: '任务台账' }).isVisible();
    await toggle.click();
    const expanded = await toggle.getAttribute('aria-expanded');
    const phoneViolations = await axeViolations(phone, ['header', 'nav']);
    const small = (await smallTouchTargets(phone)).filter((text) => /class="(plain|menu-link)/.test(text));
    await screenshot(phone, 'menu-open', 'phone');
    await phone.getByRole('navigation').getByRole('link', { name: '任务台账' }).click();
    await phone.waitForURL(/\/app\/ledger/);

    // Assess
    expect(violations.map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`)).toEqual([]);
    expect(phoneViolations.map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`)).toEqual([]);
    expect([folded, expanded]).toEqual([false, 'true']);
    expect(small).toEqual([]);
    await expect.poll(() => toggle.getAttribute('aria-expanded'), { message: 'choosing a page folds the menu' }).toBe('false');
    expect(await desk.getByRole('button', { name: /^菜单/ }).isVisible(), 'the desk shows its menu, no button').toBe(false);
  });

  it('no page reported a Content-Security-Policy violation', () => {
    expect(problems.csp).toEqual([]);
  });

  it('no page threw an uncaught error', () => {
    expect(problems.errors).toEqual([]);
  });
});

// ---- evidence files ----

/** A plain PNG of one colour (RGB), valid enough for any image decoder. */
function pngImage(width: number, height: number): TestFile {
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [0x2e, 0x8b, 0x57]).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  return { fileName: '现场照片.png', contentType: 'image/png', bytes };
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A one-page PDF with a line of text. */
function pdfFile(): TestFile {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 44 >>\nstream\nBT /F1 18 Tf 40 100 Td (Acceptance report) Tj ET\nendstream',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { fileName: '验收报告.pdf', contentType: 'application/pdf', bytes: Buffer.from(body, 'latin1') };
}
