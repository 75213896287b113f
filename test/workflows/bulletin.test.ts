import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { firstWorkingDayOfMonth } from '../../shared/domain/calendar.js';
import { calendarForYears } from '../../shared/domain/calendars.js';
import { breakDownCixi } from '../integration/chase/cixi.js';
import { startTestStack } from '../support/local-stack.js';

// The synthesized chase state machine on the local stack, with the real handlers and the local bucket: the
// Cixi sample chased on Thursday 2022-10-20 (the spray-shop re-check, due 2022-09-30, reaches 通报), then on
// Tuesday 2022-11-01, the first working day of November, which publishes the bulletin of 2022-11.

const OCTOBER_DAY = '2022-10-20';
const BULLETIN_DAY = '2022-11-01';

let stack: LocalStack;
let sfn: SFNClient;

beforeAll(async () => {
  stack = await startTestStack();
  sfn = new SFNClient({ endpoint: stack.sfnEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  await breakDownCixi();
});
afterAll(async () => {
  sfn?.destroy();
  await stack?.stop();
});

async function chase(date: string, name: string) {
  const machine = stack.runner.stateMachines.find((m) => m.definition.StartAt === 'PlanChase')!;
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name, input: JSON.stringify({ date }) }));
  const execution = await stack.runner.wait(started.executionArn!);
  return { ...execution, result: JSON.parse(execution.output ?? 'null') as Record<string, unknown> };
}

async function partition(pk: string) {
  const { dynamo } = await import('../../shared/store/client.js');
  const { Items } = await dynamo().send(
    new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true }),
  );
  return Items ?? [];
}

const leadersDigest = async (date: string) => (await partition('INBOX#_leaders')).find((item) => item.notificationId === `chase-${date}`);

async function bulletinObject(key: string) {
  const { getBulletinText } = await import('../../shared/bulletin/bulletin-objects.js');
  return getBulletinText(process.env.BUCKET_NAME!, key);
}

describe('the monthly bulletin, published by the chase', () => {
  it('is published on the first working day of the month, into the bucket, and linked in the leaders’ digest', async () => {
    // Prepare
    expect(firstWorkingDayOfMonth(calendarForYears([2022]), '2022-11')).toBe(BULLETIN_DAY);
    expect((await chase(OCTOBER_DAY, 'chase-october')).status).toBe('SUCCEEDED');

    // Act
    const run = await chase(BULLETIN_DAY, 'chase-bulletin-day');

    // Assess
    expect(run.status, run.output ?? run.error).toBe('SUCCEEDED');
    expect(run.result.bulletin).toEqual({ month: '2022-11', covers: '2022-10', published: true });
    expect(run.result).toEqual(expect.objectContaining({ date: BULLETIN_DAY, examined: expect.any(Number), notifications: expect.any(Number) }));
    const [item] = await partition('BULLETINS');
    expect(item).toMatchObject({ sk: '2022-11', month: '2022-11', covers: '2022-10', publishedOn: BULLETIN_DAY });
    const bulletin = JSON.parse((await bulletinObject('reports/bulletins/2022-11.json'))!);
    expect(bulletin.noticed).toContainEqual(expect.objectContaining({ taskId: 'cixi-2022.spray-recheck.hushan', level: 'notice', date: OCTOBER_DAY }));
    expect(await bulletinObject('reports/bulletins/2022-11.html')).toContain('关于2022年10月重点工作推进情况的通报');
    expect(await bulletinObject('reports/bulletins/2022-11.xlsx')).toBeDefined();
    const digest = await leadersDigest(BULLETIN_DAY);
    expect(digest?.body).toContain('GET /bulletins/2022-11');
  });

  it('publishes nothing twice when the day runs again', async () => {
    // Prepare
    const [before] = await partition('BULLETINS');

    // Act
    const again = await chase(BULLETIN_DAY, 'chase-bulletin-day-again');

    // Assess
    expect(again.status, again.output ?? again.error).toBe('SUCCEEDED');
    expect(again.result.bulletin).toEqual({ month: '2022-11', covers: '2022-10', published: false });
    expect(await partition('BULLETINS')).toEqual([before]);
    expect((await partition('INBOX#_leaders')).filter((item) => item.notificationId === `chase-${BULLETIN_DAY}`)).toHaveLength(1);
  });

  it('publishes nothing on another day', async () => {
    // Act
    const run = await chase('2022-11-02', 'chase-next-day');

    // Assess
    expect(run.status, run.output ?? run.error).toBe('SUCCEEDED');
    expect(run.result).not.toHaveProperty('bulletin');
    expect((await partition('BULLETINS')).map((item) => item.sk)).toEqual(['2022-11']);
    expect((await leadersDigest('2022-11-02'))?.body ?? '').not.toContain('/bulletins/');
  });
});
