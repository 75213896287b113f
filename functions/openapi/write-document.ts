import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiDocumentText } from './document.js';
import { webApiTypesText } from './web-types.js';

// `npm run openapi` after a change to a route or a schema; a test fails while either file is stale.
const documentFile = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));
writeFileSync(documentFile, openApiDocumentText());
console.log(`wrote ${documentFile}`);
const typesFile = fileURLToPath(new URL('../../web/src/api/schema.d.ts', import.meta.url));
writeFileSync(typesFile, await webApiTypesText());
console.log(`wrote ${typesFile}`);
