import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { vi } from 'vitest';

/*
 * The browser tests' tools: Debian's Chromium (never a downloaded one) driven by playwright-core, one
 * browser per file and a context per person and screen size; screenshots under test-results/screenshots/
 * (ignored by git) for a person to look at; axe-core, the page-width and touch-target checks; and a record
 * of every Content-Security-Policy violation and uncaught error a page reports.
 */

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

export const SCREENS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;
export type Screen = keyof typeof SCREENS;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** What went wrong in the pages of one context, with the page address it happened on. */
export interface Problems {
  csp: string[];
  errors: string[];
}

/**
 * A person's browser: Chinese, in China's time zone, its clock started at `now` (the server's faked Date
 * does not reach Chromium), CSP enforced (axe is evaluated through the DevTools protocol, which the CSP
 * does not govern, so no `bypassCSP`). Violations are caught twice: the `securitypolicyviolation` event,
 * reported through a binding, and Chromium's console line.
 */
export async function openContext(browser: Browser, screen: Screen, now: Date, problems: Problems): Promise<BrowserContext> {
  const context = await browser.newContext({ ...SCREENS[screen], locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await withRealDate(() => context.clock.setSystemTime(now));
  await context.exposeBinding('__reportCspViolation', ({ page }, text: string) => {
    problems.csp.push(`${page.url()}: ${text}`);
  });
  await context.addInitScript(() => {
    const page = globalThis as any;
    page.document.addEventListener('securitypolicyviolation', (event: any) => {
      void page.__reportCspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  context.on('console', (message) => {
    const text = message.text();
    if (/Content.Security.Policy/i.test(text)) problems.csp.push(`${message.page()?.url() ?? ''}: console: ${text}`);
  });
  context.on('weberror', (error) => {
    problems.errors.push(`${error.page()?.url() ?? ''}: ${error.error().message}`);
  });
  return context;
}

/**
 * Playwright's clock stamps what it is told with this process's Date.now(), and each page moves its clock on
 * by the real time elapsed since: under the tests' faked Date (years before the page's real one) a page
 * would run years of timers at once. So the real Date while the clock is set, the faked one again after.
 * One context at a time: two at once (a desk's and a phone's) let the second read the faked Date again
 * once the first had put it back, and its page then hung running years of timers (seen in whole runs).
 */
let realDateTurn: Promise<unknown> = Promise.resolve();
function withRealDate<T>(action: () => Promise<T>): Promise<T> {
  const turn = realDateTurn.then(() => underRealDate(action));
  realDateTurn = turn.catch(() => undefined);
  return turn;
}

async function underRealDate<T>(action: () => Promise<T>): Promise<T> {
  if (!vi.isFakeTimers()) return action();
  const faked = Date.now();
  vi.useRealTimers();
  try {
    return await action();
  } finally {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(faked);
  }
}

/** The page, full length, as `<name>-<screen>.png`. */
export async function screenshot(page: Page, name: string, screen: Screen): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${screen}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
}

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations in `include` (CSS selectors; the whole document when empty).
 * axe is evaluated through the DevTools protocol: an injected <script> would be refused by the page's CSP.
 */
export async function axeViolations(page: Page, include: string[] = []): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as any).axe === 'object');
  if (!loaded) await page.evaluate(axe.source);
  const violations = await page.evaluate(async (selectors) => {
    const inPage = globalThis as any;
    const context = selectors.length > 0 ? { include: selectors.map((selector) => [selector]) } : inPage.document;
    const result: axe.AxeResults = await inPage.axe.run(context, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, include);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Whether the page scrolls sideways. */
export async function sidewaysScroll(page: Page): Promise<{ scrollWidth: number; clientWidth: number } | null> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = (globalThis as any).document.documentElement;
    return { scrollWidth: root.scrollWidth as number, clientWidth: root.clientWidth as number };
  });
  return scrollWidth <= clientWidth ? null : { scrollWidth, clientWidth };
}

/**
 * Every visible control smaller than 44 × 44 CSS pixels (WCAG 2.5.5), but a link inside a sentence (the
 * exception 2.5.5 makes). A control's target is its own box or, when larger, the box people tap: its label,
 * or Element Plus's wrapper around the native input; a visually hidden input is left to its label.
 */
export async function smallTouchTargets(page: Page, min = 44): Promise<string[]> {
  return page.evaluate((minimum) => {
    const { document, getComputedStyle, CSS } = globalThis as any;
    const selector = [
      'a[href]',
      'button',
      'input:not([type=hidden])',
      'select',
      'textarea',
      'summary',
      '[role=button]',
      '[role=link]',
      '[role=checkbox]',
      '[role=radio]',
      '[role=switch]',
      '[role=tab]',
      '[role=menuitem]',
      '[role=option]',
      '[tabindex]:not([tabindex="-1"])',
    ].join(',');
    const wrappers = 'label, .el-input__wrapper, .el-textarea, .el-select__wrapper, .el-checkbox, .el-radio, .el-switch, .el-upload, .el-upload-dragger, .el-date-editor';
    const small: string[] = [];
    for (const element of document.querySelectorAll(selector)) {
      const style = getComputedStyle(element);
      const own = element.getBoundingClientRect();
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      // Off the page on purpose (a skip link waiting for focus) or not rendered.
      if (own.right <= 0 || own.bottom <= 0) continue;
      // A visually hidden native input (1 × 1, clipped) is tapped through its label or button.
      if (own.width <= 2 && own.height <= 2) continue;
      const wrapper = element.closest(wrappers) ?? (element.id ? document.querySelector(`label[for="${CSS.escape(element.id)}"]`) : null);
      const box = wrapper ? wrapper.getBoundingClientRect() : own;
      const width = Math.max(own.width, box.width);
      const height = Math.max(own.height, box.height);
      if (width >= minimum - 0.5 && height >= minimum - 0.5) continue;
      const inSentence =
        element.tagName === 'A' && style.display === 'inline' && (element.parentElement?.textContent ?? '').trim().length > (element.textContent ?? '').trim().length;
      if (inSentence) continue;
      const name = (element.getAttribute('aria-label') ?? element.textContent ?? element.getAttribute('name') ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      small.push(`<${element.tagName.toLowerCase()}${element.className ? ` class="${String(element.className).slice(0, 60)}"` : ''}> "${name}" ${Math.round(width)}×${Math.round(height)}`);
    }
    return small;
  }, min);
}

/** The addresses of every entry of the tab's history (DevTools protocol): a token must be in none of them. */
export async function historyAddresses(page: Page): Promise<string[]> {
  const session = await page.context().newCDPSession(page);
  try {
    const { entries } = (await session.send('Page.getNavigationHistory')) as { entries: { url: string }[] };
    return entries.map((entry) => entry.url);
  } finally {
    await session.detach();
  }
}
