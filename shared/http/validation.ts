import * as z from 'zod';
import { InvalidInput } from '../domain/errors.js';
import type { Problem } from '../domain/problem.js';

/** Where a value came from; named in a problem only when the whole value is wrong (e.g. no body at all). */
export type Location = 'path' | 'query' | 'body';

/**
 * Parses `input` with `schema` or throws InvalidInput naming every field at once. Field paths are the
 * plain names (`limit`, `goals[3].deadline`): query, path and body names never overlap in one route.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, location: Location): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  throw new InvalidInput(problemsFromZod(result.error, location));
}

export function problemsFromZod(error: z.ZodError, location: Location): Problem[] {
  return error.issues.flatMap((issue) => {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: path ? `${path}.${key}` : key,
        rule: 'unknown_field',
        message: 'Unknown field',
        messageZh: '不允许的字段',
      }));
    }
    return [{ path: path || location, ...describeIssue(issue) }];
  });
}

/** `['goals', 3, 'deadline']` → `goals[3].deadline`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    return text ? `${text}.${String(part)}` : String(part);
  }, '');
}

type Described = Omit<Problem, 'path'>;

function describeIssue(issue: z.core.$ZodIssue): Described {
  switch (issue.code) {
    case 'invalid_type':
      // `input` is there only when parsed with reportInput (as `validate` does); without it, say "type".
      return 'input' in issue && issue.input === undefined
        ? { rule: 'required', message: 'Required', messageZh: '必填' }
        : { rule: 'type', message: `Expected ${issue.expected}`, messageZh: `类型不正确，应为 ${issue.expected}` };
    case 'too_small':
      return {
        rule: 'min',
        message: issue.message,
        messageZh: issue.origin === 'string' ? `长度不能少于 ${issue.minimum}` : `不能小于 ${issue.minimum}`,
      };
    case 'too_big':
      return {
        rule: 'max',
        message: issue.message,
        messageZh: issue.origin === 'string' ? `长度不能超过 ${issue.maximum}` : `不能大于 ${issue.maximum}`,
      };
    case 'invalid_format':
      return describeFormat(issue);
    case 'invalid_value':
      return {
        rule: 'one_of',
        message: issue.message,
        messageZh: `应为以下之一：${issue.values.map((v) => String(v)).join('、')}`,
      };
    case 'custom': {
      const params = (issue.params ?? {}) as { rule?: string; messageZh?: string };
      return { rule: params.rule ?? 'custom', message: issue.message, messageZh: params.messageZh ?? '不符合要求' };
    }
    default:
      return { rule: issue.code, message: issue.message, messageZh: '不符合要求' };
  }
}

function describeFormat(issue: z.core.$ZodIssueInvalidStringFormat): Described {
  switch (issue.format) {
    case 'date':
      return { rule: 'date', message: 'Must be a valid date (YYYY-MM-DD)', messageZh: '应为有效日期（YYYY-MM-DD）' };
    case 'regex':
      return { rule: 'pattern', message: issue.message, messageZh: '格式不正确' };
    default:
      return { rule: issue.format, message: issue.message, messageZh: `格式不正确（${issue.format}）` };
  }
}

/**
 * A refinement that yields a bilingual problem with a stable rule name; use as the second argument
 * of `.refine(check, bilingual(...))`.
 */
export function bilingual(rule: string, message: string, messageZh: string, path?: PropertyKey[]) {
  return { message, params: { rule, messageZh }, ...(path ? { path } : {}) };
}
