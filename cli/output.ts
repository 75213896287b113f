import cliProgress from 'cli-progress';
import { listedProblems, type Problem } from '../shared/domain/problem.js';
import { problemPlace } from '../shared/domain/problem-items.js';
import { CliError, type CliContext } from './context.js';

/** With --json only the JSON goes to stdout; otherwise the human summary. */
export function print(context: CliContext, value: unknown, human: () => string): void {
  process.stdout.write(context.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/**
 * Errors: JSON on stdout with --json (so scripts can parse them), text on stderr otherwise; exit code 1.
 * Problems found here (a plan file checked before it is sent) are listed as the API lists them: the first
 * MAX_LISTED_PROBLEMS and `moreFields`; the API's own answer is listed that way already.
 */
export function printError(json: boolean, error: unknown): void {
  const body: { error: string; message: string; messageZh?: string; fields?: Problem[]; moreFields?: number } =
    error instanceof CliError
      ? { error: 'cli_error', message: error.message, messageZh: error.messageZh, ...error.details, ...listedFieldsOf(error.details) }
      : { error: 'internal', message: (error as Error).message };
  if (json) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    const zh = error instanceof CliError && error.messageZh !== error.message ? `\n${error.messageZh}` : '';
    process.stderr.write(`error: ${body.message}${zh}\n`);
    for (const field of body.fields ?? []) {
      process.stderr.write(`  - ${problemPlace(field)}: ${field.message ?? ''}${field.messageZh ? ` / ${field.messageZh}` : ''}\n`);
    }
    if (body.moreFields) process.stderr.write(`  … ${body.moreFields} more / 另有 ${body.moreFields} 处\n`);
  }
  process.exitCode = 1;
}

function listedFieldsOf(details: Record<string, unknown>): { fields?: Problem[]; moreFields?: number } {
  return Array.isArray(details.fields) ? listedProblems(details.fields as Problem[]) : {};
}

/** A progress bar only on a terminal and never with --json. */
export function progressBar(context: CliContext, label: string): { update(done: number, total: number): void; stop(): void } {
  if (context.json || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop: () => started && bar.stop(),
  };
}

/** Left-aligned columns; CJK characters take two. */
export function table(rows: readonly string[][]): string {
  const width = (text: string) => [...text].reduce((sum, char) => sum + (/[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(char) ? 2 : 1), 0);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => width(row[i] ?? ''))));
  return rows.map((row) => row.map((cell, i) => cell + ' '.repeat(widths[i]! - width(cell))).join('  ').trimEnd()).join('\n');
}
