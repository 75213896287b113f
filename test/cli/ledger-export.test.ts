import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { LEDGER_SHEET } from '../../shared/documents/ledger-xlsx.js';
import { jsonOf, repoRoot, runCli } from '../support/cli.js';
import { startTestStack } from '../support/local-stack.js';
import { apiClient } from '../api/api-client.js';

// `ledger export` against one local stack: the Cixi sample imported and broken down through the API, then exported whole
// as a workbook, one unit's as CSV, and an unknown plan refused.
const workDir = mkdtempSync(join(tmpdir(), 'cli-ledger-'));
const dataDir = join(workDir, 'data');

let stack: LocalStack;
let tasks: number;

const env = () => ({ ...process.env, PORT: new URL(stack.url).port, DATA_DIR: dataDir });
const cli = (args: string[]) => runCli(args, env());

beforeAll(async () => {
  stack = await startTestStack({ dataDir });
  // Set up through the API, not the CLI: each CLI run is a process of its own, seconds on a busy machine.
  const api = apiClient(stack.url);
  const sample = readFileSync(join(repoRoot, 'samples/cixi-2022.yaml'), 'utf8');
  expect((await api.call('POST', '/plans', { token: stack.adminToken, body: sample, contentType: 'application/yaml' })).status).toBe(201);
  const started = await api.call('POST', '/plans/cixi-2022/breakdowns', { token: stack.adminToken, body: {} });
  expect((await api.finishedBreakdown('cixi-2022', started.body.executionId, stack.adminToken)).status).toBe('SUCCEEDED');
  const listed = await api.allPages<{ status: string }>('/plans/cixi-2022/tasks?limit=200', stack.adminToken);
  tasks = listed.filter((task) => task.status !== 'withdrawn').length;
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('ledger export', () => {
  it('--json prints the plan, the rows, the file and its size, and writes the workbook', async () => {
    // Prepare
    const out = join(workDir, 'ledger.xlsx');

    // Act
    const run = await cli(['ledger', 'export', '--plan', 'cixi-2022', '--out', out, '--json']);

    // Assess
    expect(run.code, run.stderr).toBe(0);
    expect(jsonOf(run)).toMatchObject({ planId: 'cixi-2022', rows: tasks, out, bytes: statSync(out).size });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    expect(workbook.getWorksheet(LEDGER_SHEET)!.rowCount).toBe(3 + tasks);
  });

  it("writes one unit's rows as CSV", async () => {
    // Prepare
    const out = join(workDir, 'kandun.csv');

    // Act
    const run = await cli(['ledger', 'export', '--plan', 'cixi-2022', '--unit', 'kandun', '--format', 'csv', '--out', out, '--json']);

    // Assess
    expect(run.code, run.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(jsonOf(run)).toMatchObject({ planId: 'cixi-2022', unitId: 'kandun', format: 'csv', rows: lines.length - 1 });
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((line) => line.split(',')[1] === '坎墩街道')).toBe(true);
  });

  it('exits 1 with the API’s error as JSON for an unknown plan, writing nothing', async () => {
    // Prepare
    const out = join(workDir, 'none.xlsx');

    // Act
    const run = await cli(['ledger', 'export', '--plan', 'cixi-2099', '--out', out, '--json']);

    // Assess
    expect(run.code).toBe(1);
    expect(jsonOf(run)).toMatchObject({ error: 'not_found', status: 404, messageZh: expect.stringContaining('cixi-2099') });
    expect(() => statSync(out)).toThrow();
  });
});
