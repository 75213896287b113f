import * as z from 'zod';
import { Plan } from '../domain/plan.js';

/**
 * docs/plan.schema.json as text: what a plan file may contain (defaults optional), for editors that
 * complete and check YAML and JSON. The cross-field rules (units that exist, quotas that sum) are not
 * expressible here; validatePlan checks them.
 */
export function planJsonSchemaText(): string {
  const schema = z.toJSONSchema(Plan, { io: 'input' });
  const titled = {
    ...schema,
    title: 'Annual plan / 年度工作计划',
    description: 'Goals of an ecology and environment bureau and how each becomes tasks of towns, streets, districts, counties, cities, zones and departments. See docs/plan-format.md.',
  };
  return `${JSON.stringify(titled, null, 2)}\n`;
}
