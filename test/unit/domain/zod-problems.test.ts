import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Allocation, slug, UnitSet } from '../../../shared/domain/plan.js';
import type { Problem } from '../../../shared/domain/problem.js';
import { cut, formatPath, MAX_ECHOED, problemsFromZodIssues, unknownInput, type ZodProblemOptions } from '../../../shared/domain/zod-problems.js';

function problemsOf(schema: z.ZodType, input: unknown, options?: ZodProblemOptions): Problem[] {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected problems, the input is valid');
  return problemsFromZodIssues(result.error.issues, input, options);
}

function onlyProblem(schema: z.ZodType, input: unknown, options?: ZodProblemOptions): Problem {
  const problems = problemsOf(schema, input, options);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

const field = (schema: z.ZodType) => z.strictObject({ f: schema });

describe('formatPath', () => {
  it('writes indexes in brackets and keys with dots', () => {
    // Act / Assess
    expect(formatPath(['goals', 3, 'milestones', 0, 'date'])).toBe('goals[3].milestones[0].date');
    expect(formatPath([])).toBe('');
  });

  it('quotes a key that would be ambiguous', () => {
    // Act / Assess
    expect(formatPath(['quotas', 'a.b'])).toBe('quotas["a.b"]');
    expect(formatPath(['quotas', 'two words'])).toBe('quotas["two words"]');
    expect(formatPath(['quotas', '周巷镇'])).toBe('quotas.周巷镇');
  });
});

describe('cut', () => {
  it('keeps text of up to 100 characters as it is', () => {
    // Act / Assess
    expect(MAX_ECHOED).toBe(100);
    expect(cut('x'.repeat(100))).toBe('x'.repeat(100));
  });

  it('cuts longer text to 100 characters, the last an ellipsis', () => {
    // Act / Assess
    expect(cut('x'.repeat(1_000_000))).toBe(`${'x'.repeat(99)}…`);
  });

  it('never leaves half of a character outside the basic plane', () => {
    // Prepare: the 99th and 100th UTF-16 units are one character.
    const text = `${'x'.repeat(98)}𠀀${'y'.repeat(10)}`;

    // Act / Assess
    expect(cut(text)).toBe(`${'x'.repeat(98)}…`);
  });
});

describe('problemsFromZodIssues: huge names and values', () => {
  const huge = '长'.repeat(1_000_000);
  const cutHuge = `${'长'.repeat(99)}…`;

  it('quotes an unknown key cut, in its path and its messages', () => {
    // Act
    const problems = problemsOf(z.strictObject({ a: z.number() }), { a: 1, [huge]: 1, [`x.${huge}`]: 2 });

    // Assess
    expect(problems).toEqual([
      { path: cutHuge, rule: 'unknown_field', message: `"${cutHuge}" is not a known field`, messageZh: `"${cutHuge}" 不是可识别的字段` },
      { path: `["x.${'长'.repeat(97)}…"]`, rule: 'unknown_field', message: `"x.${'长'.repeat(97)}…" is not a known field`, messageZh: expect.any(String) },
    ]);
  });

  it('quotes a value cut, and a record key that is not an id', () => {
    // Act / Assess
    expect(onlyProblem(field(z.number()), { f: huge })).toMatchObject({ message: `"${cutHuge}" is not a number` });
    expect(onlyProblem(field(z.enum(['a'])), { f: huge })).toMatchObject({ message: `"${cutHuge}" is not one of a` });
    expect(problemsOf(z.record(slug, z.number()), { [huge]: 1 })).toContainEqual(
      expect.objectContaining({ path: cutHuge, rule: 'slug', message: expect.stringMatching(new RegExp(`^"${cutHuge}" is not a valid id`)) }),
    );
  });
});

describe('problemsFromZodIssues: one rule per kind of failure', () => {
  it.each([
    ['a missing field', field(z.string()), {}, { rule: 'required', message: 'is required', messageZh: '必须填写' }],
    ['an empty text', field(z.string().min(1)), { f: '' }, { rule: 'required', message: 'must not be empty', messageZh: '不能为空' }],
    ['a missing choice', field(z.enum(['a', 'b'])), {}, { rule: 'required', message: 'is required' }],
    ['a fraction for a whole number', field(z.number().int()), { f: 2.5 }, { rule: 'integer', message: '2.5 is not a whole number', messageZh: '2.5 不是整数' }],
    ['text for a number', field(z.number()), { f: 'many' }, { rule: 'type', message: '"many" is not a number', messageZh: '"many" 不是数字' }],
    ['a list for text', field(z.string()), { f: [1] }, { rule: 'type', message: 'a list is not text', messageZh: '列表 不是文本' }],
    ['a too long text', field(z.string().max(3)), { f: 'abcd' }, { rule: 'too_long', message: 'is longer than 3 characters', messageZh: '超过 3 个字符' }],
    ['a too short text', field(z.string().min(3)), { f: 'ab' }, { rule: 'too_short', message: 'is shorter than 3 characters', messageZh: '少于 3 个字符' }],
    ['too many items', field(z.array(z.number()).max(1)), { f: [1, 2] }, { rule: 'too_many', message: 'has more than 1 items' }],
    ['too few items', field(z.array(z.number()).min(2)), { f: [1] }, { rule: 'too_few', message: 'needs at least 2 item(s)', messageZh: '至少需要 2 项' }],
    ['a too big number', field(z.number().max(200)), { f: 201 }, { rule: 'too_big', message: '201 is more than 200', messageZh: '201 大于 200' }],
    ['a number not below a bound', field(z.number().lt(1)), { f: 1 }, { rule: 'too_big', message: '1 must be less than 1' }],
    ['a too small number', field(z.number().min(1)), { f: 0 }, { rule: 'too_small', message: '0 is less than 1', messageZh: '0 小于 1' }],
    ['a number not above a bound', field(z.number().gt(0)), { f: 0 }, { rule: 'too_small', message: '0 must be greater than 0', messageZh: '0 必须大于 0' }],
    ['a date that does not exist', field(z.iso.date()), { f: '2022-13-01' }, { rule: 'date', message: '"2022-13-01" is not a date', messageZh: '"2022-13-01" 不是有效日期' }],
    ['text not shaped like a date', field(z.iso.date()), { f: '2022/12/31' }, { rule: 'date', message: '"2022/12/31" is not a date (use YYYY-MM-DD)' }],
    ['an id that is no slug', field(slug), { f: 'Hu Shan' }, { rule: 'slug', message: '"Hu Shan" is not a valid id: use lowercase letters, digits and hyphens' }],
    ['text not matching another pattern', field(z.string().regex(/^\d{4}$/)), { f: '24' }, { rule: 'pattern', message: '"24" does not match /^\\d{4}$/', messageZh: '"24" 格式不正确' }],
    ['a malformed email', field(z.email()), { f: 'nobody' }, { rule: 'format', message: '"nobody" is not a valid email', messageZh: '"nobody" 格式不正确（email）' }],
    ['a word not in the list', field(z.enum(['open', 'closed'])), { f: 'x' }, { rule: 'one_of', message: '"x" is not one of open, closed', messageZh: '"x" 不是以下之一：open、closed' }],
    ['a unit set neither named nor a list', field(UnitSet), { f: 'villages' }, { rule: 'unit_set', message: '"villages" is not a unit set: use towns, departments, all, a list of unit ids or { kind, tag }' }],
    ['a missing unit set', field(UnitSet), {}, { rule: 'required' }],
  ])('%s', (_, schema, input, expected) => {
    // Act / Assess
    expect(onlyProblem(schema, input)).toMatchObject({ path: 'f', ...expected });
  });

  it('names every unknown field under its own path', () => {
    // Act
    const problems = problemsOf(z.strictObject({ a: z.strictObject({}) }), { a: { x: 1 }, y: 2 });

    // Assess
    expect(problems).toEqual([
      { path: 'a.x', rule: 'unknown_field', message: '"x" is not a known field', messageZh: '"x" 不是可识别的字段' },
      { path: 'y', rule: 'unknown_field', message: '"y" is not a known field', messageZh: '"y" 不是可识别的字段' },
    ]);
  });

  it('reports a bad record key under the key, quoting the key', () => {
    // Act
    const problem = onlyProblem(z.record(slug, z.number()), { ok: 1, 周巷镇: 2 });

    // Assess
    expect(problem).toMatchObject({ path: '周巷镇', rule: 'slug', message: '"周巷镇" is not a valid id: use lowercase letters, digits and hyphens' });
  });

  it('names a bad discriminator as one of the allowed words', () => {
    // Act
    const problem = onlyProblem(z.strictObject({ allocation: Allocation }), { allocation: { method: 'random' } });

    // Assess
    expect(problem).toMatchObject({ path: 'allocation.method', rule: 'one_of', message: expect.stringMatching(/^"random" is not one of quota, even/) });
  });

  it('follows the alternative of a union whose problems lie deeper than the value', () => {
    // Prepare
    const schema = z.union([z.string(), z.strictObject({ n: z.number() })]);

    // Act / Assess
    expect(onlyProblem(schema, { n: 'x' })).toMatchObject({ path: 'n', rule: 'type' });
    expect(onlyProblem(field(schema), { f: 3 })).toMatchObject({ path: 'f', rule: 'type', message: '3 is not allowed here' });
  });

  it('falls back to the zod code for an issue without words of its own', () => {
    // Act / Assess
    expect(onlyProblem(field(z.number().multipleOf(5)), { f: 7 })).toMatchObject({ path: 'f', rule: 'not_multiple_of', messageZh: '不符合要求' });
  });
});

describe('problemsFromZodIssues: the whole value', () => {
  it('names a problem with an empty path by the root', () => {
    // Prepare
    const body = z.strictObject({ role: z.string() });

    // Act / Assess
    expect(onlyProblem(body, undefined, { root: 'body' })).toEqual({ path: 'body', rule: 'required', message: 'is required', messageZh: '必须填写' });
    expect(onlyProblem(body, 'text', { root: 'query' })).toMatchObject({ path: 'query', rule: 'type', message: '"text" is not an object' });
  });

  it('leaves the path empty without a root, and never prefixes field paths with it', () => {
    // Prepare
    const body = z.strictObject({ role: z.string() });

    // Act / Assess
    expect(onlyProblem(body, 3)).toMatchObject({ path: '', rule: 'type' });
    expect(onlyProblem(body, { role: 1 }, { root: 'body' })).toMatchObject({ path: 'role', rule: 'type' });
    expect(onlyProblem(body, { role: 'a', x: 1 }, { root: 'body' })).toMatchObject({ path: 'x', rule: 'unknown_field' });
  });

  it('quotes the value as given when a pipe checks what a transform made of it', () => {
    // Prepare
    const limit = z.string().transform(Number).pipe(z.number().int().min(1).max(200));

    // Act / Assess
    expect(onlyProblem(field(limit), { f: '0' })).toMatchObject({ path: 'f', rule: 'too_small', message: '"0" is less than 1' });
  });

  it('neither quotes values nor calls them missing when the input is not at hand', () => {
    // Prepare
    const schema = z.strictObject({ n: z.number(), s: z.string() });
    const error = schema.safeParse({ s: 1 }).error!; // n is missing, s has the wrong type

    // Act
    const problems = problemsFromZodIssues(error.issues, unknownInput, { root: 'body' });

    // Assess
    expect(problems).toEqual([
      { path: 'n', rule: 'type', message: 'the value is not a number', messageZh: '该值 不是数字' },
      { path: 's', rule: 'type', message: 'the value is not text', messageZh: '该值 不是文本' },
    ]);
  });
});

describe('problemsFromZodIssues: refinements', () => {
  it('takes the rule and the Chinese message of a refinement from its params', () => {
    // Prepare
    const range = z
      .strictObject({ from: z.number(), to: z.number() })
      .refine((r) => r.from <= r.to, { message: 'from must not be after to', params: { rule: 'range', messageZh: 'from 不能晚于 to' }, path: ['from'] });

    // Act / Assess
    expect(onlyProblem(range, { from: 2, to: 1 }, { root: 'query' })).toEqual({
      path: 'from',
      rule: 'range',
      message: 'from must not be after to',
      messageZh: 'from 不能晚于 to',
    });
  });

  it('names a refinement of the whole value by the root', () => {
    // Prepare
    const schema = z.strictObject({ a: z.number().optional(), b: z.number().optional() }).superRefine((value, ctx) => {
      if (value.a === undefined && value.b === undefined)
        ctx.addIssue({ code: 'custom', message: 'give a or b', params: { rule: 'a_or_b', messageZh: '须填写 a 或 b' } });
    });

    // Act / Assess
    expect(onlyProblem(schema, {}, { root: 'body' })).toEqual({ path: 'body', rule: 'a_or_b', message: 'give a or b', messageZh: '须填写 a 或 b' });
  });

  it('starts the messages with the field\'s name when the refinement asks for it (namesField)', () => {
    // Prepare
    const named = { message: 'hides a character', params: { rule: 'hidden', messageZh: '含有隐藏字符', namesField: true } };
    const schema = z.strictObject({ notes: z.array(z.string().refine((text) => !text.includes('~'), named)) }).refine((body) => body.notes.length < 2, named);

    // Act / Assess
    expect(onlyProblem(schema, { notes: ['a~'] }, { root: 'body' })).toEqual({ path: 'notes[0]', rule: 'hidden', message: 'notes hides a character', messageZh: 'notes 含有隐藏字符' });
    expect(onlyProblem(schema, { notes: ['a', 'b'] }, { root: 'body' })).toEqual({ path: 'body', rule: 'hidden', message: 'body hides a character', messageZh: 'body 含有隐藏字符' });
    expect(onlyProblem(schema, { notes: ['a', 'b'] })).toEqual({ path: '', rule: 'hidden', message: 'hides a character', messageZh: '含有隐藏字符' });
  });

  it('calls a refinement without a rule of its own custom', () => {
    // Prepare
    const even = field(z.number().refine((n) => n % 2 === 0, { message: 'must be even' }));

    // Act / Assess
    expect(onlyProblem(even, { f: 3 })).toEqual({ path: 'f', rule: 'custom', message: 'must be even', messageZh: '不符合要求' });
  });
});
