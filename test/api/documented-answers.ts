import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { documentedRoutes, openApiDocument } from '../../functions/openapi/document.js';

/*
 * Every 2xx JSON answer the API tests receive is checked against the OpenAPI document, as a client generated
 * from it would read the answer: a field the document does not allow, or a value outside its schema, fails the
 * test that received it.
 */

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema(openApiDocument(), 'openapi');

const routes = documentedRoutes.map((routeKey) => {
  const [method, path] = routeKey.split(' ') as [string, string];
  const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
  return { method, path, pattern };
});

const pointer = (...parts: string[]) => parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/** The problems of a 2xx answer against its documented schema; [] when it conforms or is not a documented JSON answer. */
export function undocumentedIn(method: string, address: string, status: number, body: unknown): string[] {
  if (status < 200 || status >= 300 || body === null) return [];
  const path = new URL(address, 'http://api').pathname;
  // A literal path (`/me/tasks`) wins over a template that also matches it (`/{x}/tasks`).
  const candidates = routes.filter((route) => route.method === method && route.pattern.test(path));
  const route = candidates.find((candidate) => candidate.path === path) ?? candidates[0];
  if (!route) return [`${method} ${path} is not in the OpenAPI document`];
  const ref = `openapi#/${pointer('paths', route.path, method.toLowerCase(), 'responses', String(status), 'content', 'application/json', 'schema')}`;
  if (!ajv.getSchema(ref)) return [`${method} ${route.path} documents no JSON answer with status ${status}`];
  const validate = ajv.getSchema(ref)!;
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${method} ${route.path} ${status}: ${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}
