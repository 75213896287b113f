import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface GlobalOptions {
  api?: string;
  token?: string;
  json?: boolean;
}

export interface CliContext {
  api: string;
  token: string;
  json: boolean;
}

/** The local stack by default: `127.0.0.1:$PORT` and the admin token `npm start` wrote to `$DATA_DIR/admin-token`. */
export function resolveContext(options: GlobalOptions): CliContext {
  const api = (options.api ?? `http://127.0.0.1:${process.env.PORT || 3000}`).replace(/\/+$/, '');
  return { api, token: options.token ?? readLocalToken(), json: options.json ?? false };
}

function readLocalToken(): string {
  const path = join(process.env.DATA_DIR || '.data', 'admin-token');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    throw new CliError(
      `no token: pass --token, or start the local stack (npm start) so that ${path} exists`,
      `缺少令牌：请使用 --token，或先运行 npm start 生成 ${path}`,
    );
  }
}

/** A failure the user can act on: printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly messageZh: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'CliError';
  }
}
