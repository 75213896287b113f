import type * as z from 'zod';
import { InvalidInput } from '../domain/errors.js';
import { MalformedJson, UnsupportedMediaType } from './errors.js';
import { validate } from './validation.js';

/** Reads a route's body (already size-checked and decoded to text by the `bodyText` middleware). */
export interface BodyReader<T> {
  read(text: string | undefined, mediaType: string | undefined): T;
}

const JSON_MEDIA_TYPE = 'application/json';

/** A JSON body validated by a (strict) schema; a missing body is `undefined`, so the schema decides if it may be. */
export function jsonBody<S extends z.ZodType>(schema: S): BodyReader<z.output<S>> {
  return {
    read(text, mediaType) {
      if (text === undefined) return validate(schema, undefined, 'body');
      if (mediaType !== JSON_MEDIA_TYPE) throw unsupported([JSON_MEDIA_TYPE]);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new MalformedJson('The body is not valid JSON', '请求体不是有效的 JSON');
      }
      return validate(schema, value, 'body');
    },
  };
}

/**
 * A required text body in one of several media types, passed through with its format for a parser
 * that reports its own problems (e.g. a plan in YAML or JSON).
 */
export function textBody<const F extends string>(formats: Record<string, F>): BodyReader<{ text: string; format: F }> {
  return {
    read(text, mediaType) {
      const format = mediaType === undefined ? undefined : formats[mediaType];
      if (format === undefined) throw unsupported(Object.keys(formats));
      if (text === undefined) {
        throw new InvalidInput([{ path: 'body', rule: 'required', message: 'Required', messageZh: '必填' }]);
      }
      return { text, format };
    },
  };
}

function unsupported(accepted: string[]): UnsupportedMediaType {
  const list = accepted.join(', ');
  return new UnsupportedMediaType(`The body must be one of: ${list}`, `请求体类型应为以下之一：${list}`);
}
