import { Option, type Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { Plan } from '../../shared/domain/plan.js';
import { readPlanFile } from '../../shared/plans/read-plan-file.js';
import { planYaml } from '../../shared/plans/write-plan-yaml.js';
import { CliError, resolveContext, type GlobalOptions } from '../context.js';
import { callApi } from '../http.js';
import { print } from '../output.js';

interface ImportResult {
  planId: string;
  revision: number;
  changed: boolean;
  goals: number;
  units: number;
  warnings?: { message: string; messageZh: string }[];
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
        [
          result.changed
            ? `imported ${result.planId} revision ${result.revision}: ${result.goals} goals, ${result.units} units / 已导入`
            : `${result.planId} unchanged (revision ${result.revision}) / 计划无变化`,
          // Settings the file changes, e.g. a workbook without 考核设置 over a plan with its own rules.
          ...(result.warnings ?? []).map((w) => `warning: ${w.message} / 注意：${w.messageZh}`),
        ].join('\n'),
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
    .command('export')
    .description('write a stored plan back as a plan file (YAML or the xlsx 任务分解表); importing it again changes nothing')
    .argument('<planId>')
    .addOption(new Option('--format <format>', 'yaml or xlsx').choices(['yaml', 'xlsx']).makeOptionMandatory())
    .requiredOption('--out <file>', 'the file to write')
    .action(async (planId: string, options: { format: 'yaml' | 'xlsx'; out: string }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const shown = await callApi<Record<string, unknown> & { revision: number }>(context, 'GET', `/plans/${encodeURIComponent(planId)}`);
      // The answer is the plan with its revision's particulars; the plan's own fields, in the schema's order.
      const plan = Plan.parse(Object.fromEntries(Object.keys(Plan.shape).map((key) => [key, shown[key]])));
      const out = resolve(options.out);
      const data =
        options.format === 'yaml'
          ? Buffer.from(planYaml(plan, { schemaPath: schemaPathFrom(dirname(out)), revision: shown.revision }))
          : await (await import('../../shared/plans/write-plan-workbook.js')).writePlanWorkbook(plan);
      await writeFile(out, data);
      const result = { planId: plan.id, revision: shown.revision, format: options.format, out, bytes: data.byteLength };
      print(context, result, () => `${plan.id} revision ${shown.revision} → ${out} (${data.byteLength} bytes) / 已导出`);
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

/** The JSON Schema beside the exported file's folder, as editors resolve `$schema` (relative, like the samples'). */
function schemaPathFrom(folder: string): string {
  const schema = join(dirname(dirname(dirname(new URL(import.meta.url).pathname))), 'docs', 'plan.schema.json');
  return relative(folder, schema) || 'plan.schema.json';
}
