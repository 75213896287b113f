import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock/clock.js';
import { chainEvent, genesisHash, type ChainedEvent } from '../../shared/domain/audit-chain.js';
import { checkpointRoot, parseCheckpoint } from '../../shared/domain/audit-checkpoint.js';
import type { Plan } from '../../shared/domain/plan.js';
import type { TaskEvent } from '../../shared/domain/task-event.js';
import { jsonOf, runCli, type CliRun } from '../support/cli.js';
import { samplePlan, withGoal } from '../support/sample-plan.js';
import { useTestTable } from '../support/test-table.js';

// The four tamperings a chain alone cannot show, made straight in the table (DynamoDB Local) after a checkpoint,
// each on a task of its own, and `audit verify` as operators run it naming each: a child process told where
// the table and the checkpoints are by --table, --endpoint and --data-dir only.
const tableName = await useTestTable();
const endpoint = process.env.DYNAMODB_ENDPOINT!;
const dataDir = mkdtempSync(join(tmpdir(), 'audit-checkpoint-'));
const { syncGoalTasks } = await import('../../shared/store/goal-tasks.js');
const { savePlan } = await import('../../shared/store/plans-repo.js');
const { queryAll } = await import('../../shared/store/query.js');
const { dynamo } = await import('../../shared/store/client.js');
const { keys } = await import('../../shared/store/keys.js');
const { readChainHeads } = await import('../../shared/store/audit-repo.js');
const { fromTaskEventItem } = await import('../../shared/store/task-items.js');

const planId = 'audit-anchor';
const task = (goal: string, unit: string) => `${planId}.${goal}.${unit}`;
const edited = task('vocs-cleanup', 'hushan');
const rolledBack = task('vocs-cleanup', 'guanhaiwei');
const rehashed = task('vocs-cleanup', 'zhouxiang');
const swapped = task('river-patrol', 'guanhaiwei');

function cli(args: string[]): Promise<CliRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(TABLE_NAME|DYNAMODB_ENDPOINT|DATA_DIR|AUDIT_BUCKET|AWS_.*)$/.test(name)));
  return runCli(args, env);
}
const local = ['--table', tableName, '--endpoint', endpoint, '--data-dir', dataDir];
const verify = (...extra: string[]) => cli(['audit', 'verify', '--plan', planId, ...local, ...extra]);

/** The task's event items, in the order of their sort keys (as the history lists them). */
async function eventItems(taskId: string) {
  return queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
    ExpressionAttributeValues: { ':pk': keys.taskPartition(taskId), ':events': 'EVENT#' },
    ConsistentRead: true,
  });
}

const update = (taskId: string, set: Record<string, unknown>) =>
  dynamo().send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.task(taskId),
      UpdateExpression: `SET ${Object.keys(set).map((name, i) => `#n${i} = :v${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(Object.keys(set).map((name, i) => [`#n${i}`, name])),
      ExpressionAttributeValues: Object.fromEntries(Object.values(set).map((value, i) => [`:v${i}`, value])),
    }),
  );
const put = (item: Record<string, unknown>) => dynamo().send(new PutCommand({ TableName: tableName, Item: item }));

beforeAll(async () => {
  // Prepare: the VOC and river-patrol goals broken down, then revised three times: each of their tasks gets
  // events at versions 2, 3 and 4.
  const clock = fixedClock('2026-02-01T10:00:00+08:00');
  const plan = samplePlan(planId);
  await savePlan(plan, 'admin:li', clock);
  for (let step = 0; step < 4; step++) {
    const revised: Plan = withGoal(
      withGoal(plan, 'vocs-cleanup', (goal) => ({ ...goal, allocation: { method: 'quota', quotas: { hushan: 3 + step, guanhaiwei: 6 + step, zhouxiang: 3 + step } } })),
      'river-patrol',
      (goal) => ({ ...goal, target: 10 * (step + 1) }),
    );
    for (const goalId of ['vocs-cleanup', 'river-patrol']) {
      await syncGoalTasks({ plan: revised, revision: step + 1, goal: revised.goals.find((g) => g.id === goalId)!, executionId: `exec-${step}` }, clock);
    }
  }
});

describe('audit checkpoint and audit verify against it', () => {
  it('record every chain’s head in a file under the data dir, and find the chains agreeing with it', async () => {
    // Act
    const written = await cli(['audit', 'checkpoint', ...local, '--json']);
    const checked = await verify('--json');

    // Assess
    expect(written.code, written.stdout + written.stderr).toBe(0);
    const summary = jsonOf(written);
    const heads = await readChainHeads();
    expect(summary).toEqual({ at: expect.any(String), chains: heads.length, root: checkpointRoot(heads), location: expect.any(String) });
    expect(summary.location).toBe(join(dataDir, 'audit', 'checkpoints', tableName, `${summary.at.replace(/:/g, '')}.json`));
    expect(parseCheckpoint(JSON.parse(readFileSync(summary.location, 'utf8')))).toMatchObject({ at: summary.at, root: summary.root });
    expect(checked.code, checked.stdout + checked.stderr).toBe(0);
    expect(jsonOf(checked)).toEqual({ chains: 6, events: 18, broken: [], checkpoint: { at: summary.at, root: summary.root, location: summary.location } });
  });

  it('names each of the four tamperings made after the checkpoint, and the task it was made on', async () => {
    // Prepare (a): a task closed with 999999 done, straight in its item, without an event.
    await update(edited, { status: 'closed', progress: { asOf: '2026-02-01', done: 999999, reportedBy: 'unit:hushan', reportedAt: '2026-02-01T02:00:00.000Z' } });
    // Prepare (b): the newest event deleted, and the task's version, head and state rolled back to the one before.
    const [, second, newest] = (await eventItems(rolledBack)).sort((x, y) => (x.version as number) - (y.version as number));
    await dynamo().send(new DeleteCommand({ TableName: tableName, Key: { pk: newest!.pk, sk: newest!.sk } }));
    await update(rolledBack, { version: 3, auditHead: { version: 3, hash: second!.hash }, target: (second!.to as { target: number }).target, updatedAt: second!.at });
    // Prepare (c): the first event's target changed and every hash after it recomputed, the head too.
    let prevHash = genesisHash(rehashed);
    for (const item of (await eventItems(rehashed)).sort((x, y) => (x.version as number) - (y.version as number))) {
      const { hash: _hash, prevHash: _prev, ...content } = fromTaskEventItem(item) as ChainedEvent;
      const rewritten = chainEvent(content.version === 2 ? { ...content, to: { target: 40 } } : (content as TaskEvent), prevHash);
      await put({ pk: item.pk, sk: item.sk, entity: 'taskEvent', ...rewritten });
      prevHash = rewritten.hash;
      if (content.version === 4) await update(rehashed, { auditHead: { version: 4, hash: rewritten.hash } });
    }
    // Prepare (d): two events' contents swapped between their items: the history lists versions 3, 2, 4.
    const [v2, v3] = await eventItems(swapped);
    await put({ ...v3, pk: v2!.pk, sk: v2!.sk });
    await put({ ...v2, pk: v3!.pk, sk: v3!.sk });
    expect((await eventItems(swapped)).map((item) => item.version)).toEqual([3, 2, 4]);

    // Act
    const result = await verify('--json');
    const text = await verify();

    // Assess
    expect(result.code, result.stderr).toBe(1);
    const report = jsonOf(result);
    expect(Object.keys(report)).toEqual(['chains', 'events', 'broken', 'checkpoint']);
    const found = report.broken.map(({ taskId, problem, version, sk }: Record<string, unknown>) => ({ taskId, problem, version, ...(sk ? { sk } : {}) }));
    // Tasks by id, each one's problems by version.
    expect(found).toEqual([
      { taskId: swapped, problem: 'out_of_order', version: 2, sk: v3!.sk },
      { taskId: swapped, problem: 'out_of_order', version: 3, sk: v2!.sk },
      { taskId: rolledBack, problem: 'behind_checkpoint', version: 4 },
      { taskId: edited, problem: 'state_mismatch', version: 4 },
      { taskId: rehashed, problem: 'differs_from_checkpoint', version: 4 },
    ]);
    expect(report.broken.find((p: { problem: string }) => p.problem === 'state_mismatch').fields.map((f: { field: string }) => f.field)).toEqual(['status', 'progress']);
    expect(report.broken.find((p: { problem: string }) => p.problem === 'behind_checkpoint').recorded).toEqual({ version: 4, hash: newest!.hash });
    expect(text.code).toBe(1);
    for (const words of [edited, rolledBack, rehashed, swapped, '状态与事件不符', '落后于检查点', '与检查点不符', '存放错位', report.checkpoint.location]) {
      expect(text.stdout).toContain(words);
    }
  });

  it('has no place to write a checkpoint of a table on AWS without --bucket, and says so', async () => {
    // Act
    const result = await cli(['audit', 'checkpoint', '--table', tableName, '--json']);

    // Assess
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ error: 'cli_error', message: expect.stringContaining('--bucket') });
  });
});
