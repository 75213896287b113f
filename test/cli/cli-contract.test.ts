import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { jsonOf, repoRoot, runCli, runCommand, type CliRun } from '../support/cli.js';
import { startTestStack } from '../support/local-stack.js';
import type { Plan } from '../../shared/domain/plan.js';
import type { Task } from '../../shared/domain/task.js';
import { parsePlanText } from '../../shared/plans/parse-plan-text.js';
import { apiClient, type ApiClient } from '../api/api-client.js';

// The CLI as users and scripts run it: a child process talking to a local stack over HTTP, the
// stack's admin token read from $DATA_DIR/admin-token like after `npm start`.
const sampleYaml = readFileSync(join(repoRoot, 'samples/cixi-2022.yaml'), 'utf8');
const sampleXlsx = join(repoRoot, 'samples/cixi-2022.xlsx');
const plan = planOf(sampleYaml);
const workDir = mkdtempSync(join(tmpdir(), 'cli-contract-'));
const dataDir = join(workDir, 'data');


let stack: LocalStack;
let api: ApiClient;
let imported: CliRun;
let brokenDown: CliRun;

beforeAll(async () => {
  stack = await startTestStack({ dataDir });
  api = apiClient(stack.url);
  imported = await cli(['plan', 'import', sampleXlsx, '--json']);
  brokenDown = await cli(['breakdown', 'start', plan.id, '--wait', '--json']);
});

afterAll(async () => {
  await stack?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

function planOf(yaml: string): Plan {
  const parsed = parsePlanText(yaml, 'yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

/** The local stack's defaults: `127.0.0.1:$PORT`, and the admin token in `$DATA_DIR/admin-token`. */
function localEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PORT: new URL(stack.url).port, DATA_DIR: dataDir };
}


const cli = (args: string[], env = localEnv()) => runCli(args, env);


/** The sample plan, edited, written to a file of the test's temp dir. */
function writePlanYaml(name: string, edit: (document: ReturnType<typeof parseDocument>) => void): string {
  const document = parseDocument(sampleYaml);
  edit(document);
  const path = join(workDir, name);
  writeFileSync(path, document.toString());
  return path;
}

describe('the CLI with --json against the local stack', () => {
  it('plan import FILE.xlsx prints the import result, and nothing else', () => {
    // Assess
    expect(imported.code, imported.stderr).toBe(0);
    expect(jsonOf(imported)).toEqual({ planId: plan.id, revision: 1, changed: true, goals: plan.goals.length, units: plan.units.length });
  });

  it('plan show PLAN_ID prints the plan with its goals and units', async () => {
    // Act
    const result = await cli(['plan', 'show', plan.id, '--json']);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const shown = jsonOf(result);
    expect(shown).toMatchObject({ id: plan.id, name: plan.name, year: plan.year, revision: 1, goals: plan.goals, units: plan.units });
    for (const goal of shown.goals) expect(Object.keys(goal)).toEqual(expect.arrayContaining(['id', 'kind', 'deadline', 'allocation']));
    const quantity = shown.goals.find((goal: { kind: string }) => goal.kind === 'quantity');
    expect(Object.keys(quantity)).toEqual(expect.arrayContaining(['target', 'unitOfMeasure']));
  });

  it('breakdown start PLAN_ID --wait prints the finished run with the number of tasks', async () => {
    // Prepare
    const tasks = await api.allPages<Task>(`/plans/${plan.id}/tasks?limit=200`, stack.adminToken);

    // Assess
    expect(brokenDown.code, brokenDown.stderr).toBe(0);
    expect(jsonOf(brokenDown)).toMatchObject({ executionId: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'SUCCEEDED', tasks: tasks.length });
    expect(tasks.length).toBeGreaterThan(0);
  });

  it("tasks list --plan --unit prints the unit's tasks as an array of task rows", async () => {
    // Prepare
    const expected = await api.allPages<Task>(`/plans/${plan.id}/tasks?unit=hushan`, stack.adminToken);

    // Act
    const result = await cli(['tasks', 'list', '--plan', plan.id, '--unit', 'hushan', '--json']);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const rows: Task[] = jsonOf(result);
    expect(rows.map((row) => row.id).sort()).toEqual(expected.map((task) => task.id).sort());
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(
        expect.arrayContaining(['id', 'planId', 'goalId', 'unitId', 'kind', 'target', 'deadline', 'status', 'version']),
      );
      expect(row).toMatchObject({ planId: plan.id, unitId: 'hushan', version: 1 });
    }
  });

  it('token create --role unit prints a token that, passed with --api and --token, sees only its unit', async () => {
    // Prepare: defaults that reach no stack and hold no token, so only --api and --token can.
    const elsewhere = { ...process.env, PORT: '9', DATA_DIR: join(workDir, 'nowhere') };

    // Act
    const created = await cli(['token', 'create', '--role', 'unit', '--unit', 'hushan', '--json']);
    const token = jsonOf(created).token as string;
    const listed = await cli(['tasks', 'list', '--plan', plan.id, '--json', '--api', stack.url, '--token', token], elsewhere);

    // Assess
    expect(created.code, created.stderr).toBe(0);
    expect(jsonOf(created)).toMatchObject({ token: expect.any(String), role: 'unit', unitId: 'hushan' });
    expect(listed.code, listed.stderr).toBe(0);
    const units = new Set(jsonOf(listed).map((row: Task) => row.unitId));
    expect([...units]).toEqual(['hushan']);
  });

  it('prints an API error as JSON with exit code 1', async () => {
    // Act
    const result = await cli(['plan', 'show', 'nowhere-2022', '--json']);

    // Assess
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ error: 'not_found', status: 404, message: expect.any(String) });
  });

  it('refuses a YAML plan with a bad date and an unknown unit, naming both, and imports nothing', async () => {
    // Prepare
    const file = writePlanYaml('broken.yaml', (document) => {
      document.set('id', 'broken-2022');
      document.setIn(['goals', 0, 'deadline'], '2022-02-30');
      document.setIn(['goals', 1, 'lead'], 'epb');
    });

    // Act
    const result = await cli(['plan', 'import', file, '--json']);
    const afterwards = await api.call('GET', '/plans/broken-2022', { token: stack.adminToken });

    // Assess
    expect(result.code).toBe(1);
    const body = jsonOf(result);
    expect(body.error).toBe('invalid_plan');
    expect(body.fields.map((field: { path: string; rule: string }) => `${field.path} ${field.rule}`)).toEqual([
      'goals[0].deadline date',
      'goals[1].lead unknown_unit',
    ]);
    expect(afterwards.status).toBe(404);
  });

  it('lists 50 problems of a plan file and counts the others, as the API does; a title hiding a character is one (control_character)', async () => {
    // Prepare
    const file = writePlanYaml('many-problems.yaml', (document) => {
      document.set('id', 'many-problems-2022');
      document.setIn(['goals', 0, 'title'], 'VOCs\u202E治理');
      for (let i = 0; i < 60; i++) document.set(`x-${String(i).padStart(2, '0')}`, i);
    });

    // Act
    const json = await cli(['plan', 'import', file, '--json']);
    const human = await cli(['plan', 'import', file]);

    // Assess
    expect(json.code).toBe(1);
    const body = jsonOf(json);
    expect(body).toMatchObject({ error: 'invalid_plan', message: `${file}: 61 problem(s); nothing was imported`, moreFields: 11 });
    expect(body.fields).toHaveLength(50);
    expect(body.fields[0]).toMatchObject({ path: 'goals[0].title', rule: 'control_character', message: expect.stringMatching(/^title contains U\+202E/) });
    expect(human.code).toBe(1);
    expect(human.stderr.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(50);
    expect(human.stderr).toContain('  … 11 more / 另有 11 处\n');
  });

  it('refuses a workbook with a bad 完成时限 cell, naming its sheet, row and column', async () => {
    // Prepare
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(sampleXlsx);
    const goals = workbook.getWorksheet('任务表')!;
    let deadlineColumn = 0;
    goals.getRow(1).eachCell((cell, column) => {
      if (cell.value === '完成时限') deadlineColumn = column;
    });
    const row = 3;
    goals.getCell(row, deadlineColumn).value = '2022-13-45';
    const file = join(workDir, 'broken.xlsx');
    await workbook.xlsx.writeFile(file);

    // Act
    const result = await cli(['plan', 'import', file, '--json']);

    // Assess
    expect(deadlineColumn).toBeGreaterThan(0);
    expect(result.code).toBe(1);
    expect(jsonOf(result).fields).toEqual([expect.objectContaining({ path: `任务表 第${row}行 完成时限`, rule: 'date' })]);
  });

  it('exits non-zero on an unknown command', async () => {
    // Act
    const result = await cli(['frobnicate', '--json']);

    // Assess
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/unknown command/);
  });

  it('through npm run cli, prints only the JSON: npm adds no banner to stdout', async () => {
    // Prepare: no npm settings inherited from a parent npm, so only the project's .npmrc decides.
    const env = Object.fromEntries(Object.entries(localEnv()).filter(([name]) => !/^npm_/i.test(name)));

    // Act
    const result = await runCommand('npm', ['run', 'cli', '--', 'plan', 'show', plan.id, '--json'], env);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result)).toMatchObject({ id: plan.id });
  });
});
