import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { planJsonSchemaText } from './plan-json-schema.js';

// `npm run plan-schema` after a change to shared/domain/plan.ts; a test fails while the file is stale.
const target = fileURLToPath(new URL('../../docs/plan.schema.json', import.meta.url));
writeFileSync(target, planJsonSchemaText());
console.log(`wrote ${target}`);
