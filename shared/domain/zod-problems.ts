import type * as z from 'zod';
import { slugPattern, tagPattern, unitSetNames } from './ids.js';
import { knownFieldsAt, nearestName } from './known-fields.js';
import { MAX_LISTED_PROBLEMS } from './problem.js';
import type { Problem } from './problem.js';

/*
 * Zod issues in words of our own: the one vocabulary of rules for a plan (`validatePlan`) and for every
 * request body, query and path parameter (shared/http/validation.ts). Messages quote the offending
 * value, read from the input by the issue's path, so parsing needs no `reportInput`. Whatever the input,
 * a quoted value or key is at most MAX_ECHOED characters (`cut`): an answer never repeats a huge one.
 *
 * Rules: required, type, integer, unknown_field, too_long, too_short, too_many, too_few, too_big,
 * too_small, date, slug, tag, pattern, format, one_of, unit_set; a refinement names its own (`params.rule`).
 */

type Issue = z.core.$ZodIssue;

export interface ZodProblemOptions {
  /** The name of the whole value, for an issue with an empty path (`body`, `query`); `''` when left out. */
  root?: string;
  /** The schema the input was parsed with: an unknown field is then answered with the nearest known one. */
  schema?: z.ZodType;
}

/**
 * Stands for an input that is not at hand (a ZodError caught far from its `.parse`): values are then
 * not quoted, and a missing value cannot be told from one of the wrong type, so both are `type`.
 */
export const unknownInput: unique symbol = Symbol('unknown input');

/** Every issue as problems (an unknown key or a union may yield several), in the order zod found them. */
export function problemsFromZodIssues(issues: readonly Issue[], input: unknown, options: ZodProblemOptions = {}): Problem[] {
  const problems = fromIssues(issues, input, [], options.root ?? '');
  return options.schema ? withSuggestions(problems, options.schema) : problems;
}

/**
 * `"unitOfMesure" is not a known field; did you mean "unitOfMeasure"?` Only for the unknown fields an answer
 * lists (MAX_LISTED_PROBLEMS), so that a body of thousands of unknown keys costs no more than a few.
 */
function withSuggestions(problems: Problem[], schema: z.ZodType): Problem[] {
  let suggested = 0;
  return problems.map((p) => {
    if (p.rule !== 'unknown_field' || suggested >= MAX_LISTED_PROBLEMS) return p;
    suggested += 1;
    const segments = pathSegments(p.path);
    const written = segments.pop();
    if (typeof written !== 'string' || written.length > MAX_FIELD_NAME) return p;
    const nearest = nearestName(written, knownFieldsAt(schema, segments));
    if (nearest === undefined) return p;
    return {
      ...p,
      message: `${p.message}; did you mean ${JSON.stringify(nearest)}?`,
      messageZh: `${p.messageZh}，是否应为 ${nearest}？`,
      suggestion: nearest,
    };
  });
}

/** `goals[3].allocation["odd key"]` → `['goals', 3, 'allocation', 'odd key']`: formatPath read back. */
export function pathSegments(path: string): PropertyKey[] {
  const segments: PropertyKey[] = [];
  for (const [, name, index, quoted] of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g))
    segments.push(name ?? (index !== undefined ? Number(index) : (JSON.parse(quoted!) as string)));
  return segments;
}

/** Longer than any field name of ours: not a slip of one. */
const MAX_FIELD_NAME = 40;

/** `['goals', 3, 'deadline']` → `goals[3].deadline`; keys that would be ambiguous are quoted, long ones cut. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    const key = cut(String(segment));
    if (!/^[^.[\]\s"]+$/u.test(key)) return `${text}[${JSON.stringify(key)}]`;
    return text ? `${text}.${key}` : key;
  }, '');
}

/** A problem at a path given as segments. */
export function problem(path: readonly PropertyKey[], rule: string, message: string, messageZh: string): Problem {
  return { path: formatPath(path), rule, message, messageZh };
}

/** The most characters of a name or value that a problem quotes. */
export const MAX_ECHOED = 100;

/** `text` as a problem quotes it: at most MAX_ECHOED characters, the last an ellipsis when it was cut. */
export function cut(text: string): string {
  if (text.length <= MAX_ECHOED) return text;
  const head = text.slice(0, MAX_ECHOED - 1);
  // Half of a surrogate pair is no character at all.
  return `${/[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head}…`;
}

/** A value as a message quotes it: text in quotes (cut), a list or an object by what it is. */
export function show(value: unknown): string {
  if (value === unknownInput) return 'the value';
  if (typeof value === 'string') return JSON.stringify(cut(value));
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

function showZh(value: unknown): string {
  if (value === unknownInput) return '该值';
  if (Array.isArray(value)) return '列表';
  if (value !== null && typeof value === 'object') return '对象';
  return show(value);
}

// ── one issue ───────────────────────────────────────────────────────────────────────────────────────

/** Builds problems at one path, named by `root` when the path is empty. */
type At = (rule: string, message: string, messageZh: string) => Problem;

function fromIssues(issues: readonly Issue[], input: unknown, base: readonly PropertyKey[], root: string): Problem[] {
  return issues.flatMap((issue) => {
    const path = [...base, ...issue.path];
    return fromIssue(issue, path, valueAt(input, path), input, root);
  });
}

function fromIssue(issue: Issue, path: PropertyKey[], value: unknown, input: unknown, root: string): Problem[] {
  const at: At = (rule, message, messageZh) => ({ path: path.length > 0 ? formatPath(path) : root, rule, message, messageZh });
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return [at('required', 'is required', '必须填写')];
      if (issue.expected === 'int' && typeof value === 'number' && Number.isFinite(value))
        return [at('integer', `${show(value)} is not a whole number`, `${showZh(value)} 不是整数`)];
      return [at('type', `${show(value)} is not ${typeName(issue.expected)}`, `${showZh(value)} 不是${typeNameZh(issue.expected)}`)];
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        problem([...path, key], 'unknown_field', `${show(key)} is not a known field`, `${show(key)} 不是可识别的字段`),
      );
    case 'too_big':
      return [tooBig(issue, value, at)];
    case 'too_small':
      return [tooSmall(issue, value, at)];
    case 'invalid_format':
      return [badFormat(issue, value, at)];
    case 'invalid_value':
      return [oneOf(issue.values, value, at)];
    case 'invalid_union':
      return badUnion(issue, path, value, input, root, at);
    case 'invalid_key':
      // The path ends with the offending key; the key, not the value under it, is what is wrong.
      return issue.issues.flatMap((keyIssue) => fromIssue(keyIssue, path, path.at(-1), input, root));
    case 'custom':
      return [custom(issue, path, root, at)];
    default:
      return [at(issue.code, issue.message, '不符合要求')];
  }
}

/**
 * A refinement that yields a bilingual problem with a stable rule name; use as the second argument
 * of `.refine(check, bilingual(...))`.
 */
export function bilingual(rule: string, message: string, messageZh: string, path?: PropertyKey[]) {
  return { message, params: { rule, messageZh }, ...(path ? { path } : {}) };
}

/**
 * A refinement names its rule and Chinese message in `params` (see `bilingual` above);
 * with `namesField`, both messages start with the field's name (shared/domain/text.ts: the character
 * refused does not show, so the message must say where it is).
 */
function custom(issue: z.core.$ZodIssueCustom, path: readonly PropertyKey[], root: string, at: At): Problem {
  const params: Record<string, unknown> = issue.params ?? {};
  const rule = typeof params.rule === 'string' ? params.rule : 'custom';
  const messageZh = typeof params.messageZh === 'string' ? params.messageZh : '不符合要求';
  if (params.namesField !== true) return at(rule, issue.message, messageZh);
  const field = fieldName(path) ?? root;
  return field ? at(rule, `${field} ${issue.message}`, `${field} ${messageZh}`) : at(rule, issue.message, messageZh);
}

/** The innermost name in a path (`evidence` of `evidence[2]`), cut like any echoed key. */
function fieldName(path: readonly PropertyKey[]): string | undefined {
  const name = path.findLast((segment) => typeof segment === 'string');
  return name === undefined ? undefined : cut(name as string);
}

function tooBig(issue: z.core.$ZodIssueTooBig, value: unknown, at: At): Problem {
  const max = String(issue.maximum);
  if (issue.origin === 'string') return at('too_long', `is longer than ${max} characters`, `超过 ${max} 个字符`);
  if (issue.origin === 'array') return at('too_many', `has more than ${max} items`, `超过 ${max} 项`);
  return issue.inclusive === false
    ? at('too_big', `${show(value)} must be less than ${max}`, `${showZh(value)} 必须小于 ${max}`)
    : at('too_big', `${show(value)} is more than ${max}`, `${showZh(value)} 大于 ${max}`);
}

function tooSmall(issue: z.core.$ZodIssueTooSmall, value: unknown, at: At): Problem {
  const min = String(issue.minimum);
  if (issue.origin === 'string')
    return min === '1'
      ? at('required', 'must not be empty', '不能为空')
      : at('too_short', `is shorter than ${min} characters`, `少于 ${min} 个字符`);
  if (issue.origin === 'array') return at('too_few', `needs at least ${min} item(s)`, `至少需要 ${min} 项`);
  return issue.inclusive === false
    ? at('too_small', `${show(value)} must be greater than ${min}`, `${showZh(value)} 必须大于 ${min}`)
    : at('too_small', `${show(value)} is less than ${min}`, `${showZh(value)} 小于 ${min}`);
}

const slugSource = String(slugPattern);
const tagSource = String(tagPattern);

function badFormat(issue: z.core.$ZodIssueInvalidStringFormat, value: unknown, at: At): Problem {
  if (issue.format === 'date') {
    const shapedLikeDate = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    return shapedLikeDate
      ? at('date', `${show(value)} is not a date`, `${showZh(value)} 不是有效日期`)
      : at('date', `${show(value)} is not a date (use YYYY-MM-DD)`, `${showZh(value)} 不是有效日期（格式 YYYY-MM-DD）`);
  }
  if (issue.format === 'regex' && issue.pattern === slugSource)
    return at(
      'slug',
      `${show(value)} is not a valid id: use lowercase letters, digits and hyphens`,
      `${showZh(value)} 不是有效编号：只能使用小写字母、数字和连字符`,
    );
  if (issue.format === 'regex' && issue.pattern === tagSource)
    return at(
      'tag',
      `${show(value)} is not a valid tag: one word without spaces, 、 , ; or :`,
      `${showZh(value)} 不是有效标签：须为一个词，不含空格、顿号、逗号、分号或冒号`,
    );
  if (issue.format === 'regex')
    return at('pattern', `${show(value)} does not match ${issue.pattern ?? 'the expected pattern'}`, `${showZh(value)} 格式不正确`);
  return at('format', `${show(value)} is not a valid ${issue.format}`, `${showZh(value)} 格式不正确（${issue.format}）`);
}

function oneOf(options: readonly unknown[], value: unknown, at: At): Problem {
  if (value === undefined) return at('required', 'is required', '必须填写');
  const list = options.map(String);
  return at('one_of', `${show(value)} is not one of ${list.join(', ')}`, `${showZh(value)} 不是以下之一：${list.join('、')}`);
}

const namedUnitSets: readonly string[] = unitSetNames;

function badUnion(
  issue: z.core.$ZodIssueInvalidUnion,
  path: PropertyKey[],
  value: unknown,
  input: unknown,
  root: string,
  at: At,
): Problem[] {
  // A discriminated union reports at the discriminator (`goals[2].kind`), so `value` is the bad kind.
  if (issue.discriminator !== undefined) return [oneOf('options' in issue ? (issue.options ?? []) : [], value, at)];
  if (value === undefined) return [at('required', 'is required', '必须填写')];
  if (isUnitSet(issue) && isPlainObject(value)) {
    // An object is meant as a set by kind and tag: its own problems say what is wrong with it.
    const filter = issue.errors.find((branch) => branch.some((i) => i.path.length > 0 || i.code === 'unrecognized_keys' || i.code === 'custom'));
    if (filter) return fromIssues(filter, input, path, root);
  }
  if (isUnitSet(issue) && !Array.isArray(value)) {
    const named = namedUnitSets.join(', ');
    return [
      at(
        'unit_set',
        `${show(value)} is not a unit set: use ${named}, a list of unit ids or { kind, tag }`,
        `${showZh(value)} 不是有效的单位范围：可用 ${named}、单位编号列表或 { kind, tag }（按类型、标签）`,
      ),
    ];
  }
  // One word or a list of them (a set's `kind: county` or `kind: [county, city]`): a single word not among them.
  const words = issue.errors.flat().find((i) => i.code === 'invalid_value' && i.path.length === 0);
  if (words?.code === 'invalid_value' && !Array.isArray(value)) return [oneOf(words.values, value, at)];
  // Of the alternatives, the one whose problems lie deeper than the value itself is the one meant.
  const meant = issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0));
  if (meant) return fromIssues(meant, input, path, root);
  return [at('type', `${show(value)} is not allowed here`, `${showZh(value)} 不符合要求`)];
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The union is a unit set (shared/domain/plan.ts) when one alternative is the enum of the named sets. */
function isUnitSet(issue: z.core.$ZodIssueInvalidUnion): boolean {
  return issue.errors.some((branch) =>
    branch.some(
      (i) =>
        i.code === 'invalid_value' &&
        i.path.length === 0 &&
        i.values.length === namedUnitSets.length &&
        i.values.every((v) => namedUnitSets.includes(String(v))),
    ),
  );
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  if (input === unknownInput) return unknownInput;
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

const typeNames: Record<string, [string, string]> = {
  string: ['text', '文本'],
  number: ['a number', '数字'],
  int: ['a whole number', '整数'],
  boolean: ['true or false', '是/否'],
  array: ['a list', '列表'],
  object: ['an object', '对象'],
  record: ['an object', '对象'],
  date: ['a date', '日期'],
  null: ['null', '空值'],
};

function typeName(expected: string): string {
  return typeNames[expected]?.[0] ?? `of type ${expected}`;
}

function typeNameZh(expected: string): string {
  return typeNames[expected]?.[1] ?? `${expected} 类型`;
}
