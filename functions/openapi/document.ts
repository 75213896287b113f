/** The OpenAPI 3.1 document of the HTTP API, generated from the routes' zod schemas (being written). */
export function openApiDocument(): Record<string, unknown> {
  return { openapi: '3.1.0', info: { title: 'Goal breakdown API', version: '1' }, paths: {} };
}
