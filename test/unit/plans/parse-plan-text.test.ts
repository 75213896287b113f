import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { Plan } from '../../../shared/domain/plan.js';
import { parsePlanText } from '../../../shared/plans/parse-plan-text.js';
import { smallPlan } from '../domain/plan-fixture.js';

describe('parsePlanText', () => {
  it('reads a plan from YAML', () => {
    // Prepare
    const text = stringify(smallPlan());

    // Act
    const result = parsePlanText(text, 'yaml');

    // Assess
    expect(result).toEqual({ ok: true, value: Plan.parse(smallPlan()) });
  });

  it('reads a plan from JSON, byte-order mark and all', () => {
    // Prepare
    const text = `\uFEFF${JSON.stringify(smallPlan(), null, 2)}`;

    // Act
    const result = parsePlanText(text, 'json');

    // Assess
    expect(result).toEqual({ ok: true, value: Plan.parse(smallPlan()) });
  });

  it('keeps YAML dates as the text written, for the schema to check', () => {
    // Prepare
    const text = stringify(smallPlan()).replace('deadline: 2022-09-30', 'deadline: 2022-13-01');

    // Act
    const result = parsePlanText(text, 'yaml');

    // Assess
    const line = text.split('\n').findIndex((l) => l.includes('2022-13-01')) + 1;
    const column = text.split('\n')[line - 1]!.indexOf('deadline') + 1;
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: 'goals[4].deadline',
          rule: 'date',
          message: '"2022-13-01" is not a date',
          messageZh: '"2022-13-01" 不是有效日期',
          itemId: smallPlan().goals[4]!.id,
          line,
          column,
        },
      ],
    });
  });

  it('locates a YAML syntax error by line and column', () => {
    // Prepare
    const text = 'id: cixi-2022\nunits: [hushan,\nyear: 2022\n';

    // Act
    const result = parsePlanText(text, 'yaml');

    // Assess
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toContainEqual(
      expect.objectContaining({ path: 'line 3, column 1', rule: 'syntax', messageZh: expect.stringContaining('第 3 行第 1 列') }),
    );
  });

  it('reports a key written twice in YAML', () => {
    // Prepare
    const text = 'id: cixi-2022\nid: cixi-2023\n';

    // Act
    const result = parsePlanText(text, 'yaml');

    // Assess
    expect(result).toEqual({
      ok: false,
      problems: [expect.objectContaining({ path: 'line 2, column 1', rule: 'syntax', message: 'YAML syntax error: Map keys must be unique' })],
    });
  });

  it('locates a JSON syntax error by line and column', () => {
    // Prepare
    const text = '{\n  "id": "cixi-2022",\n}';

    // Act
    const result = parsePlanText(text, 'json');

    // Assess
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: 'line 3, column 1',
          line: 3,
          column: 1,
          rule: 'syntax',
          message: 'JSON syntax error: Expected double-quoted property name',
          messageZh: 'JSON 格式错误（第 3 行第 1 列）：Expected double-quoted property name',
        },
      ],
    });
  });

  it('reports an empty file as something that is not a plan', () => {
    // Act
    const result = parsePlanText('', 'yaml');

    // Assess
    expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ path: '', rule: 'type' })] });
  });
});
