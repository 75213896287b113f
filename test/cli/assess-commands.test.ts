import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import type { Plan } from '../../shared/domain/plan.js';
import { parsePlanText } from '../../shared/plans/parse-plan-text.js';
import { jsonOf, repoRoot, runCli } from '../support/cli.js';
import type { DynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { startTestStack } from '../support/local-stack.js';
import { usePrivateDynamoDb } from '../support/private-dynamodb.js';

// The assessment commands against a local stack: the Cixi sample broken down, then assessed on Thursday
// 2023-01-05 (the stack's clock is this process's, faked; the CLI runs as a child process over HTTP).
const workDir = mkdtempSync(join(tmpdir(), 'cli-assess-'));
const dataDir = join(workDir, 'data');
const file = (name: string, content: string | Buffer) => {
  const path = join(workDir, name);
  writeFileSync(path, content);
  return path;
};

let stack: LocalStack;
// Assessing the sample over and over: on a server of its own, as the other heavy files (test/support/private-dynamodb.ts).
let dynamodb: DynamoDbLocal;

/** The Cixi sample as its plan file gives it: the kind of each unit. */
function cixiPlan(): Plan {
  const parsed = parsePlanText(readFileSync(join(repoRoot, 'samples/cixi-2022.yaml'), 'utf8'), 'yaml');
  if (!parsed.ok) throw new Error('samples/cixi-2022.yaml does not validate');
  return parsed.value;
}

const env = () => ({ ...process.env, PORT: new URL(stack.url).port, DATA_DIR: dataDir });
const cli = (args: string[]) => runCli(args, env());

async function workbook(header: string[], rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('实际值');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2022-06-15T02:00:00Z'));
  dynamodb = await usePrivateDynamoDb();
  stack = await startTestStack({ dataDir });
  expect((await cli(['plan', 'import', join(repoRoot, 'samples/cixi-2022.yaml'), '--json'])).code).toBe(0);
  expect((await cli(['breakdown', 'start', 'cixi-2022', '--wait', '--json'])).code).toBe(0);
  vi.setSystemTime(new Date('2023-01-05T02:00:00Z'));
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await dynamodb?.stop();
  vi.useRealTimers();
  rmSync(workDir, { recursive: true, force: true });
});

describe('actuals import', () => {
  it('checks every row locally and names its row, importing nothing', async () => {
    // Prepare
    const xlsx = file('bad.xlsx', await workbook(['taskId', 'value'], [['cixi-2022.pm25.hushan', 31], ['pm25-hushan', 30], ['cixi-2022.pm25.kandun', '三十']]));

    // Act
    const result = await cli(['actuals', 'import', xlsx, '--year', '2022', '--json']);

    // Assess
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({
      error: 'invalid_actuals',
      fields: [
        { path: '实际值 row 3: taskId', rule: 'task_id' },
        { path: '实际值 row 4: value', rule: 'type' },
      ],
    });
  });

  it('imports an xlsx with Chinese headings, a CSV and a JSON file (without --year: the year of the rows’ plan)', async () => {
    // Prepare
    const xlsx = file('actuals.xlsx', await workbook(['任务编号', '实际值'], [['cixi-2022.pm25.hushan', 29.5]]));
    const csv = file('actuals.csv', '\uFEFFtaskId,value\r\ncixi-2022.pm25.guanhaiwei,41\r\n');
    const json = file('actuals.json', JSON.stringify({ actuals: [{ taskId: 'cixi-2022.pm25.kandun', value: 33 }] }));

    // Act
    const results = [];
    for (const path of [xlsx, csv]) results.push(await cli(['actuals', 'import', path, '--year', '2022', '--json']));
    results.push(await cli(['actuals', 'import', json, '--json']));

    // Assess
    for (const result of results) {
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(jsonOf(result)).toEqual({ year: 2022, saved: 1 });
    }
  });
});

describe('assess', () => {
  it('run --rules refuses bad rules before asking the API, naming rules.<field>', async () => {
    // Prepare
    const rules = file('bad-rules.yaml', 'grades: { excellent: 70, good: 80 }\nbonusCap: -1\n');

    // Act
    const result = await cli(['assess', 'run', '--year', '2022', '--rules', rules, '--dry-run', '--json']);

    // Assess
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({
      error: 'invalid_rules',
      fields: expect.arrayContaining([
        expect.objectContaining({ path: 'rules.grades.good', rule: 'order' }),
        expect.objectContaining({ path: 'rules.bonusCap', rule: 'too_small' }),
      ]),
    });
  });

  it('bonus and veto record adjustments', async () => {
    // Act
    const bonus = await cli(['assess', 'bonus', '--year', '2022', '--unit', 'hushan', '--points', '2', '--reason', '获省级表彰', '--json']);
    const veto = await cli(['assess', 'veto', '--year', '2022', '--unit', 'guanhaiwei', '--reason', '发生较大突发环境事件', '--json']);

    // Assess
    expect(bonus.code, bonus.stderr).toBe(0);
    expect(jsonOf(bonus)).toMatchObject({ adjustmentId: 'adj-1', kind: 'bonus', points: 2 });
    expect(jsonOf(veto)).toMatchObject({ adjustmentId: 'adj-2', kind: 'veto', unitId: 'guanhaiwei' });
  });

  it('run --wait --json prints exactly { year, runId, units, published }', async () => {
    // Act
    const result = await cli(['assess', 'run', '--year', '2022', '--wait', '--json']);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result)).toEqual({ year: 2022, runId: expect.stringMatching(/^assess-2022-/), units: 24, published: true });
  });

  it('show prints the ranking, and one unit with its line items', async () => {
    // Act
    const ranking = await cli(['assess', 'show', '--year', '2022', '--json']);
    const unit = await cli(['assess', 'show', '--year', '2022', '--unit', 'hushan', '--json']);
    const table = await cli(['assess', 'show', '--year', '2022']);

    // Assess
    const units: { unitId: string; group: string; groupName: string; rank: number; grade: string }[] = jsonOf(ranking);
    expect(units).toHaveLength(24);
    expect(units[0]).toMatchObject({ unitId: expect.any(String), group: 'towns', groupName: '镇街道', total: expect.any(Number), grade: expect.any(String), rank: 1 });
    // 分类考核: the towns and streets, then the departments with tasks, each group ranked from 1 (the vetoed town last of its group).
    const kinds = new Map(cixiPlan().units.map((u) => [u.id, u.kind]));
    const groups = ['towns', 'departments'].map((group) => units.filter((u) => u.group === group));
    expect(units).toStrictEqual([...groups[0]!, ...groups[1]!]);
    expect(groups[0]!.map((u) => kinds.get(u.unitId)).every((kind) => kind === 'town' || kind === 'street')).toBe(true);
    expect(groups[1]!.map((u) => kinds.get(u.unitId)).every((kind) => kind === 'department')).toBe(true);
    expect(groups[1]!.length).toBeGreaterThan(0);
    for (const members of groups) {
      expect(members[0]!.rank).toBe(1);
      expect(members.every((u, i) => i === 0 || u.rank >= members[i - 1]!.rank)).toBe(true);
    }
    expect(groups[0]!.at(-1)).toMatchObject({ unitId: 'guanhaiwei', grade: 'fail', rank: groups[0]!.length });
    const hushan = jsonOf(unit);
    expect(hushan).toMatchObject({ unitId: 'hushan', group: 'towns', groupName: '镇街道', total: expect.any(Number), grade: expect.any(String), rank: expect.any(Number) });
    expect(hushan.lineItems).toContainEqual(expect.objectContaining({ taskId: null, rule: 'bonus', points: 2, eventIds: ['adj-1'] }));
    const sum = hushan.lineItems.reduce((total: number, line: { points: number }) => total + Math.round(line.points * 100), 0);
    expect(sum).toBe(Math.round(hushan.total * 100));
    expect(table.stdout.split('\n')[1]).toMatch(/^group 类别\s+rank 排名\s+unit 单位\s+total 总分\s+grade 等次$/);
    expect(table.stdout).toMatch(/^部门\s+1\s+/m);
    expect(table.stdout).toContain('观海卫镇 (guanhaiwei)');
  });

  it('run --dry-run with other rules prints the rank moves and publishes nothing', async () => {
    // Prepare
    const rules = file('what-if.json', JSON.stringify({ bonusCap: 0, grades: { excellent: 50, good: 40, pass: 30 } }));
    const before = jsonOf(await cli(['assess', 'show', '--year', '2022', '--json']));

    // Act
    const asJson = await cli(['assess', 'run', '--year', '2022', '--rules', rules, '--dry-run', '--json']);
    const asText = await cli(['assess', 'run', '--year', '2022', '--rules', rules, '--dry-run']);
    const ranking = await cli(['assess', 'show', '--year', '2022', '--json']);

    // Assess
    expect(asJson.code, asJson.stderr).toBe(0);
    const result = jsonOf(asJson);
    expect(result).toMatchObject({ year: 2022, units: 24, published: false });
    // Without its bonus (bonusCap 0) Hushan loses its 2 points.
    expect(result.changes).toContainEqual(expect.objectContaining({ unitId: 'hushan', before: expect.any(Object), after: expect.any(Object) }));
    expect(asText.stdout).toMatch(/what-if assess-2022-\w+: 24 units, nothing published/);
    expect(asText.stdout).toMatch(/^unit 单位\s+before 原排名\s+after 新排名\s+move 变化$/m);
    expect(asText.stdout).toMatch(/^浒山街道 \(hushan\)\s+towns \d+ \([\d.]+ \S+\)\s+towns \d+ \([\d.]+ \S+\)\s+(\+\d+|-\d+|0)$/m);
    expect(jsonOf(ranking)).toEqual(before);
  });
});

describe('report export', () => {
  it('downloads the published CSV and XLSX', async () => {
    // Prepare
    const csv = join(workDir, 'assessment.csv');
    const xlsx = join(workDir, 'assessment.xlsx');

    // Act
    const csvResult = await cli(['report', 'export', '--year', '2022', '--format', 'csv', '--out', csv, '--json']);
    const xlsxResult = await cli(['report', 'export', '--year', '2022', '--format', 'xlsx', '--out', xlsx, '--json']);
    const bad = await cli(['report', 'export', '--year', '2022', '--format', 'pdf', '--out', csv, '--json']);

    // Assess
    expect(csvResult.code, csvResult.stderr).toBe(0);
    expect(jsonOf(csvResult)).toMatchObject({ year: 2022, format: 'csv', out: csv, revision: 1 });
    expect(readFileSync(csv, 'utf8').startsWith('\uFEFF分组,排名,单位,总分,等次,一票否决,任务,考核项,分值,满分,说明,依据,单位编号,明细编号,任务编号,事件编号\r\n')).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['考核排名', '得分明细']);
    expect(bad.code).toBe(1);
    expect(jsonOf(bad).message).toBe('--format "pdf" must be one of csv, xlsx, html');
  });
});

describe('appeal', () => {
  it('file (as the unit) then decide --uphold --wait republishes', async () => {
    // Prepare
    vi.setSystemTime(new Date('2023-01-06T02:00:00Z'));

    // Act
    const filed = await cli(['appeal', 'file', '--year', '2022', '--unit', 'hushan', '--line', 'timeliness:cixi-2022.pm25.hushan', '--reason', '年均浓度为省站核定值', '--json']);
    const appeal = jsonOf(filed);
    const decided = await cli(['appeal', 'decide', '--year', '2022', '--appeal', appeal.appealId, '--uphold', '--points', '5', '--reason', '核实无误', '--wait', '--json']);
    const unit = await cli(['assess', 'show', '--year', '2022', '--unit', 'hushan', '--json']);

    // Assess
    expect(filed.code, filed.stderr).toBe(0);
    expect(appeal).toMatchObject({ appealId: 'ap-1', unitId: 'hushan', status: 'pending' });
    expect(decided.code, decided.stderr).toBe(0);
    expect(jsonOf(decided)).toMatchObject({ appeal: { appealId: 'ap-1', status: 'upheld' }, runId: expect.any(String), run: { status: 'SUCCEEDED', published: true } });
    expect(jsonOf(unit).lineItems).toContainEqual(expect.objectContaining({ lineId: 'timeliness:cixi-2022.pm25.hushan', points: 5, waivedBy: 'ap-1' }));
  });

  it('decide needs exactly one of --uphold and --reject', async () => {
    // Act
    const result = await cli(['appeal', 'decide', '--year', '2022', '--appeal', 'ap-1', '--reason', '未说明', '--json']);

    // Assess
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ message: 'say --uphold or --reject (one of them)', messageZh: '请指定 --uphold 或 --reject（二选一）' });
  });
});

describe('disclosure', () => {
  it('assess disclose and plan disclose open the public endpoints', async () => {
    // Act
    const year = await cli(['assess', 'disclose', '--year', '2022', '--json']);
    const plan = await cli(['plan', 'disclose', 'cixi-2022', '--json']);
    const publicAssessment = await fetch(`${stack.url}/public/assessments/2022`);
    const publicProgress = await fetch(`${stack.url}/public/plans/cixi-2022/progress`);

    // Assess
    expect(year.code, year.stderr).toBe(0);
    expect(jsonOf(year)).toMatchObject({ runId: expect.stringMatching(/^assess-2022-/) });
    expect(plan.code, plan.stderr).toBe(0);
    expect(publicAssessment.status).toBe(200);
    expect(publicProgress.status).toBe(200);
  });
});
