import type { Command } from 'commander';
import { CliError, resolveContext, type GlobalOptions } from '../context.js';
import { callApi } from '../http.js';
import { print } from '../output.js';
import { finishedRun, parseYear } from './assess.js';

interface Appeal {
  appealId: string;
  unitId: string;
  lineId: string;
  status: string;
  rescoreRunId?: string;
}

export function registerAppealCommands(program: Command): void {
  const appeal = program.command('appeal').description('appeals against the published assessment (申诉)');

  appeal
    .command('file')
    .description('file an appeal for a unit against one of its line items (with a unit token the CLI creates)')
    .requiredOption('--year <year>', 'the assessment year, YYYY')
    .requiredOption('--unit <unitId>', 'the appealing unit')
    .requiredOption('--line <lineId>', 'the line item, as `assess show --unit` lists it')
    .requiredOption('--reason <text>', 'why')
    .action(async (options: { year: string; unit: string; line: string; reason: string }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const year = parseYear(options.year);
      // Only a unit appeals, for itself: the admin token creates a token of the unit, as `simulate` does.
      const { token } = await callApi<{ token: string }>(context, 'POST', '/tokens', {
        role: 'unit',
        unitId: options.unit,
        label: `appeal ${year} / 申诉`,
      });
      const filed = await callApi<Appeal>({ ...context, token }, 'POST', `/assessments/${year}/appeals`, { lineId: options.line, reason: options.reason });
      print(context, filed, () => `${filed.appealId}: ${filed.unitId} appeals ${filed.lineId} / 已提交申诉`);
    });

  appeal
    .command('decide')
    .description('uphold or reject an appeal; upholding re-scores and republishes the year')
    .requiredOption('--year <year>', 'the assessment year, YYYY')
    .requiredOption('--appeal <appealId>', 'the appeal (ap-<n>)')
    .option('--uphold', 'uphold it: its line scores --points (default: nothing deducted, or the line’s full points)')
    .option('--reject', 'reject it')
    .requiredOption('--reason <text>', 'why')
    .option('--points <n>', 'upheld: the points the line gets instead')
    .option('--wait', 'upheld: wait for the re-score run to finish')
    .action(
      async (options: { year: string; appeal: string; uphold?: boolean; reject?: boolean; reason: string; points?: string; wait?: boolean }, command: Command) => {
        const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
        const year = parseYear(options.year);
        if (Boolean(options.uphold) === Boolean(options.reject)) {
          throw new CliError('say --uphold or --reject (one of them)', '请指定 --uphold 或 --reject（二选一）');
        }
        const points = options.points === undefined ? undefined : Number(options.points);
        if (points !== undefined && (options.points!.trim() === '' || !Number.isFinite(points))) {
          throw new CliError(`--points ${JSON.stringify(options.points)} is not a number`, `--points ${JSON.stringify(options.points)} 不是数字`);
        }
        const decided = await callApi<{ appeal: Appeal; runId?: string }>(context, 'POST', `/assessments/${year}/appeals/${encodeURIComponent(options.appeal)}/decision`, {
          decision: options.uphold ? 'uphold' : 'reject',
          reason: options.reason,
          ...(points === undefined ? {} : { points }),
        });
        const run = options.wait && decided.runId ? await finishedRun(context, year, decided.runId) : undefined;
        const result = { ...decided, ...(run ? { run: { status: run.status, units: run.units ?? 0, published: run.published ?? false } } : {}) };
        print(context, result, () =>
          decided.appeal.status === 'upheld'
            ? `${decided.appeal.appealId} upheld; re-score run ${decided.runId}${run ? ` ${run.status}` : ' started'} / 申诉已支持，重新计分`
            : `${decided.appeal.appealId} rejected / 申诉已驳回`,
        );
      },
    );
}
