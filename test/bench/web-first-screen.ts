import { chromium } from 'playwright-core';
import type { LocalStack } from '../../infra/local/local-stack.js';
import type { PlanInput } from '../../shared/domain/plan.js';
import { signInLink } from '../../shared/http/web-policy.js';
import { api } from './breakdown.js';
import type { countCapacity } from './capacity.js';
import { provincePlan } from './province-plan.js';

export interface WebFirstScreenFigures {
  tasks: number;
  /** From opening the sign-in link in a new browser (nothing cached) to the task list shown, 5 runs. */
  fromSignInLinkMs: { median: number; runs: number[] };
  /** Reloading /app/tasks?year= in the same browser (its files cached, revalidated), 5 runs. */
  reloadMs: { median: number; runs: number[] };
  /** GET /me/tasks?year=&limit=200 of a unit with `myTasks.tasks` tasks: what DynamoDB did for it (authorizer included). */
  myTasks: { tasks: number; requests: Record<string, number>; itemsRead: number; readCapacityUnits: number };
}

const RUNS = 5;
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * 我的任务's first screen on loopback, in Debian's Chromium against the local stack serving the built
 * workspace (run before the breakdown bench fills the table): a town with 100 tasks (a plan of its own, of
 * 100 goals), timed from the sign-in link to the list's count showing all of them; then the plan revised to
 * 200 goals and one GET /me/tasks of its 200 tasks counted.
 */
export async function benchWebFirstScreen(stack: LocalStack, counter: ReturnType<typeof countCapacity>, log: (line: string) => void): Promise<WebFirstScreenFigures> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  try {
    const unitId = 'web-town';
    await breakDown(stack, webPlan(100, unitId));
    const { token } = await api<{ token: string }>(stack, 'POST', '/tokens', { role: 'unit', unitId });
    const link = signInLink(stack.url, token);
    const shown = (n: number) => `text=共 ${n} 项任务`;

    log('web: 我的任务 with 100 tasks, from the sign-in link (new browser each run)');
    const fromSignInLink: number[] = [];
    const reload: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      let started = performance.now();
      await page.goto(link);
      await page.waitForSelector(shown(100), { timeout: 60_000 });
      fromSignInLink.push(Math.round(performance.now() - started));
      started = performance.now();
      await page.reload();
      await page.waitForSelector(shown(100), { timeout: 60_000 });
      reload.push(Math.round(performance.now() - started));
      await context.close();
    }

    log('web: GET /me/tasks of a town with 200 tasks');
    await breakDown(stack, webPlan(200, unitId));
    counter.reset();
    const page = await api<{ items: unknown[] }>(stack, 'GET', '/me/tasks?year=2022&limit=200', undefined, token);
    const { requests, itemsRead, readCapacityUnits } = counter.tally;
    return {
      tasks: 100,
      fromSignInLinkMs: { median: median(fromSignInLink), runs: fromSignInLink },
      reloadMs: { median: median(reload), runs: reload },
      myTasks: { tasks: page.items.length, requests, itemsRead, readCapacityUnits },
    };
  } finally {
    await browser.close();
  }
}

/** The province plan for one town, under ids of its own (so that the breakdown bench's plan does not touch it). */
function webPlan(goals: number, unitId: string): PlanInput {
  const plan = JSON.parse(JSON.stringify(provincePlan(1, goals)).replaceAll('"town-0001"', JSON.stringify(unitId))) as PlanInput;
  return { ...plan, id: 'web-first-screen-2022', name: `我的任务首屏基准（${goals} 项）` };
}

async function breakDown(stack: LocalStack, plan: PlanInput): Promise<void> {
  await api(stack, 'POST', '/plans', plan);
  const { executionId } = await api<{ executionId: string }>(stack, 'POST', `/plans/${plan.id}/breakdowns`);
  const machine = stack.runner.stateMachines.find((m) => m.logicalId.startsWith('Breakdown'))!;
  const execution = stack.runner.list(machine.arn).executions.find((e) => e.name === executionId)!;
  const done = await stack.runner.wait(execution.executionArn);
  if (done.status !== 'SUCCEEDED') throw new Error(`breakdown ${done.status}: ${done.error} ${done.cause}`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
