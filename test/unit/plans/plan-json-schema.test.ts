import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planJsonSchemaText } from '../../../shared/plans/plan-json-schema.js';

describe('docs/plan.schema.json', () => {
  it('is what the plan schema generates (run `npm run plan-schema` after changing it)', () => {
    // Prepare
    const committed = readFileSync(new URL('../../../docs/plan.schema.json', import.meta.url), 'utf8');

    // Act
    const generated = planJsonSchemaText();

    // Assess
    expect(committed).toBe(generated);
  });
});
