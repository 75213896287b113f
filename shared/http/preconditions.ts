import { InvalidInput, PreconditionRequired } from '../domain/errors.js';
import { header, type HttpEvent } from './event.js';

/** `"3"`, `W/"3"` or `3`: the ETag the API hands out is the task's version in quotes. */
const ETAG = /^(?:W\/)?"?(\d{1,7})"?$/;

/**
 * The version the caller read, from `If-Match` or the body's `version`: a change without one is refused
 * (428), so that no write lands on a task its author has not seen.
 */
export function expectedVersion(event: HttpEvent, bodyVersion: number | undefined): number {
  const ifMatch = header(event, 'if-match')?.trim();
  let fromHeader: number | undefined;
  if (ifMatch !== undefined) {
    const match = ETAG.exec(ifMatch);
    if (!match) {
      throw new InvalidInput([
        { path: 'If-Match', rule: 'pattern', message: 'Must be the ETag of the task you read, e.g. "3"', messageZh: '应为所读取任务的 ETag，例如 "3"' },
      ]);
    }
    fromHeader = Number(match[1]);
  }
  if (fromHeader !== undefined && bodyVersion !== undefined && fromHeader !== bodyVersion) {
    throw new InvalidInput([
      { path: 'version', rule: 'version_mismatch', message: 'Differs from If-Match; send one of them', messageZh: '与 If-Match 不一致，请只提供其中一个' },
    ]);
  }
  const version = fromHeader ?? bodyVersion;
  if (version === undefined) {
    throw new PreconditionRequired(
      'Say which version of the task you read: send If-Match: "<version>" or "version" in the body',
      '请说明您读取的任务版本：发送 If-Match: "<版本>" 或在请求体中提供 version',
    );
  }
  return version;
}

/** The ETag of a task at a version. */
export function etagOf(version: number): string {
  return `"${version}"`;
}
