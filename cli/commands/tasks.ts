import type { Command } from 'commander';
import { resolveContext, type GlobalOptions } from '../context.js';
import { callApiAllPages } from '../http.js';
import { print } from '../output.js';
import type { Direction } from '../../shared/domain/plan.js';
import { targetText } from '../../shared/domain/target.js';

interface TaskRow {
  id: string;
  unitId: string;
  kind: string;
  target: number | null;
  direction?: Direction;
  atLeast?: true;
  deadline: string;
  status: string;
  version: number;
}

export function registerTaskCommands(program: Command): void {
  const tasks = program.command('tasks').description('tasks / 任务');

  tasks
    .command('list')
    .description("a plan's tasks, every page")
    .requiredOption('--plan <planId>')
    .option('--unit <unitId>')
    .option('--goal <goalId>')
    .option('--status <status>')
    .action(async (options: { plan: string; unit?: string; goal?: string; status?: string }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const query = new URLSearchParams({ limit: '200' });
      if (options.unit) query.set('unit', options.unit);
      if (options.goal) query.set('goal', options.goal);
      if (options.status) query.set('status', options.status);
      const items = await callApiAllPages<TaskRow>(context, `/plans/${encodeURIComponent(options.plan)}/tasks?${query}`);
      print(context, items, () =>
        items.map((t) => `${t.id}\t${t.kind}\t${targetText(t)}\t${t.deadline}\t${t.status}\tv${t.version}`).join('\n') ||
        'no tasks / 没有任务',
      );
    });
}
