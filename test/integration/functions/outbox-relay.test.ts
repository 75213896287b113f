import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../../../shared/store/keys.js';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:notifications';
process.env.TOPIC_ARN = TOPIC_ARN;
const { handler } = await import('../../../functions/outbox-relay/handler.js');

const sns = mockClient(SNSClient);

function notification(unitId: string, seq: number) {
  return {
    ...keys.notification(unitId, '2024-03-01T08:00:00.000Z', `breakdown-run-${seq}`),
    entity: 'notification',
    notificationId: `breakdown-run-${seq}`,
    unitId,
    kind: 'breakdown',
    title: '2 new tasks in plan 慈溪 / 计划「慈溪」新增任务 2 项',
    planId: 'cixi-2024',
    counts: { created: 2, updated: 0, withdrawn: 0 },
    read: false,
  };
}

function record(item: Record<string, unknown>, seq: number, eventName: DynamoDBRecord['eventName'] = 'INSERT'): DynamoDBRecord {
  const image = marshall(item, { removeUndefinedValues: true }) as Record<string, AttributeValue>;
  return {
    eventID: `event-${seq}`,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { pk: image.pk, sk: image.sk } as never,
      NewImage: image as never,
      SequenceNumber: String(1000 + seq),
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

const relay = (records: DynamoDBRecord[]) => handler({ Records: records } satisfies DynamoDBStreamEvent, {} as Context);

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
});
afterEach(() => vi.restoreAllMocks());

describe('the outbox relay', () => {
  it('publishes each new notification with unitId and kind as message attributes, without storage keys', async () => {
    // Act
    const result = await relay([record(notification('longshan', 1), 1), record(notification('zhangqi', 2), 2)]);

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    const inputs = sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.MessageAttributes)).toEqual([
      { unitId: { DataType: 'String', StringValue: 'longshan' }, kind: { DataType: 'String', StringValue: 'breakdown' } },
      { unitId: { DataType: 'String', StringValue: 'zhangqi' }, kind: { DataType: 'String', StringValue: 'breakdown' } },
    ]);
    expect(inputs[0]!.TopicArn).toBe(TOPIC_ARN);
    const { pk: _pk, sk: _sk, entity: _entity, ...message } = notification('longshan', 1);
    expect(JSON.parse(inputs[0]!.Message!)).toEqual(message);
  });

  it('stops at the first failed publish and reports it, so the stream retries from there', async () => {
    // Prepare
    vi.spyOn(console, 'error').mockImplementation(() => {});
    sns.on(PublishCommand).resolvesOnce({ MessageId: 'm1' }).rejectsOnce(new Error('throttled')).resolves({ MessageId: 'm' });

    // Act
    const result = await relay([1, 2, 3].map((seq) => record(notification(`town-${seq}`, seq), seq)));

    // Assess
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: '1002' }] });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it('skips, and logs, records it can never publish instead of blocking the ones behind them', async () => {
    // Prepare
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { unitId: _unitId, ...withoutUnit } = notification('longshan', 1);

    // Act
    const result = await relay([
      record(withoutUnit, 1),
      record({ ...notification('longshan', 2), entity: 'task' }, 2),
      record(notification('longshan', 3), 3, 'MODIFY'),
      record(notification('zhangqi', 4), 4),
    ]);

    // Assess
    expect(result).toEqual({ batchItemFailures: [] });
    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input.MessageAttributes?.unitId?.StringValue)).toEqual(['zhangqi']);
    expect(logged).toHaveBeenCalledTimes(3);
  });
});
