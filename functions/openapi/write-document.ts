import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocumentText } from './document.js';

// `npm run openapi` after a change to a route or a schema; a test fails while the file is stale.
const target = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));
writeFileSync(target, openApiDocumentText());
console.log(`wrote ${target}`);
