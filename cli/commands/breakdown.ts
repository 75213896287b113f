import type { Command } from 'commander';
import { resolveContext, type CliContext, type GlobalOptions } from '../context.js';
import { callApi } from '../http.js';
import { print, progressBar } from '../output.js';

interface Breakdown {
  executionId: string;
  status: string;
  goalsTotal?: number;
  goalsDone?: number;
  tasks?: { created: number; updated: number; unchanged: number; withdrawn: number };
  error?: unknown;
  /** What Step Functions says; the run records its outcome before the state machine has notified the units. */
  execution?: { status: string } | null;
}

const POLL_MS = 400;

export function registerBreakdownCommands(program: Command): void {
  const breakdown = program.command('breakdown').description('break a plan down into tasks / 任务分解');

  breakdown
    .command('start')
    .description('start the breakdown of a plan; --wait follows it to the end')
    .argument('<planId>')
    .option('--wait', 'wait until the breakdown finishes')
    .action(async (planId: string, options: { wait?: boolean }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const started = await callApi<Breakdown>(context, 'POST', `/plans/${encodeURIComponent(planId)}/breakdowns`);
      const final = options.wait ? await follow(context, planId, started.executionId) : started;
      const result = { ...final, executionId: started.executionId, status: final.status, tasks: taskTotal(final) };
      print(context, result, () => `${started.executionId}: ${final.status}${options.wait ? `, ${result.tasks} tasks` : ''}`);
      if (final.status === 'FAILED' || final.status === 'ABORTED' || final.status === 'TIMED_OUT') process.exitCode = 1;
    });

  breakdown
    .command('show')
    .description('status and progress of a breakdown')
    .argument('<planId>')
    .argument('<executionId>')
    .action(async (planId: string, executionId: string, _options, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const shown = await show(context, planId, executionId);
      print(context, { ...shown, tasks: taskTotal(shown) }, () => `${executionId}: ${shown.status}, goals ${shown.goalsDone}/${shown.goalsTotal}`);
    });
}

function show(context: CliContext, planId: string, executionId: string): Promise<Breakdown> {
  return callApi<Breakdown>(context, 'GET', `/plans/${encodeURIComponent(planId)}/breakdowns/${encodeURIComponent(executionId)}`);
}

async function follow(context: CliContext, planId: string, executionId: string): Promise<Breakdown> {
  const bar = progressBar(context, 'goals / 目标');
  try {
    for (;;) {
      const current = await show(context, planId, executionId);
      bar.update(current.goalsDone ?? 0, current.goalsTotal ?? 0);
      if (current.status !== 'RUNNING' && current.execution?.status !== 'RUNNING') return current;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    bar.stop();
  }
}

/** Tasks the plan has after this breakdown (created, revised or already there). */
function taskTotal(breakdown: Breakdown): number {
  const tasks = breakdown.tasks;
  return tasks ? tasks.created + tasks.updated + tasks.unchanged : 0;
}
