import type { Command } from 'commander';
import { readPlanFile } from '../../shared/plans/read-plan-file.js';
import { CliError, resolveContext, type GlobalOptions } from '../context.js';
import { callApi } from '../http.js';
import { print } from '../output.js';

interface ImportResult {
  planId: string;
  revision: number;
  changed: boolean;
  goals: number;
  units: number;
}

export function registerPlanCommands(program: Command): void {
  const plan = program.command('plan').description('annual plans / 年度计划');

  plan
    .command('import')
    .description('validate a plan file (YAML, JSON or the xlsx 任务分解表) and import it')
    .argument('<file>', 'plan file: .yaml, .yml, .json or .xlsx')
    .action(async (file: string, _options, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      // Validated here first so that spreadsheet problems name their sheet and row; the API checks again.
      const read = await readPlanFile(file);
      if (!read.ok) {
        throw new CliError(`${file}: ${read.problems.length} problem(s); nothing was imported`, `${file}：发现 ${read.problems.length} 处问题，未导入任何内容`, {
          error: 'invalid_plan',
          fields: read.problems,
        });
      }
      const result = await callApi<ImportResult>(context, 'POST', '/plans', read.value);
      print(context, result, () =>
        result.changed
          ? `imported ${result.planId} revision ${result.revision}: ${result.goals} goals, ${result.units} units / 已导入`
          : `${result.planId} unchanged (revision ${result.revision}) / 计划无变化`,
      );
    });

  plan
    .command('show')
    .description('a plan with its goals and units')
    .argument('<planId>')
    .action(async (planId: string, _options, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const shown = await callApi<{ id: string; name: string; year: number; revision: number; goals: unknown[]; units: unknown[] }>(
        context,
        'GET',
        `/plans/${encodeURIComponent(planId)}`,
      );
      print(context, shown, () => `${shown.id} ${shown.name} (${shown.year}, revision ${shown.revision}): ${shown.goals.length} goals, ${shown.units.length} units`);
    });

  plan
    .command('disclose')
    .description('approve a plan’s progress (completion rates and lights) for the public endpoint (信息公开)')
    .argument('<planId>')
    .action(async (planId: string, _options, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const disclosure = await callApi<{ approvedAt: string }>(context, 'POST', `/plans/${encodeURIComponent(planId)}/disclosure`);
      print(context, disclosure, () => `${planId}: progress approved for the public / 已批准公开进展`);
    });
}
