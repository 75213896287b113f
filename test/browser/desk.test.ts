import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { ensureWebBuild } from '../../infra/local/web-build.js';
import { signInLink } from '../../shared/http/web-policy.js';
import { apiClient, type ApiClient } from '../api/api-client.js';
import { startTestStack } from '../support/local-stack.js';
import { axeViolations, launchChromium, openContext, screenshot, sidewaysScroll, type Problems } from './support.js';

/*
 * The bureau's desk in Debian's Chromium against the local stack on the Cixi 2022 sample: the admin signs in
 * by its link and lands on 人员与登录链接 (/app/people), makes a town's sign-in link (shown once) that signs
 * the town in, and revokes it, after which the town's session ends at sign-in. Screenshots under
 * test-results/screenshots/, axe on every page, no CSP violation.
 */

const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const NOW = new Date();
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
  stack = await startTestStack({ webDir });
  api = apiClient(stack.url);
  expect((await api.call('POST', '/plans', { token: stack.adminToken, body: sampleYaml, contentType: 'application/yaml' })).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

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

  it('no serious or critical axe violation, no sideways scroll, no CSP violation nor uncaught error', async () => {
    // Act
    const violations = await axeViolations(admin, ['#main']);

    // Assess
    expect(violations.map((v) => `${v.impact} ${v.id}: ${v.targets.join(', ')}`)).toEqual([]);
    expect(await sidewaysScroll(admin)).toBeNull();
    expect(problems.csp).toEqual([]);
    expect(problems.errors).toEqual([]);
  });
});
