/**
 * Structured JSON logs, one line per entry, so that CloudWatch Logs Insights can filter on fields.
 * Errors are reduced to name, message and stack: never the request body, which may hold plan data.
 */
type Level = 'warn' | 'error';

function write(level: Level, message: string, fields: Record<string, unknown>): void {
  const line = JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields });
  if (level === 'error') console.error(line);
  else console.warn(line);
}

export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}

export const log = {
  warn: (message: string, fields: Record<string, unknown> = {}) => write('warn', message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => write('error', message, fields),
};
