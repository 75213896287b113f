import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatProblem } from '../../../shared/domain/plan-rules.js';
import { parsePlanText } from '../../../shared/plans/parse-plan-text.js';
import { smallPlan } from '../domain/plan-fixture.js';

/** 1-based line and column of the first line holding `text`, where `key` starts on it. */
function placeOf(yaml: string, text: string, key: string): { line: number; column: number } {
  const lines = yaml.split('\n');
  const index = lines.findIndex((l) => l.includes(text));
  return { line: index + 1, column: lines[index]!.indexOf(key) + 1 };
}

describe('plan problems a clerk can find', () => {
  it('names the goal by its id and places a misspelt field at its line, suggesting the known one', () => {
    // Prepare
    const plan = smallPlan() as unknown as { goals: Record<string, unknown>[] };
    const goal = plan.goals.find((g) => 'unitOfMeasure' in g)!;
    const index = plan.goals.indexOf(goal);
    goal.unitOfMesure = goal.unitOfMeasure;
    delete goal.unitOfMeasure;
    const yaml = stringify(plan);

    // Act
    const result = parsePlanText(yaml, 'yaml');

    // Assess
    const problems = result.ok ? [] : result.problems;
    const misspelt = problems.find((p) => p.rule === 'unknown_field');
    expect(misspelt).toEqual({
      path: `goals[${index}].unitOfMesure`,
      rule: 'unknown_field',
      message: '"unitOfMesure" is not a known field; did you mean "unitOfMeasure"?',
      messageZh: '"unitOfMesure" 不是可识别的字段，是否应为 unitOfMeasure？',
      suggestion: 'unitOfMeasure',
      itemId: goal.id,
      ...placeOf(yaml, 'unitOfMesure', 'unitOfMesure'),
    });
    expect(formatProblem(misspelt!)).toMatch(new RegExp(`^goals\\[${index}\\] \\(${goal.id}\\)\\.unitOfMesure \\(line \\d+, column \\d+ / 第 \\d+ 行\\): `));
  });

  it('places a missing field at the goal that lacks it, and a unit problem at the unit', () => {
    // Prepare
    const plan = smallPlan() as unknown as { goals: Record<string, unknown>[]; units: Record<string, unknown>[] };
    delete plan.goals[1]!.title;
    plan.units[2]!.name = '';
    const yaml = stringify(plan);

    // Act
    const result = parsePlanText(yaml, 'yaml');

    // Assess
    const problems = result.ok ? [] : result.problems;
    const goalId = plan.goals[1]!.id as string;
    const unitId = plan.units[2]!.id as string;
    expect(problems.find((p) => p.path === 'goals[1].title')).toMatchObject({
      rule: 'required',
      itemId: goalId,
      ...placeOf(yaml, `id: ${goalId}`, 'id'),
    });
    expect(problems.find((p) => p.path === 'units[2].name')).toMatchObject({ itemId: unitId, ...placeOf(yaml, 'name: ""', 'name') });
  });

  it('names ids in JSON too, without lines', () => {
    // Prepare
    const plan = smallPlan();
    plan.goals[0]!.deadline = '2022-02-30';

    // Act
    const result = parsePlanText(JSON.stringify(plan), 'json');

    // Assess
    expect(result.ok ? [] : result.problems).toEqual([expect.objectContaining({ path: 'goals[0].deadline', itemId: plan.goals[0]!.id })]);
    expect(result.ok ? [] : result.problems[0]).not.toHaveProperty('line');
  });

  it('suggests nothing for a field far from every known one, and a top-level slip at the top', () => {
    // Prepare
    const yaml = stringify({ ...smallPlan(), colour: 'red', yaer: 2022 });

    // Act
    const result = parsePlanText(yaml, 'yaml');

    // Assess
    const problems = result.ok ? [] : result.problems;
    expect(problems.find((p) => p.path === 'colour')).not.toHaveProperty('suggestion');
    expect(problems.find((p) => p.path === 'yaer')).toMatchObject({ suggestion: 'year', line: placeOf(yaml, 'yaer:', 'yaer').line, column: 1 });
  });
});
