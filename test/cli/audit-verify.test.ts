import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock/clock.js';
import type { Plan } from '../../shared/domain/plan.js';
import { samplePlan, withGoal } from '../support/sample-plan.js';
import { jsonOf, runCli, type CliRun } from '../support/cli.js';
import { useTestTable } from '../support/test-table.js';

// `audit verify` as operators run it: a child process reading the table directly, told where it is by
// --table and --endpoint only (nothing inherited from this process's environment).
const tableName = await useTestTable();
const endpoint = process.env.DYNAMODB_ENDPOINT!;
const { syncGoalTasks } = await import('../../shared/store/goal-tasks.js');
const { savePlan } = await import('../../shared/store/plans-repo.js');
const { queryAll } = await import('../../shared/store/query.js');
const { dynamo } = await import('../../shared/store/client.js');
const { keys } = await import('../../shared/store/keys.js');

const clock = fixedClock('2026-02-01T10:00:00+08:00');
const planId = 'audit-cli';
const taskId = `${planId}.vocs-cleanup.hushan`;


function cli(args: string[]): Promise<CliRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(TABLE_NAME|DYNAMODB_ENDPOINT|AWS_.*)$/.test(name)));
  return runCli(args, env);
}

const verify = (...extra: string[]) => cli(['audit', 'verify', '--table', tableName, '--endpoint', endpoint, ...extra]);


beforeAll(async () => {
  // The VOC goal broken down, then its quotas revised twice: hushan's task gets events at versions 2 and 3.
  const plan = samplePlan(planId);
  await savePlan(plan, 'admin:li', clock);
  const revisions: Plan[] = [plan, ...[4, 5].map((hushan) => withGoal(plan, 'vocs-cleanup', (goal) => ({ ...goal, allocation: { method: 'quota', quotas: { hushan, guanhaiwei: 6, zhouxiang: 3 } } })))];
  for (const [index, revision] of revisions.entries()) {
    await syncGoalTasks({ plan: revision, revision: index + 1, goal: revision.goals.find((g) => g.id === 'vocs-cleanup')!, executionId: `exec-${index}` }, clock);
  }
});

describe('audit verify', () => {
  it('with --json prints only the counts and no problems, and exits 0, on a history as written', async () => {
    // Act
    const result = await verify('--plan', planId, '--json');

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result)).toEqual({ chains: 3, events: 2, broken: [], checkpoint: null });
  });

  it('with --json names the altered event and exits 1 after the table was tampered with; the text output in English and Chinese', async () => {
    // Prepare
    const events = await queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :events)',
      ExpressionAttributeValues: { ':pk': keys.taskPartition(taskId), ':events': 'EVENT#' },
      ConsistentRead: true,
    });
    const first = events.find((event) => event.version === 2)!;
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: first.pk, sk: first.sk },
        UpdateExpression: 'SET #to = :to',
        ExpressionAttributeNames: { '#to': 'to' },
        ExpressionAttributeValues: { ':to': { target: 40 } },
      }),
    );

    // Act
    const result = await verify('--json');
    const text = await verify('--plan', planId);

    // Assess
    expect(result.code, result.stderr).toBe(1);
    const report = jsonOf(result);
    expect(Object.keys(report)).toEqual(['chains', 'events', 'broken', 'checkpoint']);
    expect(report).toEqual({
      chains: 3,
      events: 2,
      broken: [{ taskId, version: 2, sk: first.sk, problem: 'altered', message: expect.any(String), messageZh: expect.any(String) }],
      checkpoint: null,
    });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(taskId);
    expect(text.stdout).toContain(first.sk);
    expect(text.stdout).toMatch(/altered/);
    expect(text.stdout).toMatch(/篡改/);
  });

  it('refuses a plan that does not exist rather than finding nothing wrong with it', async () => {
    // Act
    const result = await verify('--plan', 'no-such-plan', '--json');

    // Assess
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ error: 'cli_error', message: expect.stringContaining('no-such-plan') });
  });
});
