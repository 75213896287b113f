import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { startTestStack } from '../support/local-stack.js';
import { apiClient, type ApiClient } from './api-client.js';

// GET /bulletins/{month} over real HTTP: the Cixi sample imported and broken down through the API, chased on
// 2022-10-20 (the spray-shop re-check reaches 通报) and on Tuesday 2022-11-01, which publishes the bulletin
// of 2022-11 covering October.
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
    expect(await html.text()).toContain('<h1>2022年10月月度通报 / Monthly bulletin, October 2022</h1>');
    const xlsx = await fetch(seen.body.xlsx.url);
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    expect(workbook.worksheets[0]!.getCell(4, 1).value).toBe('浒山街道');
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
