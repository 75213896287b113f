import { CliError, type CliContext } from './context.js';

/** Calls the API with the bearer token; an error response becomes a CliError carrying the API's `{ error, message, fields }`. */
export async function callApi<T>(context: CliContext, method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${context.api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${context.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new CliError(
      `cannot reach the API at ${context.api} (${(error as Error).message}); is \`npm start\` running?`,
      `无法连接接口 ${context.api}；请确认已运行 npm start`,
    );
  }
  const text = await response.text();
  const payload = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!response.ok) {
    const message = typeof payload.message === 'string' ? payload.message : `HTTP ${response.status}`;
    throw new CliError(message, message, { status: response.status, ...payload });
  }
  return payload as T;
}

/** Follows `nextCursor` until the end. */
export async function callApiAllPages<T>(context: CliContext, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor: string | null } = await callApi(
      context,
      'GET',
      cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
