import type { Command } from 'commander';
import { CliError, resolveContext, type CliContext, type GlobalOptions } from '../context.js';
import { callApi } from '../http.js';
import { print } from '../output.js';

/** The chase state machine's output (workflows/chase/tasks/summarize.ts). */
interface ChaseOutput {
  date: string;
  examined: number;
  escalations: Record<string, number>;
  notifications: number;
}

interface ChaseRun {
  executionId: string;
  status: string;
  date: string;
  output?: ChaseOutput;
  error?: { Error: string; Cause: string };
}

const POLL_MS = 400;

export function registerChaseCommands(program: Command): void {
  const chase = program.command('chase').description('chase late tasks up the ladder / 督办');

  chase
    .command('run')
    .description('run the chase of a day (today in Asia/Shanghai by default) and wait for its result')
    .option('--at <date>', 'the chase day, YYYY-MM-DD')
    .action(async (options: { at?: string }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const started = await callApi<ChaseRun>(context, 'POST', '/chases', options.at === undefined ? {} : { date: options.at });
      const run = await follow(context, started.executionId);
      if (run.status !== 'SUCCEEDED' || !run.output) {
        throw new CliError(`the chase ${run.executionId} ended ${run.status}`, `督办运行 ${run.executionId} 未成功：${run.status}`, {
          executionId: run.executionId,
          status: run.status,
          ...(run.error ? { cause: run.error } : {}),
        });
      }
      const output = run.output;
      print(context, output, () => {
        const levels = Object.entries(output.escalations).map(([level, n]) => `${level} ${n}`).join(', ');
        return `${output.date}: ${output.examined} tasks examined; ${levels}; ${output.notifications} notifications`;
      });
    });
}

async function follow(context: CliContext, executionId: string): Promise<ChaseRun> {
  for (;;) {
    const run = await callApi<ChaseRun>(context, 'GET', `/chases/${encodeURIComponent(executionId)}`);
    if (run.status !== 'RUNNING') return run;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
