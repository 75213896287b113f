import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { issueToken } from '../../shared/auth/issue-token.js';
import { systemClock } from '../../shared/clock/clock.js';
import type { LedgerEntry } from '../../shared/domain/assessment/types.js';
import { levelLabels, type Level } from '../../shared/domain/lateness.js';
import { lightOf } from '../../shared/domain/light.js';
import type { Task } from '../../shared/domain/task.js';
import { jsonOf, repoRoot, runCli } from '../support/cli.js';
import { startTestStack } from '../support/local-stack.js';
import { usePrivateDynamoDb } from '../support/private-dynamodb.js';
import { useTestTable } from '../support/test-table.js';

// `simulate` runs the Cixi sample through 2022 against a local stack, as the bureau would on a demo
// machine: it breaks the plan down, files the units' synthetic reports, reviews, runs the chase every
// working day and prints the months. The data stays: the test reads it back to check the output.
const workDir = mkdtempSync(join(tmpdir(), 'cli-simulate-'));
const dataDir = join(workDir, 'data');
const SEED = '7';
const PLAN = join(repoRoot, 'samples/cixi-2022.yaml');

let dynamodb: DynamoDbLocal;
let stack: LocalStack;
/** The first run's output (the whole year), for the determinism check. */
let year: any;

const env = () => ({ ...process.env, PORT: new URL(stack.url).port, DATA_DIR: dataDir });
const cli = (args: string[], token?: string) => runCli([...args, '--json', ...(token ? ['--token', token] : [])], env());
const simulate = (from: string, to: string, token?: string) => cli(['simulate', '--plan', 'cixi-2022', '--from', from, '--to', to, '--seed', SEED], token);

async function api<T>(path: string, token = stack.adminToken): Promise<T> {
  const response = await fetch(`${stack.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

async function planTasks(): Promise<Task[]> {
  const page = await api<{ items: Task[]; nextCursor: string | null }>('/plans/cixi-2022/tasks?limit=200');
  expect(page.nextCursor).toBeNull();
  return page.items;
}

beforeAll(async () => {
  dynamodb = await usePrivateDynamoDb();
  stack = await startTestStack({ dataDir });
  // Imported, not broken down: simulate breaks a plan without tasks down first.
  expect((await cli(['plan', 'import', PLAN])).code).toBe(0);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await dynamodb?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('simulate', () => {
  it('runs the Cixi sample through 2022: twelve months, every task counted once, escalations as stored, lights as lightOf gives them', async () => {
    // Act
    const started = performance.now();
    const result = await simulate('2022-01-01', '2022-12-31');
    const seconds = (performance.now() - started) / 1000;

    // Assess
    expect(result.code, result.stdout + result.stderr).toBe(0);
    year = jsonOf(result);
    console.info(`simulate, Cixi 2022, the whole year: ${seconds.toFixed(1)} s`);
    const tasks = await planTasks();
    expect(year).toMatchObject({ planId: 'cixi-2022', seed: 7, from: '2022-01-01', to: '2022-12-31' });
    expect(year.months.map((row: { month: string }) => row.month)).toStrictEqual(
      Array.from({ length: 12 }, (_, i) => `2022-${String(i + 1).padStart(2, '0')}`),
    );
    expect(year.totals.tasks).toBe(tasks.length);
    for (const row of year.months) expect(row.onTrack + row.behind + row.overdue + row.closed, row.month).toBe(tasks.length);

    // Closing is for good (nobody re-opens), so the closed only grow; most of the work is closed by December,
    // and the late and silent units leave some behind or overdue.
    const closed = year.months.map((row: { closed: number }) => row.closed);
    expect(closed).toStrictEqual([...closed].sort((a, b) => a - b));
    const december = year.months[11];
    expect(december.closed).toBeGreaterThan(tasks.length / 2);
    expect(december.overdue + december.behind).toBeGreaterThan(0);
    expect(year.totals.closed).toBe(december.closed);

    // December's row is lightOf on 2022-12-31 over the tasks as stored (the margin of the sample: 0.1).
    const lights = tasks.map((task) => (task.status === 'closed' ? 'closed' : lightOf(task, '2022-12-31', 0.1)));
    expect(december).toMatchObject({
      onTrack: lights.filter((light) => light === 'green').length,
      behind: lights.filter((light) => light === 'yellow').length,
      overdue: lights.filter((light) => light === 'red').length,
      closed: lights.filter((light) => light === 'closed').length,
    });

    // The escalations of each month are the items the chase stored, by the month of the chase day.
    const stored = await storedEscalations(tasks);
    for (const row of year.months) expect(row.escalations, row.month).toStrictEqual(stored.get(row.month));
    const total = (level: string) => year.months.reduce((sum: number, row: { escalations: Record<string, number> }) => sum + row.escalations[level]!, 0);
    for (const level of Object.values(levelLabels)) {
      expect(year.totals.escalations[level]).toBe(total(level));
      expect(total(level), level).toBeGreaterThan(0);
    }

    // The data stays in place: the reports are there, marked as simulated.
    const reported = tasks.filter((task) => task.progress !== null);
    expect(reported.length).toBeGreaterThan(tasks.length / 2);
    for (const task of reported) expect(task.progress!.note).toBe('simulated / 模拟数据');

    // Each closed task's close-out request, acceptance and close count for days of the simulated year, in
    // order, none before the report they rest on: the assessment dates them so, not by when the test ran.
    for (const [taskId, ledger] of await storedLedgers(tasks.filter((task) => task.status === 'closed'))) {
      const closing = ledger.filter((entry) => ['closeout_requested', 'closeout_accepted', 'task_closed'].includes(entry.type));
      const days = closing.map((entry) => entry.on);
      expect(closing.map((entry) => entry.type).slice(0, 2), taskId).toStrictEqual(['closeout_requested', 'closeout_accepted']);
      for (const day of days) expect(day, taskId).toMatch(/^2022-\d{2}-\d{2}$/);
      expect(days, taskId).toStrictEqual([...days].sort());
      expect(days[0]! >= closing[0]!.asOf!, taskId).toBe(true);
    }
  }, 600_000);

  it('refuses a plan whose tasks already carry progress, and says so in both languages', async () => {
    // Act
    const again = await simulate('2022-01-01', '2022-01-31');

    // Assess
    expect(again.code).toBe(1);
    expect(jsonOf(again)).toMatchObject({ error: 'cli_error', message: expect.stringContaining('already carry progress'), messageZh: expect.stringContaining('已有') });
  });

  it.each([
    [['--from', '2022-02-30', '--to', '2022-03-31'], '--from'],
    [['--from', '2022-03-01', '--to', '2022-02-01'], '--from 2022-03-01 is after --to'],
    [['--from', '2022-01-01', '--to', '2999-01-01'], 'after today'],
    [['--from', '2022-01-01', '--to', '2022-01-31', '--seed', '4294967296'], '--seed'],
    [['--from', '2022-01-01', '--to', '2022-01-31', '--seed', '1.5'], '--seed'],
  ])('refuses %j, naming the option and the rule', async (args, named) => {
    // Act
    const result = await cli(['simulate', '--plan', 'cixi-2022', ...args]);

    // Assess
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ error: 'cli_error', message: expect.stringContaining(named), messageZh: expect.any(String) });
  });

  it('gives the same months for the same seed on a fresh table (January to April: a third of the year, the first escalations included)', async () => {
    // Prepare: the same stack on a new, empty table (the store reads TABLE_NAME on every call), with an admin token in it.
    // Over a third of the year rather than all of it, so the file stays well within the suite's budget; the
    // first months of the whole-year run are the ones to match, since a day's actions depend only on the days before.
    expect(year, 'the whole-year run').toBeDefined();
    await useTestTable();
    const { token } = await issueToken({ role: 'admin', label: 'simulate determinism', createdBy: 'test' }, systemClock);
    expect((await cli(['plan', 'import', PLAN], token)).code).toBe(0);

    // Act
    const result = await simulate('2022-01-01', '2022-04-30', token);

    // Assess
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const months = jsonOf(result).months;
    expect(months).toStrictEqual(year.months.slice(0, 4));
    expect(months[3].escalations['催办']).toBeGreaterThan(0);
  }, 300_000);
});

/** The ledger each task item keeps (its score-relevant events), by task id. */
async function storedLedgers(tasks: readonly Task[]): Promise<Map<string, LedgerEntry[]>> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint }));
  const items = await Promise.all(
    tasks.map((task) => client.send(new GetCommand({ TableName: stack.tableName, Key: { pk: `TASK#${task.id}`, sk: 'TASK' }, ProjectionExpression: 'ledger' }))),
  );
  client.destroy();
  return new Map(tasks.map((task, i) => [task.id, (items[i]!.Item?.ledger ?? []) as LedgerEntry[]]));
}

/** The escalation items of the tasks (`ESCALATION#<period>#<level>` under each task), counted by chase month and level label. */
async function storedEscalations(tasks: readonly Task[]): Promise<Map<string, Record<string, number>>> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodbEndpoint }));
  const byMonth = new Map<string, Record<string, number>>();
  for (const task of tasks) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: stack.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': `TASK#${task.id}`, ':prefix': 'ESCALATION#' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const month = String(item.date).slice(0, 7);
        const counts = byMonth.get(month) ?? Object.fromEntries(Object.values(levelLabels).map((label) => [label, 0]));
        counts[levelLabels[item.level as Level]]!++;
        byMonth.set(month, counts);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  const none = Object.fromEntries(Object.values(levelLabels).map((label) => [label, 0]));
  for (let m = 1; m <= 12; m++) {
    const month = `2022-${String(m).padStart(2, '0')}`;
    if (!byMonth.has(month)) byMonth.set(month, { ...none });
  }
  client.destroy();
  return byMonth;
}
