import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Plan } from '../../../shared/domain/plan.js';
import type { Plan as PlanType } from '../../../shared/domain/plan.js';
import { formatProblem } from '../../../shared/domain/plan-rules.js';
import { parsePlanText } from '../../../shared/plans/parse-plan-text.js';
import { readPlanWorkbook } from '../../../shared/plans/read-plan-workbook.js';
import { templatePlan } from '../../../shared/plans/template-plan.js';

const sample = (name: string) => new URL(`../../../samples/${name}`, import.meta.url);

function readYamlSample(name: string): PlanType {
  const result = parsePlanText(readFileSync(sample(name), 'utf8'), 'yaml');
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.value;
}

describe('samples', () => {
  it.each(['cixi-2022.yaml', 'lucheng-2024.yaml'])('%s validates without a problem', (name) => {
    // Act
    const result = parsePlanText(readFileSync(sample(name), 'utf8'), 'yaml');

    // Assess
    expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
  });

  it('cixi-2022 uses every allocation method and co-units', () => {
    // Act
    const plan = readYamlSample('cixi-2022.yaml');

    // Assess
    expect(new Set(plan.goals.map((g) => g.allocation.method))).toEqual(new Set(['quota', 'even', 'proportional', 'each', 'lead']));
    expect(new Set(plan.goals.map((g) => g.kind))).toEqual(new Set(['quantity', 'indicator', 'action']));
    expect(plan.goals.some((g) => (g.coUnits ?? []).length > 0)).toBe(true);
    expect(plan.units.filter((u) => u.kind !== 'department')).toHaveLength(19);
  });

  it('cixi-2022.xlsx reads back to exactly cixi-2022.yaml', async () => {
    // Prepare
    const yaml = readYamlSample('cixi-2022.yaml');

    // Act
    const result = await readPlanWorkbook(readFileSync(sample('cixi-2022.xlsx')));

    // Assess
    expect(result).toEqual({ ok: true, value: yaml });
  });

  it('plan-template.xlsx reads its example row without a problem', async () => {
    // Act
    const result = await readPlanWorkbook(readFileSync(sample('plan-template.xlsx')));

    // Assess
    expect(result).toEqual({ ok: true, value: Plan.parse(templatePlan) });
  });
});
