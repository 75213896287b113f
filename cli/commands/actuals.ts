import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseTaskId } from '../../shared/domain/task.js';
import { actualsFileExtensions, readActualsBytes, type ActualRow, type ActualsFileExtension, type ActualsRead } from '../../shared/assessment/actuals-file.js';
import { CliError, resolveContext, type CliContext, type GlobalOptions } from '../context.js';
import { callApi } from '../http.js';
import { print } from '../output.js';
import { parseYear } from './assess.js';

/*
 * `actuals import FILE --year YYYY`: the indicators' values for the year (e.g. each town's PM2.5 annual
 * mean), from an xlsx (first sheet), a CSV or a JSON `{ actuals }`, read and checked by
 * shared/assessment/actuals-file.ts (as the assessment desk reads it in the browser).
 */

export function registerActualsCommands(program: Command): void {
  const actuals = program.command('actuals').description("indicators' actual values for the year-end assessment / 指标年度实际值");

  actuals
    .command('import')
    .description('import the year’s actual values: .xlsx (first sheet), .csv (columns taskId, value or 任务编号, 实际值) or .json { actuals }')
    .argument('<file>', '.xlsx, .csv or .json')
    .option('--year <year>', 'the assessment year, YYYY (default: the year of the rows’ plans)')
    .action(async (file: string, options: { year?: string }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const given = options.year === undefined ? undefined : parseYear(options.year);
      const read = await readActualsFile(file);
      if (!read.ok) {
        throw new CliError(`${file}: ${read.problems.length} problem(s); nothing was imported`, `${file}：发现 ${read.problems.length} 处问题，未导入任何内容`, {
          error: 'invalid_actuals',
          fields: read.problems,
        });
      }
      const year = given ?? (await yearOfPlans(context, read.rows));
      const result = await callApi<{ saved: number }>(context, 'PUT', `/assessments/${year}/actuals`, { actuals: read.rows });
      print(context, { year, saved: result.saved }, () => `${year}: ${result.saved} actual value(s) saved / 已保存 ${result.saved} 条实际值`);
    });
}

/** The year of the plans the rows' tasks belong to; rows of plans of several years need `--year`. */
async function yearOfPlans(context: CliContext, rows: readonly ActualRow[]): Promise<number> {
  const planIds = [...new Set(rows.map((row) => parseTaskId(row.taskId)!.planId))];
  const years = new Set<number>();
  for (const planId of planIds) years.add((await callApi<{ year: number }>(context, 'GET', `/plans/${encodeURIComponent(planId)}`)).year);
  if (years.size !== 1) {
    throw new CliError(`the rows belong to plans of ${[...years].sort().join(', ')}: say which year with --year`, `数据行分属 ${[...years].sort().join('、')} 年度的计划，请用 --year 指定年度`);
  }
  return [...years][0]!;
}

export async function readActualsFile(file: string): Promise<ActualsRead> {
  const extension = extname(file).toLowerCase();
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, `无法读取文件 ${file}`);
  }
  if ((actualsFileExtensions as readonly string[]).includes(extension)) return readActualsBytes(data, extension as ActualsFileExtension);
  throw new CliError(`${file}: use an .xlsx, .csv or .json file`, `${file}：请使用 .xlsx、.csv 或 .json 文件`);
}
