import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { RetryableError } from '../../../shared/domain/errors.js';
import { startBreakdown } from '../../../shared/store/breakdowns-repo.js';
import { useDynamo } from '../../../shared/store/client.js';
import { desiredTasks } from '../../../shared/store/goal-task-decisions.js';
import { syncGoalTasks } from '../../../shared/store/goal-tasks.js';
import { toTaskItem } from '../../../shared/store/task-items.js';
import { samplePlan } from '../../support/sample-plan.js';

// DynamoDB Local never reports TransactionConflict: these paths run against a mock.
const table = 'unit-test-table';
process.env.TABLE_NAME = table;
const mock = mockClient(DynamoDBDocumentClient);
useDynamo(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })));
const clock = fixedClock('2026-02-01T10:00:00+08:00');

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('transaction conflicts', () => {
  beforeEach(() => mock.reset());

  it('starting a breakdown that collides with another transaction is retryable, not a conflict', async () => {
    // Prepare
    mock.on(TransactWriteCommand).rejects(cancelled('TransactionConflict', 'None'));

    // Act
    const starting = startBreakdown({ planId: 'p', revision: 1, executionId: 'e', startedAt: 'now', goalsTotal: 1, by: 'admin' }, clock);

    // Assess
    await expect(starting).rejects.toBeInstanceOf(RetryableError);
  });

  it('a task revision that collides with another transaction is read again and retried', async () => {
    // Prepare
    const plan = samplePlan();
    const goal = plan.goals.find((g) => g.id === 'inspection-plan')!;
    const [stored] = desiredTasks(plan, { ...goal, title: 'old title' }, 1, '2026-01-06T02:00:00.000Z');
    const item = toTaskItem(stored!);
    mock.on(BatchGetCommand).resolves({ Responses: { [table]: [item] } });
    mock.on(QueryCommand).resolves({ Items: [{ id: stored!.id }] });
    mock.on(GetCommand).resolves({ Item: item });
    mock.on(TransactWriteCommand).rejectsOnce(cancelled('TransactionConflict', 'None')).resolves({});

    // Act
    const result = await syncGoalTasks({ plan, revision: 2, goal, executionId: 'exec' }, clock);

    // Assess
    expect(result).toMatchObject({ updated: 1, created: 0 });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(mock.commandCalls(GetCommand)).toHaveLength(1);
  });

  it('a task that keeps changing gives up with RetryableError so the workflow retries the goal', async () => {
    // Prepare
    const plan = samplePlan();
    const goal = plan.goals.find((g) => g.id === 'inspection-plan')!;
    const [stored] = desiredTasks(plan, { ...goal, title: 'old title' }, 1, '2026-01-06T02:00:00.000Z');
    mock.on(BatchGetCommand).resolves({ Responses: { [table]: [toTaskItem(stored!)] } });
    mock.on(QueryCommand).resolves({ Items: [] });
    mock.on(GetCommand).resolves({ Item: toTaskItem(stored!) });
    mock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));

    // Act
    const syncing = syncGoalTasks({ plan, revision: 2, goal, executionId: 'exec' }, clock);

    // Assess
    await expect(syncing).rejects.toBeInstanceOf(RetryableError);
  });
});
