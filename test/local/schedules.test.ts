import { afterAll, describe, expect, it } from 'vitest';
import { resolveTemplates } from '../../infra/local/intrinsics.js';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { nextRunAt, parseDailyCron, schedulesOf, startScheduleTimers } from '../../infra/local/schedules.js';
import { startTestStack } from '../support/local-stack.js';
import { templates } from '../support/templates.js';

const DAILY_0900 = 'cron(0 9 * * ? *)';

describe('nextRunAt', () => {
  it('is today at 09:00 Shanghai (01:00Z) while that is still ahead', () => {
    expect(nextRunAt(DAILY_0900, 'Asia/Shanghai', new Date('2026-11-22T00:30:00Z')).toISOString()).toBe('2026-11-22T01:00:00.000Z');
  });

  it('is the following day at the run itself and after it', () => {
    expect(nextRunAt(DAILY_0900, 'Asia/Shanghai', new Date('2026-11-22T01:00:00Z')).toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(nextRunAt(DAILY_0900, 'Asia/Shanghai', new Date('2026-11-22T15:59:59Z')).toISOString()).toBe('2026-11-23T01:00:00.000Z');
  });

  it('counts days in the time zone, not in UTC', () => {
    // 2026-11-22T17:00Z is already 01:00 on the 23rd in Shanghai.
    expect(nextRunAt(DAILY_0900, 'Asia/Shanghai', new Date('2026-11-22T17:00:00Z')).toISOString()).toBe('2026-11-23T01:00:00.000Z');
    expect(nextRunAt('cron(30 23 * * ? *)', 'UTC', new Date('2026-12-31T23:31:00Z')).toISOString()).toBe('2027-01-01T23:30:00.000Z');
  });

  it('follows daylight saving time', () => {
    // New York: EDT (UTC−4) until 2026-11-01, EST (UTC−5) after.
    expect(nextRunAt(DAILY_0900, 'America/New_York', new Date('2026-10-31T14:00:00Z')).toISOString()).toBe('2026-11-01T14:00:00.000Z');
  });
});

describe('schedule expressions', () => {
  it('accepts exactly the daily form and refuses others in both languages', () => {
    expect(parseDailyCron('cron(15 7 * * ? *)')).toEqual({ minute: 15, hour: 7 });
    for (const expression of ['rate(1 day)', 'cron(0 9 ? * MON-FRI *)', 'cron(0 25 * * ? *)', 'at(2026-11-22T09:00:00)']) {
      expect(() => parseDailyCron(expression), expression).toThrow(/only daily cron\(M H \* \* \? \*\) is supported \/ .*仅支持每日/);
    }
  });

  it("reads the template's chase schedule with its target resolved to the chase state machine", () => {
    const resolvers = resolveTemplates(templates(), {
      tableName: 'table',
      apiUrl: 'http://127.0.0.1:1',
      stackNames: { stateful: 'GoalBreakdownStateful', stateless: 'GoalBreakdownStateless' },
    });
    const [schedule, ...others] = schedulesOf(templates().stateless, resolvers.stateless);
    expect(others).toEqual([]);
    expect(schedule).toMatchObject({ expression: DAILY_0900, timeZone: 'Asia/Shanghai', input: {} });
    expect(schedule!.target).toMatch(/^arn:aws:states:us-east-1:000000000000:stateMachine:ChaseStateMachine/);
  });
});

describe('schedule timers', () => {
  it('refuses, at start, a template schedule that is not daily, naming it', () => {
    const template = {
      Resources: {
        Weekly: { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'cron(0 9 ? * MON *)', Target: { Arn: 'arn' } } },
      },
    };
    expect(() => schedulesOf(template, (value) => value)).toThrow(/^schedule Weekly: .*cannot run locally.*无法在本地运行/);
  });

  it('starts the target once per run, re-arm for the next day, and stop', async () => {
    // Prepare
    const started: unknown[] = [];
    const runner = { start: (target: string, input?: unknown) => (started.push([target, input]), { executionArn: 'x', startDate: '' }) };
    const schedule = { logicalId: 'S', expression: DAILY_0900, timeZone: 'Asia/Shanghai', target: 'arn:machine', input: {} };

    // Act
    const timers = startScheduleTimers({ schedules: [schedule], runner, now: () => new Date('2026-11-22T00:59:59.950Z') });
    await new Promise((resolve) => setTimeout(resolve, 200));
    timers.stop();

    // Assess
    expect(started).toEqual([['arn:machine', {}]]);
  });
});

describe('the local stack with its schedules', () => {
  let stack: LocalStack | undefined;
  afterAll(async () => stack?.stop());

  it('starts one execution of the chase state machine when the run comes', async () => {
    // Prepare: a clock that stands 100 ms before 09:00 Shanghai, and never moves.
    const clock = () => new Date('2026-11-22T00:59:59.900Z');

    // Act
    stack = await startTestStack({ schedules: true, scheduleClock: clock });
    const chase = stack.runner.stateMachines.find((m) => m.definition.StartAt === 'PlanChase')!;
    await expect.poll(() => stack!.runner.list(chase.arn).executions.length, { timeout: 10_000 }).toBe(1);
    const [execution] = stack.runner.list(chase.arn).executions;
    const done = await stack.runner.wait(execution!.executionArn);
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Assess
    expect(stack.runner.list(chase.arn).executions).toHaveLength(1);
    expect(done.status).toBe('SUCCEEDED');
    for (const machine of stack.runner.stateMachines.filter((m) => m !== chase)) {
      expect(stack.runner.list(machine.arn).executions, machine.logicalId).toEqual([]);
    }
  });
});
