import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { ledgerFormats, type LedgerFormat } from '../../shared/documents/ledger-formats.js';
import { CliError, resolveContext, type CliContext, type GlobalOptions } from '../context.js';
import { print } from '../output.js';

interface ExportOptions {
  plan: string;
  unit?: string;
  format: string;
  sheetPerUnit?: boolean;
  out: string;
}

export function registerLedgerCommands(program: Command): void {
  const ledger = program.command('ledger').description("a plan's task ledger / 任务台账");

  ledger
    .command('export')
    .description('write the ledger (one row per task, grouped by unit) to a file / 导出任务台账')
    .requiredOption('--plan <planId>')
    .option('--unit <unitId>', "one unit's rows only (a unit's token gets its own anyway)")
    .option('--format <format>', 'xlsx | csv', 'xlsx')
    .option('--sheet-per-unit', 'one sheet per unit (xlsx)')
    .requiredOption('--out <file>', 'where to write it')
    .action(async (options: ExportOptions, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      if (!(ledgerFormats as readonly string[]).includes(options.format))
        throw new CliError(`--format ${JSON.stringify(options.format)} must be xlsx or csv`, `--format ${JSON.stringify(options.format)} 应为 xlsx 或 csv`);
      const query = new URLSearchParams({ format: options.format });
      if (options.unit) query.set('unitId', options.unit);
      if (options.sheetPerUnit) query.set('sheets', 'unit');
      const file = await download(context, `/plans/${encodeURIComponent(options.plan)}/ledger?${query}`);
      await writeFile(options.out, file.bytes);
      const result = {
        planId: options.plan,
        unitId: options.unit ?? null,
        format: options.format as LedgerFormat,
        rows: file.rows,
        out: options.out,
        bytes: file.bytes.length,
      };
      print(context, result, () => `${options.out}: ${file.rows} tasks, ${file.bytes.length} bytes / 已导出任务台账 ${file.rows} 项`);
    });
}

/** The API's file answer; an error answer (JSON) becomes a CliError carrying its `{ error, message, fields }`. */
async function download(context: CliContext, path: string): Promise<{ bytes: Buffer; rows: number }> {
  const response = await fetch(`${context.api}${path}`, { headers: { authorization: `Bearer ${context.token}` } }).catch((error: unknown) => {
    throw new CliError(
      `cannot reach the API at ${context.api} (${(error as Error).message}); is \`npm start\` running?`,
      `无法连接接口 ${context.api}；请确认已运行 npm start`,
    );
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  if (!response.ok) {
    const payload = JSON.parse(bytes.toString('utf8') || '{}') as Record<string, unknown>;
    const message = typeof payload.message === 'string' ? payload.message : `HTTP ${response.status}`;
    throw new CliError(message, message, { status: response.status, ...payload });
  }
  return { bytes, rows: Number(response.headers.get('x-ledger-rows')) };
}
