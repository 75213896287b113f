import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { InvalidInput } from '../../../shared/domain/errors.js';
import { limitParam, yearParam } from '../../../shared/http/params.js';
import { validate } from '../../../shared/http/validation.js';

function problemsOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInput) return error.problems;
    throw error;
  }
  throw new Error('expected InvalidInput');
}

const query = z.strictObject({ limit: limitParam, year: yearParam.optional(), due: z.iso.date().optional(), status: z.enum(['open', 'closed']).optional() });

describe('validate', () => {
  it('applies defaults and parses numbers of a query', () => {
    // Act / Assess
    expect(validate(query, {}, 'query')).toEqual({ limit: 50 });
    expect(validate(query, { limit: '200', year: '2024' }, 'query')).toEqual({ limit: 200, year: 2024 });
  });

  it('names every wrong field with a rule and both languages', () => {
    // Act
    const problems = problemsOf(() => validate(query, { limit: '0', due: '2022-13-01', status: 'x', foo: '1', bar: '2' }, 'query'));

    // Assess
    expect(problems.map(({ path, rule }) => ({ path, rule }))).toEqual(
      expect.arrayContaining([
        { path: 'limit', rule: 'too_small' },
        { path: 'due', rule: 'date' },
        { path: 'status', rule: 'one_of' },
        { path: 'foo', rule: 'unknown_field' },
        { path: 'bar', rule: 'unknown_field' },
      ]),
    );
    expect(problems).toHaveLength(5);
    for (const problem of problems) {
      expect(problem.message).not.toBe('');
      expect(problem.messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it.each([
    ['201', 'too_big'],
    ['abc', 'pattern'],
    ['-1', 'pattern'],
    ['1.5', 'pattern'],
    ['', 'pattern'],
  ])('rejects limit=%j as %s', (limit, rule) => {
    // Act / Assess
    expect(problemsOf(() => validate(query, { limit }, 'query'))).toEqual([expect.objectContaining({ path: 'limit', rule })]);
  });

  it('tells a missing field from a wrong type, and names a missing body by its location', () => {
    // Prepare
    const body = z.strictObject({ role: z.string(), count: z.number() });

    // Act
    const fields = problemsOf(() => validate(body, { count: 'x' }, 'body'));
    const whole = problemsOf(() => validate(body, undefined, 'body'));

    // Assess
    expect(fields.map(({ path, rule }) => ({ path, rule }))).toEqual([
      { path: 'role', rule: 'required' },
      { path: 'count', rule: 'type' },
    ]);
    expect(whole).toEqual([expect.objectContaining({ path: 'body', rule: 'required' })]);
  });

  it('formats nested paths like the plan problems', () => {
    // Prepare
    const body = z.strictObject({ goals: z.array(z.strictObject({ milestones: z.array(z.strictObject({ date: z.iso.date() })) })) });
    const goals = [{ milestones: [] }, { milestones: [{ date: '2024-01-01' }, { date: '2024-13-01' }] }];

    // Act
    const problems = problemsOf(() => validate(body, { goals }, 'body'));

    // Assess
    expect(problems).toEqual([
      { path: 'goals[1].milestones[1].date', rule: 'date', message: '"2024-13-01" is not a date', messageZh: '"2024-13-01" 不是有效日期' },
    ]);
  });
});
