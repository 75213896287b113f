import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { openApiDocument } from './document.js';

/**
 * The web workspace's API types (web/src/api/schema.d.ts), generated from the same document the API
 * serves: a route or schema the pages use that changes makes their type check fail.
 */
export async function webApiTypesText(): Promise<string> {
  const ast = await openapiTS(openApiDocument() as unknown as Parameters<typeof openapiTS>[0]);
  return COMMENT_HEADER + astToString(ast);
}
