import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { ledgerColumns } from '../../shared/documents/ledger-columns.js';
import { LEDGER_SHEET } from '../../shared/documents/ledger-xlsx.js';
import { startTestStack } from '../support/local-stack.js';
import { apiClient, type ApiClient } from './api-client.js';

// GET /plans/{planId}/ledger over real HTTP: the Cixi sample imported and broken down through the API on
// 2022-10-31, 浒山街道 reporting its VOCs projects; the ledger fetched as a file by each role.
const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const VOCS_HUSHAN = 'cixi-2022.vocs-projects.hushan';

let stack: LocalStack;
let api: ApiClient;
let admin: string;
const tokens: Record<'reviewer' | 'viewer' | 'unit', string> = { reviewer: '', viewer: '', unit: '' };
let openTasks: number;

/** The answer as bytes, with the headers that describe the file. */
async function download(path: string, token: string) {
  const response = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes };
}

async function sheetOf(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.getWorksheet(LEDGER_SHEET)!;
}

/** The task rows of the ledger's sheet: below the title, subtitle and header rows. */
function taskRows(sheet: ExcelJS.Worksheet): ExcelJS.Row[] {
  return Array.from({ length: sheet.rowCount - 3 }, (_, i) => sheet.getRow(4 + i));
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2022-10-31T02:00:00Z'));
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
  const { body: task } = await api.call('GET', `/tasks/${VOCS_HUSHAN}`, { token: tokens.unit });
  const reported = await api.call('POST', `/tasks/${VOCS_HUSHAN}/updates`, {
    token: tokens.unit,
    body: { asOf: '2022-10-28', done: 2, note: '已完成2家企业治理', version: task.version },
  });
  expect(reported.status, JSON.stringify(reported.body)).toBe(200);
  openTasks = (await api.allPages<{ status: string }>('/plans/cixi-2022/tasks?limit=200', admin)).filter((t) => t.status !== 'withdrawn').length;
}, 180_000);

afterAll(() => {
  vi.useRealTimers();
  return stack?.stop();
});

/** A ledger column's number in the workbook (1-based), by its heading. */
const column = (heading: string) => ledgerColumns.findIndex((ledgerColumn) => ledgerColumn.heading === heading) + 1;

describe('GET /plans/{planId}/ledger', () => {
  it('answers the workbook as a file named after the plan and the day, one row per task', async () => {
    // Act
    const answer = await download('/plans/cixi-2022/ledger?format=xlsx', admin);

    // Assess
    expect(answer.status, answer.bytes.toString('utf8', 0, 300)).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const fileName = `慈溪市2022年生态环境保护重点工作-任务台账-2022-10-31.xlsx`;
    expect(answer.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(fileName)}`);
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Number(answer.headers.get('x-ledger-rows'))).toBe(openTasks);
    const sheet = await sheetOf(answer.bytes);
    expect(String(sheet.getCell('A1').value)).toContain('慈溪市2022年生态环境保护重点工作');
    expect(String(sheet.getCell('A2').value)).toContain('2022-10-31');
    const rows = taskRows(sheet);
    expect(rows).toHaveLength(openTasks);
    const vocs = rows.find((row) => row.getCell(column('任务编号')).value === VOCS_HUSHAN)!;
    expect(['责任单位', '任务', '牵头单位', '完成量/最新值', '进展说明'].map((heading) => vocs.getCell(column(heading)).value)).toEqual([
      '浒山街道',
      '完成VOCs治理项目',
      '慈溪分局',
      2,
      '已完成2家企业治理',
    ]);
  });

  it('answers CSV with a BOM and Chinese headings, the same rows', async () => {
    // Act
    const answer = await download('/plans/cixi-2022/ledger?format=csv', tokens.viewer);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...answer.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = answer.bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(ledgerColumns.map((ledgerColumn) => ledgerColumn.heading).join(','));
    expect(lines[0]).toMatch(/^序号,责任单位,任务,牵头单位,目标值,计量单位,/);
    expect(lines).toHaveLength(1 + openTasks);
    expect(lines.find((line) => line.endsWith(`,${VOCS_HUSHAN}`))).toContain(',浒山街道,完成VOCs治理项目,');
  });

  it('gives a unit its own rows only, whatever unit it asks for; the staff any unit', async () => {
    // Act
    const own = await download('/plans/cixi-2022/ledger?unitId=kandun', tokens.unit);
    const byReviewer = await download('/plans/cixi-2022/ledger?unitId=kandun', tokens.reviewer);

    // Assess
    expect(own.status).toBe(200);
    const ownUnits = new Set(taskRows(await sheetOf(own.bytes)).map((row) => row.getCell(2).value));
    expect(ownUnits).toEqual(new Set(['浒山街道']));
    expect(byReviewer.status).toBe(200);
    const asked = new Set(taskRows(await sheetOf(byReviewer.bytes)).map((row) => row.getCell(2).value));
    expect(asked).toEqual(new Set(['坎墩街道']));
  });

  it('gives each unit its own sheet on request', async () => {
    // Act
    const answer = await download('/plans/cixi-2022/ledger?sheets=unit', admin);

    // Assess
    expect(answer.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(answer.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toContain('浒山街道');
    expect(workbook.worksheets.reduce((sum, sheet) => sum + sheet.rowCount - 3, 0)).toBe(openTasks);
  });

  it('refuses an unknown format naming the field in English and Chinese, and an unknown plan or unit with 404', async () => {
    // Act
    const badFormat = await api.call('GET', '/plans/cixi-2022/ledger?format=pdf', { token: admin });
    const noPlan = await api.call('GET', '/plans/cixi-2099/ledger', { token: admin });
    const noUnit = await api.call('GET', '/plans/cixi-2022/ledger?unitId=atlantis', { token: admin });

    // Assess
    expect(badFormat.status).toBe(400);
    expect(badFormat.body).toMatchObject({ error: 'invalid_input', fields: [expect.objectContaining({ path: 'format', messageZh: expect.stringMatching(/[\u4e00-\u9fff]/) })] });
    expect(badFormat.body.fields[0].message).toMatch(/xlsx/);
    expect(noPlan.status).toBe(404);
    expect(noUnit.status).toBe(404);
  });
});
