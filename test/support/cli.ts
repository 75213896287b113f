import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root: the CLI runs from there, as `npm run cli` does. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The CLI as users and scripts run it: a child process with exactly this environment. Node with tsx's loader
 * runs the same module as `npm run cli` (tsx cli/main.ts) without npx's and tsx's own launcher processes,
 * half a second less per command (the suite runs well over a hundred).
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return runCommand(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], env);
}

/** Any command from the repository root, its output collected. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** stdout parsed as one JSON document: throws when anything else was printed there. */
export function jsonOf(result: CliRun): any {
  try {
    return JSON.parse(result.stdout);
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}
