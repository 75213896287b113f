import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { jsonOf, repoRoot, runCli } from '../support/cli.js';
import { startTestStack } from '../support/local-stack.js';

// The task commands as a department, its lead and the bureau run them against a local stack: each
// prints only JSON with --json, and a refusal is a JSON error with exit code 1.
const workDir = mkdtempSync(join(tmpdir(), 'cli-task-'));
const dataDir = join(workDir, 'data');
const TASK = 'cixi-2022.vocs-projects.hushan';

let stack: LocalStack;
let unitToken: string;
let leadToken: string;

const env = () => ({ ...process.env, PORT: new URL(stack.url).port, DATA_DIR: dataDir });
const cli = (args: string[]) => runCli([...args, '--json'], env());
const as = (token: string, args: string[]) => cli(['--token', token, ...args]);

beforeAll(async () => {
  stack = await startTestStack({ dataDir });
  expect((await cli(['plan', 'import', join(repoRoot, 'samples/cixi-2022.yaml')])).code).toBe(0);
  expect((await cli(['breakdown', 'start', 'cixi-2022', '--wait'])).code).toBe(0);
  unitToken = jsonOf(await cli(['token', 'create', '--role', 'unit', '--unit', 'hushan'])).token;
  leadToken = jsonOf(await cli(['token', 'create', '--role', 'reviewer', '--unit', 'eco-bureau'])).token;
});

afterAll(async () => {
  await stack?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

describe('task commands', () => {
  it('update uploads the evidence file and reports at the version it read', async () => {
    // Prepare
    const file = join(workDir, '验收报告.pdf');
    writeFileSync(file, '%PDF-1.4 九个项目的验收材料');

    // Act
    const result = await as(unitToken, ['task', 'update', TASK, '--done', '9', '--as-of', '2022-06-30', '--note', '已完成 9 家', '--evidence', file]);

    // Assess
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const task = jsonOf(result);
    expect(task).toMatchObject({ id: TASK, status: 'in_progress', version: 2, progress: { done: 9, asOf: '2022-06-30', note: '已完成 9 家' } });
    expect(task.progress.evidence).toHaveLength(1);
    expect(task.progress.evidence[0]).toMatch(/^ev-/);
  });

  it('closeout, review --accept, close and reopen walk the task through its lifecycle', async () => {
    // Act
    const closeout = await as(unitToken, ['task', 'closeout', TASK]);
    const accepted = await as(leadToken, ['task', 'review', TASK, '--accept']);
    const closed = await cli(['task', 'close', TASK]);
    const reopened = await as(leadToken, ['task', 'reopen', TASK, '--reason', '回头看发现问题']);

    // Assess
    expect([closeout, accepted, closed, reopened].map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect([closeout, accepted, closed, reopened].map((r) => jsonOf(r).status)).toEqual(['closeout_requested', 'accepted', 'closed', 'in_progress']);
    expect(jsonOf(reopened).rebounds).toBe(1);
  });

  it('prints a refusal as JSON naming the field, with exit code 1', async () => {
    // Act: the 2022 deadline has long passed, so an extension is refused.
    const result = await as(unitToken, ['task', 'extend', TASK, '--to', '2022-12-31', '--reason', '设备到货延迟']);
    const noChoice = await as(leadToken, ['task', 'review', TASK]);

    // Assess
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ error: 'invalid_input', status: 400 });
    expect(jsonOf(result).fields).toContainEqual(expect.objectContaining({ path: 'deadline', rule: 'too_late' }));
    expect(noChoice.code).toBe(1);
    expect(jsonOf(noChoice).message).toMatch(/--accept or --reject/);
  });

  it('audit verify finds the running stack\'s table through $DATA_DIR and checks every chain', async () => {
    // Prepare: nothing but DATA_DIR says where the table is.
    const bare = Object.fromEntries(Object.entries(env()).filter(([name]) => !/^(TABLE_NAME|DYNAMODB_ENDPOINT|AWS_.*)$/.test(name)));

    // Act
    const result = await runCli(['audit', 'verify', '--plan', 'cixi-2022', '--json'], bare);

    // Assess
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(jsonOf(result)).toEqual({ chains: 185, events: expect.any(Number), broken: [], checkpoint: expect.toSatisfy((c) => c === null || typeof c.root === 'string') });
    expect(jsonOf(result).events).toBeGreaterThanOrEqual(5);
  });

  it('extension decide on an unknown request is a JSON 404', async () => {
    // Act
    const result = await cli(['extension', 'decide', `${TASK}~7`, '--approve']);

    // Assess
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ status: 404 });
  });
});
