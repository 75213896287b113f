import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../shared/domain/plan-rules.js';
import type { Plan } from '../../../shared/domain/plan.js';
import { parsePlanText } from '../../../shared/plans/parse-plan-text.js';
import { readPlanWorkbook } from '../../../shared/plans/read-plan-workbook.js';
import { writePlanWorkbook } from '../../../shared/plans/write-plan-workbook.js';
import { planYaml } from '../../../shared/plans/write-plan-yaml.js';

const samplesDir = new URL('../../../samples/', import.meta.url);
// Every plan file of samples/ (assessment-what-if.yaml holds assessment rules for `assess run --rules`, not a plan).
const samples = readdirSync(samplesDir).filter((name) => /\.(yaml|xlsx)$/.test(name) && name !== 'assessment-what-if.yaml');

async function readSample(name: string): Promise<Plan> {
  const data = readFileSync(new URL(name, samplesDir));
  const result = name.endsWith('.xlsx') ? await readPlanWorkbook(data) : parsePlanText(data.toString('utf8'), 'yaml');
  if (!result.ok) throw new Error(`${name}:\n${result.problems.map(formatProblem).join('\n')}`);
  return result.value;
}

describe('a plan written back reads as the same plan (plan export)', () => {
  it('covers the samples', () => {
    // Assess
    expect(samples).toEqual(expect.arrayContaining(['cixi-2022.yaml', 'lucheng-2024.yaml', 'cixi-2022.xlsx']));
  });

  it.each(samples)('%s → YAML → the same plan', async (name) => {
    // Prepare
    const plan = await readSample(name);

    // Act
    const text = planYaml(plan, { schemaPath: '../docs/plan.schema.json', revision: 3 });
    const back = parsePlanText(text, 'yaml');

    // Assess
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../docs/plan.schema.json');
    expect(back).toEqual({ ok: true, value: plan });
  });

  it.each(samples)('%s → xlsx → the same plan', async (name) => {
    // Prepare
    const plan = await readSample(name);

    // Act
    const back = await readPlanWorkbook(await writePlanWorkbook(plan));

    // Assess
    expect(back.ok ? back.value : back.problems.map(formatProblem)).toEqual(plan);
  });
});
