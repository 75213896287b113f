import cliProgress from 'cli-progress';
import { CliError, type CliContext } from './context.js';

/** With --json only the JSON goes to stdout; otherwise the human summary. */
export function print(context: CliContext, value: unknown, human: () => string): void {
  process.stdout.write(context.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** Errors: JSON on stdout with --json (so scripts can parse them), text on stderr otherwise; exit code 1. */
export function printError(json: boolean, error: unknown): void {
  const body =
    error instanceof CliError
      ? { error: 'cli_error', message: error.message, messageZh: error.messageZh, ...error.details }
      : { error: 'internal', message: (error as Error).message };
  if (json) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    const zh = error instanceof CliError && error.messageZh !== error.message ? `\n${error.messageZh}` : '';
    process.stderr.write(`error: ${body.message}${zh}\n`);
    for (const field of (body as { fields?: { path: string; message?: string; messageZh?: string }[] }).fields ?? []) {
      process.stderr.write(`  - ${field.path}: ${field.message ?? ''}${field.messageZh ? ` / ${field.messageZh}` : ''}\n`);
    }
  }
  process.exitCode = 1;
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
