import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handler } from '../../infra/local/functions.js';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { levelLabels, levels, type Level } from '../../shared/domain/lateness.js';
import type { Item } from '../../shared/store/batch.js';
import { breakDownCixi, escalationsOn, expectedLevels } from '../integration/chase/cixi.js';
import { startTestStack } from '../support/local-stack.js';
import { useTestTable } from '../support/test-table.js';

// The synthesized chase state machine on the local stack, with faults injected: task functions failing
// in the middle of the Map (after some of their writes), DynamoDB throttling Query and TransactWriteItems,
// BatchGetItem leaving keys unprocessed. Each scenario runs on a fresh table with the Cixi sample and must
// end as a clean run does: every expected level raised once, one digest per unit, the summary right.

/** Thursday 2022-10-20: 通报 for spray-recheck (due 2022-09-30), 督办, 提醒 for the October deadlines… */
const DAY = '2022-10-20';

const PAGE_ENTRY = 'workflows/chase/tasks/chase-page.ts';
const DIGESTS_ENTRY = 'workflows/chase/tasks/send-digests.ts';

interface ChaseResult {
  date: string;
  examined: number;
  escalations: Record<string, number>;
  notifications: number;
}

/** A function error as the Lambda service reports it: Step Functions matches on the name. */
const lambdaError = (name: string, message: string) => Object.assign(new Error(message), { name });

/**
 * Stand-ins of the chase's task functions that call the real handlers; `fault` may fail an invocation
 * before it runs (`before`) or after it has done its work (`after`), as a timeout or a crash would.
 */
interface Fault {
  before?: (input: Record<string, unknown>) => Promise<Error | undefined> | Error | undefined;
  after?: (input: Record<string, unknown>, output: Record<string, unknown>) => Error | undefined;
}
const faults = new Map<string, Fault>();
const invocations: { entry: string; input: string; failed?: string }[] = [];

function standIn(entry: string, load: () => Promise<Handler>): Handler {
  return async (event, context) => {
    const input = event as Record<string, unknown>;
    const call: (typeof invocations)[number] = { entry, input: JSON.stringify(input) };
    invocations.push(call);
    const fault = faults.get(entry);
    const early = await fault?.before?.(input);
    if (early) {
      call.failed = early.name;
      throw early;
    }
    let output: Record<string, unknown>;
    try {
      output = (await (await load())(event, context)) as Record<string, unknown>;
    } catch (error) {
      call.failed = (error as Error).name;
      throw error;
    }
    const late = fault?.after?.(input, output);
    if (late) {
      call.failed = late.name;
      throw late;
    }
    return output;
  };
}

let stack: LocalStack;
let sfn: SFNClient;
/** A run without faults on its own table: what it raised and sent is what every faulty run must leave. */
let clean: DayRecord;
let cleanRun: Awaited<ReturnType<typeof freshDay>>;

beforeAll(async () => {
  stack = await startTestStack({
    handlers: {
      [PAGE_ENTRY]: standIn(PAGE_ENTRY, async () => (await import('../../workflows/chase/tasks/chase-page.js')).handler as Handler),
      [DIGESTS_ENTRY]: standIn(DIGESTS_ENTRY, async () => (await import('../../workflows/chase/tasks/send-digests.js')).handler as Handler),
    },
  });
  sfn = new SFNClient({ endpoint: stack.sfnEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  cleanRun = await freshDay('clean');
  clean = await recordOfDay();
});
afterAll(async () => {
  sfn?.destroy();
  await stack?.stop();
});

/**
 * A fresh table (the handlers read TABLE_NAME on every call) with the Cixi sample, chased on DAY;
 * `beforeRun` arms the faults once the sample is in place, so that they reach the chase only.
 */
async function freshDay(name: string, beforeRun?: () => void) {
  await useTestTable();
  const plan = await breakDownCixi();
  const expected = await expectedLevels(plan, DAY);
  invocations.length = 0;
  beforeRun?.();
  const run = await chase(name);
  return { plan, expected, run };
}

async function chase(name: string) {
  const machine = stack.runner.stateMachines.find((m) => m.definition.StartAt === 'PlanChase')!;
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name, input: JSON.stringify({ date: DAY }) }));
  const execution = await stack.runner.wait(started.executionArn!);
  return { ...execution, result: JSON.parse(execution.output ?? 'null') as ChaseResult };
}

/** Every item of the current test table (a test-only Scan, through a client no fault reaches). */
async function everything(): Promise<Item[]> {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));
  const items: Item[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: process.env.TABLE_NAME, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  client.destroy();
  return items;
}

interface DayRecord {
  /** `taskId level period`, one per escalation item, sorted. */
  escalations: string[];
  /** `taskId level`, one per `escalated` audit event, sorted. */
  events: string[];
  /** The units with escalations. */
  units: string[];
  /** The chase digests: inbox, title and body (the run's own timestamps left out), sorted. */
  digests: { unitId: string; notificationId: string; title: string; body: string }[];
}

async function recordOfDay(): Promise<DayRecord> {
  const items = await everything();
  return {
    escalations: items
      .filter((item) => item.entity === 'escalation')
      .map((item) => `${item.taskId} ${item.level} ${item.period}`)
      .sort(),
    units: [...new Set(items.filter((item) => item.entity === 'escalation').map((item) => item.unitId as string))].sort(),
    events: items
      .filter((item) => item.entity === 'taskEvent' && item.type === 'escalated')
      .map((item) => `${item.taskId} ${(item.to as { escalation: { level: string } }).escalation.level}`)
      .sort(),
    digests: items
      .filter((item) => item.entity === 'notification' && item.kind === 'chase')
      .map((item) => ({ unitId: item.unitId as string, notificationId: item.notificationId as string, title: item.title as string, body: item.body as string }))
      .sort((a, b) => a.unitId.localeCompare(b.unitId)),
  };
}

/** What a run on DAY must leave and answer, whatever failed on the way. */
async function expectCompleteDay(run: Awaited<ReturnType<typeof chase>>, expected: Map<string, Level>) {
  expect(run.status, `${run.error}: ${run.cause}`).toBe('SUCCEEDED');
  const day = await recordOfDay();
  // Each expected level exactly once: one escalation item and one audit event per task.
  expect(day.escalations.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(
    [...expected].map(([taskId, level]) => `${taskId} ${level}`).sort(),
  );
  expect(day.events).toEqual([...expected].map(([taskId, level]) => `${taskId} ${level}`).sort());
  // One digest per unit (and the leaders'), word for word what the clean run sent.
  expect(day.digests).toEqual(clean.digests);
  expect(new Set(day.digests.map((digest) => digest.unitId)).size).toBe(day.digests.length);
  expect(day.escalations).toEqual(clean.escalations);
  // The summary counts what the run raised, failed attempts included, once.
  const byLevel = Object.fromEntries(levels.map((level) => [levelLabels[level], [...expected.values()].filter((l) => l === level).length]));
  expect(run.result).toEqual({ date: DAY, examined: expect.any(Number), escalations: byLevel, notifications: clean.digests.length });
}

// Each case breaks the sample down and chases a day on a fresh table: tens of seconds on a busy 2-core machine.
describe('the chase state machine with faults injected', { timeout: 180_000 }, () => {
  it('a clean run raises every expected level and sends one digest per unit (the reference of the other runs)', async () => {
    // Prepare (beforeAll ran the day on its own table)
    const { run, expected } = cleanRun;

    // Act
    const units = new Set(clean.units);

    // Assess
    expect(expected.size).toBeGreaterThan(10);
    expect(new Set(expected.values()).size).toBeGreaterThan(1);
    await expectCompleteDay(run, expected);
    expect(clean.digests.map((digest) => digest.unitId).filter((unitId) => unitId !== '_leaders').sort()).toEqual([...units].sort());
    expect(clean.digests.some((digest) => digest.unitId === '_leaders')).toBe(true);
    // Titles, not bare ids: the digests read the tasks' titles.
    expect(clean.digests.some((digest) => digest.body.includes('已整治喷涂企业'))).toBe(true);
    expect(clean.digests.filter((digest) => /^- (\S+) \(\1\)/m.test(digest.body))).toEqual([]);
  });

  it('completes with nothing lost and nothing doubled when ChasePage fails mid-Map, before and after its writes', async () => {
    // Prepare: the 2nd page hits a Lambda service error; the first page that raised something times out
    // after its writes, and the next such page runs out of memory after them.
    let pages = 0;
    let raisingPages = 0;
    faults.set(PAGE_ENTRY, {
      before: () => (++pages === 2 ? lambdaError('Lambda.ServiceException', 'Rate exceeded') : undefined),
      after: (_, output) => {
        const raised = Object.values(output.raised as Record<string, number>).reduce((sum, n) => sum + n, 0);
        if (raised === 0) return undefined;
        raisingPages++;
        if (raisingPages === 1) return lambdaError('Sandbox.Timedout', 'Task timed out after 60.00 seconds');
        if (raisingPages === 2) return lambdaError('Lambda.Unknown', 'Runtime exited with error: signal: killed (out of memory)');
        return undefined;
      },
    });

    // Act
    const { run, expected } = await freshDay('lambda-errors').finally(() => faults.clear());

    // Assess
    await expectCompleteDay(run, expected);
    const pageCalls = invocations.filter((call) => call.entry === PAGE_ENTRY);
    const failedCalls = pageCalls.filter((call) => call.failed);
    expect(failedCalls.map((call) => call.failed).sort()).toEqual(['Lambda.ServiceException', 'Lambda.Unknown', 'Sandbox.Timedout']);
    // Each failed page was retried with the same input, and succeeded.
    for (const failed of failedCalls) {
      expect(pageCalls.filter((call) => call.input === failed.input && !call.failed), failed.input).toHaveLength(1);
    }
  });

  it('completes with nothing lost and nothing doubled when SendDigests times out after writing the digests', async () => {
    // Prepare
    let digestCalls = 0;
    faults.set(DIGESTS_ENTRY, { after: () => (++digestCalls === 1 ? lambdaError('Sandbox.Timedout', 'Task timed out after 60.00 seconds') : undefined) });

    // Act
    const { run, expected } = await freshDay('digest-error').finally(() => faults.clear());

    // Assess
    await expectCompleteDay(run, expected);
    expect(invocations.filter((call) => call.entry === DIGESTS_ENTRY).map((call) => call.failed ?? 'ok')).toEqual(['Sandbox.Timedout', 'ok']);
  });

  it('completes with nothing lost and nothing doubled when DynamoDB throttles and leaves keys unprocessed', async () => {
    // Prepare: every call of the chase's store goes through a mocked document client that passes it on to
    // DynamoDB Local, except the ones scripted to fail. The day's escalation items lose their titles before
    // SendDigests, as items written before they carried one, so the digests read the tasks' titles with
    // BatchGetItem.
    const { dynamo, useDynamo } = await import('../../shared/store/client.js');
    const original = dynamo();
    const real = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }), {
      marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
    });
    const faulty = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT }));
    const mock = mockClient(faulty);
    const injected: string[] = [];
    const throttled = (what: string, error: Error) => {
      injected.push(`${what} ${error.name}`);
      return error;
    };
    const provisioned = () => new ProvisionedThroughputExceededException({ message: 'throughput exceeded', $metadata: {} });
    const throttling = () => new ThrottlingException({ message: 'rate exceeded', $metadata: {} });
    let pageQueries = 0;
    let dayQueries = 0;
    let transactions = 0;
    let batchGets = 0;
    mock.on(GetCommand).callsFake((input) => real.send(new GetCommand(input)));
    mock.on(PutCommand).callsFake((input) => real.send(new PutCommand(input)));
    mock.on(UpdateCommand).callsFake((input) => real.send(new UpdateCommand(input)));
    mock.on(BatchWriteCommand).callsFake((input) => real.send(new BatchWriteCommand(input)));
    mock.on(QueryCommand).callsFake(async (input: QueryCommandInput) => {
      if (input.IndexName === 'gsi3' && [1, 4, 5].includes(++pageQueries)) throw throttled('Query gsi3', pageQueries === 4 ? throttling() : provisioned());
      if (String(input.ExpressionAttributeValues?.[':pk']).startsWith('ESCALATIONS#') && ++dayQueries === 1) throw throttled('Query day', throttling());
      return real.send(new QueryCommand(input));
    });
    mock.on(TransactWriteCommand).callsFake(async (input) => {
      transactions++;
      if (transactions === 2 || transactions === 9) throw throttled('TransactWriteItems', provisioned());
      if (transactions === 5) throw throttled('TransactWriteItems', throttling());
      if (transactions === 7) {
        const codes = input.TransactItems.map((_: unknown, i: number) => ({ Code: i === 0 ? 'ThrottlingError' : 'None' }));
        throw throttled('TransactWriteItems', new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes }));
      }
      return real.send(new TransactWriteCommand(input));
    });
    mock.on(BatchGetCommand).callsFake(async (input: BatchGetCommandInput) => {
      batchGets++;
      if (batchGets === 2) throw throttled('BatchGetItem', provisioned());
      if (batchGets !== 1) return real.send(new BatchGetCommand(input));
      // The first read answers half its keys and leaves the rest unprocessed.
      const [table, request] = Object.entries(input.RequestItems!)[0]!;
      const keys = request.Keys!;
      const half = Math.ceil(keys.length / 2);
      const output = await real.send(new BatchGetCommand({ RequestItems: { [table]: { ...request, Keys: keys.slice(0, half) } } }));
      injected.push(`BatchGetItem UnprocessedKeys ${keys.length - half}`);
      return { ...output, UnprocessedKeys: { [table]: { ...request, Keys: keys.slice(half) } } };
    });
    let stripped = false;
    faults.set(DIGESTS_ENTRY, {
      before: async () => {
        if (stripped) return undefined;
        stripped = true;
        // The test's own client: no fault reaches it.
        for (const item of (await everything()).filter((each) => each.entity === 'escalation' || each.entity === 'escalation_of_day')) {
          await real.send(new UpdateCommand({ TableName: process.env.TABLE_NAME, Key: { pk: item.pk, sk: item.sk }, UpdateExpression: 'REMOVE title' }));
        }
        return undefined;
      },
    });

    // Act
    const { run, expected } = await freshDay('throttled', () => useDynamo(faulty)).finally(() => {
      useDynamo(original);
      faults.clear();
    });

    // Assess
    await expectCompleteDay(run, expected);
    expect(injected).toEqual(
      expect.arrayContaining([
        'Query gsi3 ProvisionedThroughputExceededException',
        'Query gsi3 ThrottlingException',
        'Query day ThrottlingException',
        'TransactWriteItems ProvisionedThroughputExceededException',
        'TransactWriteItems ThrottlingException',
        'TransactWriteItems TransactionCanceledException',
        'BatchGetItem ProvisionedThroughputExceededException',
      ]),
    );
    expect(injected.some((line) => /^BatchGetItem UnprocessedKeys [1-9]/.test(line))).toBe(true);
    // The calls went on after each fault: the runs were retried, not abandoned.
    expect(mock.commandCalls(TransactWriteCommand).length).toBeGreaterThan(expected.size);
    expect(mock.commandCalls(BatchGetCommand).length).toBeGreaterThanOrEqual(3);
    expect((await escalationsOn(DAY)).every((item) => item.title === undefined)).toBe(true);
    // Pages and the digests step failed and were retried by the state machine.
    expect(invocations.filter((call) => call.entry === PAGE_ENTRY && call.failed === 'RetryableError').length).toBeGreaterThanOrEqual(3);
    expect(invocations.filter((call) => call.entry === DIGESTS_ENTRY).map((call) => call.failed ?? 'ok')).toEqual(['RetryableError', 'ok']);
    mock.restore();
    real.destroy();
  });
});
