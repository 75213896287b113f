import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { rankUnits } from '../../shared/bulletin/labels.js';
import { startTestStack } from '../support/local-stack.js';
import { apiClient, type ApiClient } from './api-client.js';

// GET /bulletins/{month} over real HTTP: the Cixi sample imported and broken down through the API, the
// bureau's particulars set (PUT /settings/organisation), chased on 2022-10-20 (the spray-shop re-check
// reaches 通报) and on Tuesday 2022-11-01, which publishes the bulletin of 2022-11 covering October.
const organisation = { name: '宁波市生态环境局慈溪分局', numberPattern: '慈环督〔{year}〕{n}号', cc: ['慈溪市人民政府办公室', '宁波市生态环境局'] };
const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');

let stack: LocalStack;
let api: ApiClient;
let admin: string;
const tokens: Record<'reviewer' | 'viewer' | 'unit', string> = { reviewer: '', viewer: '', unit: '' };

async function chase(date: string) {
  const started = await api.call('POST', '/chases', { token: admin, body: { date } });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  await vi.waitFor(
    async () => expect((await api.call('GET', `/chases/${started.body.executionId}`, { token: admin })).body.status).toBe('SUCCEEDED'),
    { timeout: 60_000, interval: 100 },
  );
}

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  admin = stack.adminToken;
  const imported = await api.call('POST', '/plans', { token: admin, body: sampleYaml, contentType: 'application/yaml' });
  expect(imported.status, JSON.stringify(imported.body)).toBe(201);
  const started = await api.call('POST', '/plans/cixi-2022/breakdowns', { token: admin, body: {} });
  expect((await api.finishedBreakdown('cixi-2022', started.body.executionId, admin)).status).toBe('SUCCEEDED');
  const token = async (body: object) => (await api.call('POST', '/tokens', { token: admin, body })).body.token as string;
  tokens.reviewer = await token({ role: 'reviewer', unitId: 'eco-bureau' });
  tokens.viewer = await token({ role: 'viewer' });
  tokens.unit = await token({ role: 'unit', unitId: 'hushan' });
  const set = await api.call('PUT', '/settings/organisation', { token: admin, body: organisation });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  await chase('2022-10-20');
  await chase('2022-11-01');
}, 180_000);

afterAll(() => stack?.stop());

describe('GET /bulletins/{month}', () => {
  it('answers the bulletin with links to its HTML and XLSX, to the bureau, the lead departments and the leaders', async () => {
    // Act
    const seen = await api.call('GET', '/bulletins/2022-11', { token: admin });
    const byReviewer = await api.call('GET', '/bulletins/2022-11', { token: tokens.reviewer });
    const byViewer = await api.call('GET', '/bulletins/2022-11', { token: tokens.viewer });

    // Assess
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body).toMatchObject({ month: '2022-11', covers: '2022-10', publishedOn: '2022-11-01', plans: [{ planId: 'cixi-2022' }] });
    expect(seen.body.units).toHaveLength(28);
    expect(seen.body.units[0]).toEqual({
      unitId: 'hushan',
      unitName: '浒山街道',
      tasks: expect.any(Number),
      closed: 0,
      completionRate: 0,
      lights: { green: expect.any(Number), yellow: expect.any(Number), red: expect.any(Number) },
      escalations: expect.objectContaining({ notice: 1 }),
    });
    expect(seen.body.noticed).toContainEqual(
      expect.objectContaining({ taskId: 'cixi-2022.spray-recheck.hushan', title: '已整治喷涂企业“回头看”排查', level: 'notice', date: '2022-10-20' }),
    );
    for (const answer of [byReviewer, byViewer]) {
      expect(answer.status).toBe(200);
      expect(answer.body.units).toEqual(seen.body.units);
    }

    const html = await fetch(seen.body.html.url);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await html.text();
    expect(page).toContain('<h1>关于2022年10月重点工作推进情况的通报</h1>');
    expect(page).toContain('<p class="number">慈环督〔2022〕1号</p>');
    const xlsx = await fetch(seen.body.xlsx.url);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.worksheets[0]!.getCell(4, 2).value).toBe(rankUnits(seen.body.units)[0]!.unitName);
  });

  it("carries the bureau's particulars, its document number the year's first", async () => {
    // Act
    const seen = await api.call('GET', '/bulletins/2022-11', { token: admin });

    // Assess
    expect(seen.body.particulars).toEqual({ issuer: organisation.name, documentNumber: '慈环督〔2022〕1号', cc: organisation.cc });
    expect(seen.body.lang).toBe('zh');
  });

  it('links the English documents with lang=en, and refuses another language', async () => {
    // Act
    const english = await api.call('GET', '/bulletins/2022-11?lang=en', { token: admin });
    const other = await api.call('GET', '/bulletins/2022-11?lang=fr', { token: admin });

    // Assess
    expect(english.status).toBe(200);
    expect(english.body.lang).toBe('en');
    expect(await (await fetch(english.body.html.url)).text()).toContain('<h1>Progress of the key tasks, October 2022</h1>');
    expect(other.status).toBe(400);
    expect(other.body.fields).toEqual([expect.objectContaining({ path: 'lang', rule: 'one_of' })]);
  });

  it('is 404 before the month’s bulletin is published, 400 for what is not a month, 403 for a unit', async () => {
    // Act
    const unpublished = await api.call('GET', '/bulletins/2022-12', { token: admin });
    const notAMonth = await api.call('GET', '/bulletins/2022-13', { token: admin });
    const byUnit = await api.call('GET', '/bulletins/2022-11', { token: tokens.unit });

    // Assess
    expect(unpublished.status).toBe(404);
    expect(unpublished.body).toMatchObject({ error: 'not_found', message: 'The bulletin of 2022-12 is not published (yet) / 2022-12 月度通报尚未发布' });
    expect(notAMonth.status).toBe(400);
    expect(notAMonth.body.fields).toEqual([expect.objectContaining({ path: 'month', rule: 'pattern' })]);
    expect(byUnit.status).toBe(403);
  });
});

describe('GET and PUT /settings/organisation', () => {
  it('answers the particulars to every role', async () => {
    // Act
    const seen = await api.call('GET', '/settings/organisation', { token: tokens.unit });

    // Assess
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({ organisation, updatedAt: expect.any(String), updatedBy: expect.any(String) });
  });

  it('refuses a number pattern without {n} and an overlong name, naming each field in English and Chinese; a reviewer may not set them', async () => {
    // Act
    const invalid = await api.call('PUT', '/settings/organisation', { token: admin, body: { name: '局'.repeat(101), numberPattern: '慈环督〔{year}〕号' } });
    const byReviewer = await api.call('PUT', '/settings/organisation', { token: tokens.reviewer, body: organisation });

    // Assess
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields).toEqual([
      expect.objectContaining({ path: 'name', rule: 'too_long' }),
      expect.objectContaining({ path: 'numberPattern', rule: 'pattern', messageZh: expect.stringContaining('{n}') }),
    ]);
    expect(byReviewer.status).toBe(403);
    expect((await api.call('GET', '/settings/organisation', { token: admin })).body.organisation).toEqual(organisation);
  });
});
