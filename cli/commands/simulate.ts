import type { Command } from 'commander';
import { CalendarYearMissing, firstWorkingDayOfMonth, isWorkingDay, type WorkCalendar } from '../../shared/domain/calendar.js';
import { calendarForYears } from '../../shared/domain/calendars.js';
import { levelLabels, levels } from '../../shared/domain/lateness.js';
import type { Task } from '../../shared/domain/task.js';
import type { Tracking } from '../../shared/domain/tracking.js';
import { type DaySettings, dayPlanner, type SimStep, type TaskDay } from '../../shared/simulate/day.js';
import { addEscalations, type EscalationCounts, type MonthRow, monthsBetween, noEscalations, standingOn } from '../../shared/simulate/months.js';
import { unseenByChase } from '../../shared/simulate/overlap.js';
import { requestOf } from '../../shared/simulate/requests.js';
import { mapWithConcurrency } from '../../shared/store/pool.js';
import { CliError, resolveContext, type CliContext, type GlobalOptions } from '../context.js';
import { callApi, callApiAllPages } from '../http.js';
import { print, progressBar } from '../output.js';

/*
 * `simulate`: a plan's year on the clock, driven over HTTP like every command (docs/architecture.md,
 * "Simulate"). The pure part (shared/simulate) says what the units and the bureau do each working day;
 * this walks the days, does it through the API with unit tokens it creates, runs the day's chase, and
 * reports month by month. The next day's steps that a chase cannot see run while it runs
 * (shared/simulate/overlap.ts): a year is ~250 chases in a row. The data stays in place to inspect.
 */

interface PlanView {
  id: string;
  year: number;
  timezone: string;
  tracking: Tracking;
}

interface Breakdown {
  executionId: string;
  status: string;
  execution?: { status: string } | null;
}

interface ChaseRun {
  executionId: string;
  status: string;
  output?: { escalations: Record<string, number> };
  error?: unknown;
}

interface SimulationResult {
  planId: string;
  seed: number;
  from: string;
  to: string;
  months: MonthRow[];
  totals: {
    tasks: number;
    reports: number;
    closeoutRequests: number;
    accepted: number;
    closed: number;
    escalations: EscalationCounts;
  };
}

/** Task changes in flight at once: enough to keep the local stack busy, few enough not to throttle it. */
const CONCURRENCY = 8;
/** A day's chase takes from under a hundred milliseconds to seconds: poll often, the year has ~250 of them. */
const CHASE_POLL_MS = 20;
const BREAKDOWN_POLL_MS = 200;
const DEFAULT_SEED = 1;
const MAX_SEED = 0xffff_ffff;

export function registerSimulateCommands(program: Command): void {
  program
    .command('simulate')
    .description('run a plan through its year on the clock: synthetic reports, reviews and the daily chase / 模拟运行一年')
    .requiredOption('--plan <planId>', 'the plan / 计划编号')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD / 开始日期')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD, not after today / 结束日期（不晚于今天）')
    .option('--seed <n>', `whole number 0–${MAX_SEED}: the same seed gives the same year (default ${DEFAULT_SEED}) / 随机种子`)
    .action(async (options: { plan: string; from: string; to: string; seed?: string }, command: Command) => {
      const from = dateOption('--from', options.from);
      const to = dateOption('--to', options.to);
      if (from > to) throw new CliError(`--from ${from} is after --to ${to}`, `--from ${from} 晚于 --to ${to}`);
      const seed = seedOption(options.seed);
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const result = await simulate(context, { planId: options.plan, from, to, seed });
      print(context, result, () => table(result));
    });
}

function dateOption(name: string, text: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const real = match !== null && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
  if (!real) throw new CliError(`${name} ${JSON.stringify(text)} is not a date: use YYYY-MM-DD`, `${name} ${JSON.stringify(text)} 不是有效日期，格式为 YYYY-MM-DD`);
  return text;
}

function seedOption(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SEED;
  const seed = Number(text);
  if (!/^\d+$/.test(text) || seed > MAX_SEED)
    throw new CliError(`--seed ${JSON.stringify(text)} is not a whole number from 0 to ${MAX_SEED}`, `--seed ${JSON.stringify(text)} 须为 0 至 ${MAX_SEED} 的整数`);
  return seed;
}

interface Options {
  planId: string;
  from: string;
  to: string;
  seed: number;
}

async function simulate(context: CliContext, options: Options): Promise<SimulationResult> {
  const { planId, from, to, seed } = options;
  const plan = await callApi<PlanView>(context, 'GET', `/plans/${encodeURIComponent(planId)}`);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: plan.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  if (to > today)
    throw new CliError(
      `--to ${to} is after today (${today}): progress may not be reported in the future`,
      `--to ${to} 晚于今天（${today}）：进展不能填报未来日期`,
    );
  const calendar = calendarOf([plan.year, Number(from.slice(0, 4)), Number(to.slice(0, 4))]);
  const settings: DaySettings = { seed, calendar, margin: plan.tracking.margin, reviewLevels: plan.tracking.reviewLevels };
  const planDay = dayPlanner(settings);

  const tasks = new Map((await tasksOf(context, planId, true)).map((task) => [task.id, task]));
  const reported = [...tasks.values()].filter((task) => task.progress !== null);
  if (reported.length > 0)
    throw new CliError(
      `${reported.length} tasks of ${planId} already carry progress (e.g. ${reported[0]!.id}): simulate a fresh plan`,
      `计划 ${planId} 已有 ${reported.length} 个任务填报过进展（如 ${reported[0]!.id}）：请对未开始的计划进行模拟`,
    );
  const unitContexts = await unitTokens(context, planId, [...tasks.values()]);

  const counts = { reports: 0, closeoutRequests: 0, accepted: 0, closed: 0 };
  const runSteps = (work: readonly TaskDay[], day: string) =>
    mapWithConcurrency(work, CONCURRENCY, (taskDay) => act(taskDay, day, tasks, context, unitContexts, counts));
  const escalations = new Map(monthsBetween(from, to).map(({ month }) => [month, noEscalations()]));
  // The chase of the last working day, still running while the next day's steps it cannot see are taken.
  let running: { day: string; raised: Promise<Record<string, number>> } | undefined;
  const settle = async () => {
    if (!running) return;
    const { day, raised } = running;
    running = undefined;
    escalations.set(day.slice(0, 7), addEscalations(escalations.get(day.slice(0, 7))!, await raised));
  };

  const months: MonthRow[] = [];
  const bar = progressBar(context, 'days / 天');
  const days = daysBetween(from, to);
  try {
    let dayIndex = 0;
    for (const { month, lastDay } of monthsBetween(from, to)) {
      for (; dayIndex < days.length && days[dayIndex]! <= lastDay; dayIndex++) {
        const day = days[dayIndex]!;
        bar.update(dayIndex + 1, days.length);
        if (!isWorkingDay(calendar, day)) continue;
        const work = planDay([...tasks.values()], day);
        // Each day's steps come before its chase. Those the previous day's chase never sees run alongside it
        // (the same data as after it, sooner); not on a bulletin day, whose chase reads every task for the bulletin.
        const chaseDay = running?.day;
        const alongside =
          chaseDay === undefined || chaseDay === firstWorkingDayOfMonth(calendar, chaseDay.slice(0, 7))
            ? []
            : work.filter((taskDay) => unseenByChase(tasks.get(taskDay.taskId)!, taskDay.steps, chaseDay, plan.tracking));
        await Promise.all([settle(), runSteps(alongside, day)]);
        await runSteps(work.filter((taskDay) => !alongside.includes(taskDay)), day);
        const raised = chase(context, day);
        // Awaited by the next settle(); until then a failure must not count as unhandled.
        raised.catch(() => undefined);
        running = { day, raised };
      }
      await settle();
      // Read back every month: the lights come from the stored tasks, and the escalations moved their versions.
      for (const task of await tasksOf(context, planId, false)) tasks.set(task.id, task);
      months.push({ month, ...standingOn([...tasks.values()], lastDay, plan.tracking.margin), escalations: escalations.get(month)! });
    }
  } finally {
    bar.stop();
  }
  const counted = [...tasks.values()].filter((task) => task.status !== 'withdrawn').length;
  return {
    planId,
    seed,
    from,
    to,
    months,
    totals: { tasks: counted, ...counts, escalations: months.reduce((sum, row) => addEscalations(sum, row.escalations), noEscalations()) },
  };
}

function calendarOf(years: number[]): WorkCalendar {
  try {
    return calendarForYears(years);
  } catch (error) {
    if (error instanceof CalendarYearMissing) throw new CliError(error.message, error.messageZh);
    throw error;
  }
}

/** The plan's tasks, all pages; with `breakDown`, a plan not broken down yet is broken down first. */
async function tasksOf(context: CliContext, planId: string, breakDown: boolean): Promise<Task[]> {
  const path = `/plans/${encodeURIComponent(planId)}/tasks?limit=200`;
  const tasks = await callApiAllPages<Task>(context, path);
  if (tasks.length > 0 || !breakDown) return tasks;
  await breakDownPlan(context, planId);
  return callApiAllPages<Task>(context, path);
}

async function breakDownPlan(context: CliContext, planId: string): Promise<void> {
  const base = `/plans/${encodeURIComponent(planId)}/breakdowns`;
  const started = await callApi<Breakdown>(context, 'POST', base);
  for (;;) {
    const run = await callApi<Breakdown>(context, 'GET', `${base}/${encodeURIComponent(started.executionId)}`);
    if (run.status === 'SUCCEEDED' && run.execution?.status !== 'RUNNING') return;
    if (run.status !== 'RUNNING' && run.status !== 'SUCCEEDED')
      throw new CliError(`the breakdown of ${planId} ended ${run.status}`, `计划 ${planId} 的任务分解未成功：${run.status}`, { ...run });
    await sleep(BREAKDOWN_POLL_MS);
  }
}

/** One unit token per unit with tasks: the units report and ask for close-out themselves. */
async function unitTokens(context: CliContext, planId: string, tasks: readonly Task[]): Promise<Map<string, CliContext>> {
  const units = [...new Set(tasks.map((task) => task.unitId))].sort();
  const tokens = await mapWithConcurrency(units, CONCURRENCY, (unitId) =>
    callApi<{ token: string }>(context, 'POST', '/tokens', { role: 'unit', unitId, label: `simulate ${planId} / 模拟` }),
  );
  return new Map(units.map((unitId, i) => [unitId, { ...context, token: tokens[i]!.token }]));
}

const counters: Record<SimStep['action'], 'reports' | 'closeoutRequests' | 'accepted' | 'closed'> = {
  report: 'reports',
  request_closeout: 'closeoutRequests',
  accept: 'accepted',
  close: 'closed',
};

/** One task's steps of the day, in order, each at the version the previous answer gave. */
async function act(
  taskDay: TaskDay,
  day: string,
  tasks: Map<string, Task>,
  admin: CliContext,
  units: ReadonlyMap<string, CliContext>,
  counts: Record<'reports' | 'closeoutRequests' | 'accepted' | 'closed', number>,
): Promise<void> {
  const path = `/tasks/${encodeURIComponent(taskDay.taskId)}`;
  for (const step of taskDay.steps) {
    const request = requestOf(step, day);
    const context = request.byUnit ? units.get(taskDay.unitId)! : admin;
    const send = (version: number) => callApi<Task>(context, 'POST', `${path}${request.path}`, { ...request.body, version });
    let changed: Task;
    try {
      changed = await send(tasks.get(taskDay.taskId)!.version);
    } catch (error) {
      // The chase escalated the task since it was read (an escalation moves the version, nothing the steps depend on).
      if (!(error instanceof CliError) || error.details.error !== 'stale_version') throw error;
      changed = await send((await callApi<Task>(admin, 'GET', path)).version);
    }
    tasks.set(changed.id, changed);
    counts[counters[step.action]]++;
  }
}

/** The day's chase, waited for: the levels it raised. */
async function chase(context: CliContext, date: string): Promise<Record<string, number>> {
  const started = await callApi<ChaseRun>(context, 'POST', '/chases', { date });
  for (;;) {
    const run = await callApi<ChaseRun>(context, 'GET', `/chases/${encodeURIComponent(started.executionId)}`);
    if (run.status === 'SUCCEEDED' && run.output) return run.output.escalations;
    if (run.status !== 'RUNNING')
      throw new CliError(`the chase of ${date} ended ${run.status}`, `${date} 的督办运行未成功：${run.status}`, {
        executionId: run.executionId,
        status: run.status,
        ...(run.error ? { cause: run.error } : {}),
      });
    await sleep(CHASE_POLL_MS);
  }
}

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); ; at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    if (day > to) return days;
    days.push(day);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const columns: readonly { en: string; zh: string; value: (row: MonthRow) => string | number }[] = [
  { en: 'month', zh: '月份', value: (row) => row.month },
  { en: 'on track', zh: '正常', value: (row) => row.onTrack },
  { en: 'behind', zh: '滞后', value: (row) => row.behind },
  { en: 'overdue', zh: '逾期', value: (row) => row.overdue },
  { en: 'closed', zh: '已销号', value: (row) => row.closed },
  ...levels.map((level) => ({ en: level, zh: levelLabels[level], value: (row: MonthRow) => row.escalations[levelLabels[level]] ?? 0 })),
];

/** The month-by-month table: an English and a Chinese header line, one row per month, the totals. */
function table(result: SimulationResult): string {
  const width = 10;
  const cell = (text: string | number) => String(text).padStart(width);
  // Chinese characters take two columns on a terminal.
  const zhCell = (text: string) => ' '.repeat(Math.max(0, width - 2 * text.length)) + text;
  const lines = [
    `${result.planId} ${result.from} → ${result.to}, seed ${result.seed}: ${result.totals.tasks} tasks / 个任务`,
    columns.map((column) => cell(column.en)).join(''),
    columns.map((column) => zhCell(column.zh)).join(''),
    ...result.months.map((row) => columns.map((column) => cell(column.value(row))).join('')),
  ];
  const totals = result.totals;
  const raised = Object.entries(totals.escalations).map(([level, n]) => `${level} ${n}`).join(', ');
  lines.push(
    `reports / 进展报告 ${totals.reports}, close-out requests / 申请销号 ${totals.closeoutRequests}, accepted / 验收 ${totals.accepted}, closed / 销号 ${totals.closed}; escalations / 督办升级: ${raised}`,
  );
  return lines.join('\n');
}
