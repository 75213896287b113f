import type { Resolve } from './intrinsics.js';
import type { CfnTemplate } from './template.js';
import type { WorkflowRunner } from './workflow-runner.js';

/** An `AWS::Scheduler::Schedule` of the template, resolved, whose target the runner starts. */
export interface LocalSchedule {
  logicalId: string;
  expression: string;
  timeZone: string;
  /** The target state machine's ARN. */
  target: string;
  input: unknown;
}

export interface DailyCron {
  minute: number;
  hour: number;
}

const DAILY_CRON = /^cron\((\d{1,2}) (\d{1,2}) \* \* \? \*\)$/;

/** The minute and hour of `cron(M H * * ? *)`; throws (bilingual) for any other expression. */
export function parseDailyCron(expression: string): DailyCron {
  const match = DAILY_CRON.exec(expression.trim());
  const minute = Number(match?.[1]);
  const hour = Number(match?.[2]);
  if (!match || minute > 59 || hour > 23) {
    throw new Error(
      `schedule expression ${expression} cannot run locally: only daily cron(M H * * ? *) is supported / ` +
        `计划表达式 ${expression} 无法在本地运行：仅支持每日 cron(M H * * ? *)`,
    );
  }
  return { minute, hour };
}

/** Every enabled schedule of the template with its target ARN, input and time zone resolved; refuses what cannot run. */
export function schedulesOf(template: CfnTemplate, resolve: Resolve): LocalSchedule[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Scheduler::Schedule')
    .filter(([, resource]) => resolve(resource.Properties?.State ?? 'ENABLED') !== 'DISABLED')
    .map(([logicalId, resource]) => {
      const properties = resource.Properties ?? {};
      const target = (properties.Target ?? {}) as Record<string, unknown>;
      const expression = String(resolve(properties.ScheduleExpression));
      const timeZone = String(resolve(properties.ScheduleExpressionTimezone ?? 'UTC'));
      try {
        parseDailyCron(expression);
        offsetMs(timeZone, new Date());
      } catch (error) {
        throw new Error(`schedule ${logicalId}: ${(error as Error).message}`);
      }
      const input = target.Input === undefined ? {} : JSON.parse(String(resolve(target.Input)));
      return { logicalId, expression, timeZone, target: String(resolve(target.Arn)), input };
    });
}

/** How far `timeZone`'s wall clock is ahead of UTC at `at`, in ms. */
function offsetMs(timeZone: string, at: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the wall clock of `timeZone` reads year-month-day hour:minute (the later reading across a DST change). */
function zonedInstant(timeZone: string, year: number, month: number, day: number, { hour, minute }: DailyCron): number {
  const wall = Date.UTC(year, month, day, hour, minute);
  let instant = wall - offsetMs(timeZone, new Date(wall));
  instant = wall - offsetMs(timeZone, new Date(instant));
  return instant;
}

/** The first run of a daily `cron(M H * * ? *)` in `timeZone` strictly after `now`. */
export function nextRunAt(expression: string, timeZone: string, now: Date): Date {
  const cron = parseDailyCron(expression);
  const local = new Date(now.getTime() + offsetMs(timeZone, now));
  for (let days = 0; days < 3; days++) {
    const run = zonedInstant(timeZone, local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, cron);
    if (run > now.getTime()) return new Date(run);
  }
  throw new Error(`no next run for ${expression} in ${timeZone}`);
}

export interface ScheduleTimers {
  stop(): void;
}

export interface ScheduleTimerOptions {
  schedules: LocalSchedule[];
  runner: Pick<WorkflowRunner, 'start'>;
  /** The current time; injected by tests. */
  now?: () => Date;
  /** Called after each start (or failed start). */
  onStarted?: (schedule: LocalSchedule, result: { executionArn?: string; error?: unknown }) => void;
}

/**
 * One timer per schedule that starts its target at the next run and re-arms itself for the one after.
 * Timers are unref'd: they never keep the process alive.
 */
export function startScheduleTimers(options: ScheduleTimerOptions): ScheduleTimers {
  const now = options.now ?? (() => new Date());
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const arm = (schedule: LocalSchedule, after: Date) => {
    if (stopped) return;
    const runAt = nextRunAt(schedule.expression, schedule.timeZone, after);
    // setTimeout holds at most ~24.8 days; a daily schedule is always well within it.
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      try {
        const { executionArn } = options.runner.start(schedule.target, schedule.input);
        options.onStarted?.(schedule, { executionArn });
      } catch (error) {
        console.error(`schedule ${schedule.logicalId}: the start failed / 定时启动失败:`, error);
        options.onStarted?.(schedule, { error });
      }
      // From the run's own time: a clock that stands still cannot fire the same run twice.
      arm(schedule, runAt);
    }, Math.max(0, runAt.getTime() - now().getTime()));
    timer.unref();
    timers.add(timer);
  };

  const start = now();
  for (const schedule of options.schedules) arm(schedule, start);
  return {
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
