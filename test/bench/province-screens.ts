import { chromium, type Page, type Request } from 'playwright-core';
import type { LocalStack } from '../../infra/local/local-stack.js';
import type { PlanInput } from '../../shared/domain/plan.js';
import { signInLink } from '../../shared/http/web-policy.js';
import { api } from './breakdown.js';
import type { countCapacity } from './capacity.js';
import { CHROMIUM_ARGS, median } from './web-first-screen.js';

export interface FirstScreenFigures {
  screen: string;
  role: 'admin' | 'viewer';
  /** From `page.goto` in a signed-in tab (its files cached) to the screen shown: the median of `runs`. */
  medianMs: number;
  runs: number[];
  /** The API requests the page made for its first screen (the last run's), and their answers' bytes as received. */
  apiRequests: ApiCall[];
  apiBytes: number;
  /** When the last API answer of the last run was in, after `page.goto`: a page may show its first screen before. */
  lastAnswerMs: number;
  /** What DynamoDB did behind those requests (authorizer included), the last run's. */
  dynamoRequests: Record<string, number>;
  itemsRead: number;
  readCapacityUnits: number;
}

/** One API request of a page load: when it left after `page.goto` and how long until its answer's last byte. */
export interface ApiCall {
  call: string;
  bytes: number;
  sentAtMs: number;
  tookMs: number;
}

const RUNS = 5;
/** A page may wait on a busy machine; the bench measures, it does not judge. */
const SHOWN_TIMEOUT = 120_000;

/**
 * The 台账's and the cockpit's first screen on the province plan, already broken down (150,000 tasks), in
 * Debian's Chromium against the local stack serving the built workspace: as the admin and as a leader
 * (viewer), each screen loaded once to warm the functions and the browser's cache, then 5 times afresh in the
 * signed-in tab (the session lives in the tab's sessionStorage), timed to what the browser tests wait for.
 */
export async function benchProvinceScreens(stack: LocalStack, plan: PlanInput, counter: ReturnType<typeof countCapacity>, log: (line: string) => void): Promise<FirstScreenFigures[]> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const { token: leaderToken } = await api<{ token: string }>(stack, 'POST', '/tokens', { role: 'viewer', label: '基准 局领导' });
    const screens = [
      { screen: `/app/ledger/${plan.id}`, shown: (page: Page) => ledgerShown(page, plan.name) },
      { screen: `/app/cockpit?year=${plan.year}&plan=${plan.id}`, shown: (page: Page) => cockpitShown(page, plan.name) },
    ];
    const figures: FirstScreenFigures[] = [];
    for (const [role, token] of [['admin', stack.adminToken], ['viewer', leaderToken]] as const) {
      const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await page.goto(signInLink(stack.url, token));
        await page.waitForURL(role === 'admin' ? /\/app\/people/ : /\/app\/cockpit/, { timeout: SHOWN_TIMEOUT });
        for (const { screen, shown } of screens) {
          log(`province screens: ${screen} as ${role}, a warm-up and ${RUNS} runs`);
          figures.push(await measureScreen(page, stack, counter, screen, role, shown));
        }
      } finally {
        await context.close();
      }
    }
    return figures;
  } finally {
    await browser.close();
  }
}

async function measureScreen(
  page: Page,
  stack: LocalStack,
  counter: ReturnType<typeof countCapacity>,
  screen: string,
  role: 'admin' | 'viewer',
  shown: (page: Page) => Promise<void>,
): Promise<FirstScreenFigures> {
  const open = async () => {
    await page.goto('about:blank');
    const apiCalls: Promise<ApiCall>[] = [];
    // The API shares the origin with the workspace, which is served under /app/.
    const onRequest = (request: Request) => {
      const url = new URL(request.url());
      if (url.origin !== stack.url || url.pathname.startsWith('/app/')) return;
      const call = `${request.method()} ${url.pathname}${url.search}`;
      apiCalls.push(
        request.response().then(async (response) => {
          const bytes = (await response?.body())?.byteLength ?? 0;
          const { startTime, responseEnd } = request.timing();
          return { call, bytes, sentAtMs: Math.round(startTime - navigatedAt), tookMs: Math.round(responseEnd) };
        }),
      );
    };
    page.on('request', onRequest);
    counter.reset();
    const navigatedAt = Date.now();
    const started = performance.now();
    await page.goto(`${stack.url}${screen}`);
    await shown(page);
    const ms = Math.round(performance.now() - started);
    // Counted once every answer is in: the cockpit's bulletins may answer after its charts are drawn.
    const calls = await Promise.all(apiCalls);
    const { requests, itemsRead, readCapacityUnits } = counter.tally;
    page.off('request', onRequest);
    return { ms, calls, requests: { ...requests }, itemsRead, readCapacityUnits };
  };
  await open();
  const runs: number[] = [];
  let last!: Awaited<ReturnType<typeof open>>;
  for (let run = 0; run < RUNS; run++) {
    last = await open();
    runs.push(last.ms);
  }
  return {
    screen,
    role,
    medianMs: median(runs),
    runs,
    apiRequests: last.calls,
    apiBytes: last.calls.reduce((sum, { bytes }) => sum + bytes, 0),
    lastAnswerMs: Math.max(...last.calls.map(({ sentAtMs, tookMs }) => sentAtMs + tookMs)),
    dynamoRequests: last.requests,
    itemsRead: last.itemsRead,
    readCapacityUnits: Math.round(last.readCapacityUnits * 10) / 10,
  };
}

/** What test/browser/ledger.test.ts waits for: the plan's name as the heading and the units' table filled. */
async function ledgerShown(page: Page, planName: string): Promise<void> {
  await page.getByRole('heading', { name: planName }).waitFor({ timeout: SHOWN_TIMEOUT });
  await page.locator('table', { has: page.locator('caption', { hasText: '各单位任务汇总' }) }).locator('tbody tr').first().waitFor({ timeout: SHOWN_TIMEOUT });
}

/**
 * What test/browser/desk.test.ts waits for, to the summary's second chart: the plan's headline, completion and
 * lights by unit drawn on their canvases. The escalations by month and the ranking follow (`lastAnswerMs`).
 */
async function cockpitShown(page: Page, planName: string): Promise<void> {
  await page.getByText(planName, { exact: false }).first().waitFor({ timeout: SHOWN_TIMEOUT });
  await page.locator('figure canvas').nth(1).waitFor({ timeout: SHOWN_TIMEOUT });
}
