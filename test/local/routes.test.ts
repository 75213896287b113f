import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createFunctionRegistry, functionsOf, type LocalFunction } from '../../infra/local/functions.js';
import { resolveTemplates } from '../../infra/local/intrinsics.js';
import { matchRoute, routesOf, stageThrottleOf, type LocalRoute } from '../../infra/local/routes.js';
import { templates } from '../support/templates.js';

/** `| \`GET /plans\` | plans | … |` rows of the HTTP API table, and the entry of each function. */
function documentedRoutes(): Record<string, string> {
  const text = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
  const entries = Object.fromEntries([...text.matchAll(/^\| ([\w-]+) \| `([^`]+\.ts)`/gm)].map((m) => [m[1]!, m[2]!]));
  return Object.fromEntries(
    [...text.matchAll(/^\| `((?:GET|POST|PUT|PATCH|DELETE) \/[^`]*)` \| ([\w-]+) \|/gm)].map((m) => [m[1]!, entries[m[2]!]!]),
  );
}

describe('routes from the synthesized template', () => {
  it('are the routes of docs/architecture.md, each served by the documented function behind the authorizer (but the public API description and /public/*)', () => {
    // Prepare
    const resolvers = resolveTemplates(templates(), { tableName: 't', stackNames: { stateful: 'a', stateless: 'b' } });
    const registry = createFunctionRegistry(functionsOf(templates().stateless, resolvers.stateless));

    // Act
    const routes = routesOf(templates().stateless, resolvers.stateless, registry);

    // Assess
    expect(Object.fromEntries(routes.map((route) => [route.routeKey, route.fn.entry]))).toEqual(documentedRoutes());
    const isOpen = (routeKey: string) => routeKey === 'GET /openapi.json' || routeKey.startsWith('GET /public/');
    for (const route of routes.filter((r) => isOpen(r.routeKey))) expect(route.authorizer, route.routeKey).toBeUndefined();
    for (const route of routes.filter((r) => !isOpen(r.routeKey))) {
      expect(route.authorizer?.fn.entry).toBe('functions/authorizer/handler.ts');
      expect(route.authorizer?.identitySource).toEqual(['$request.header.Authorization']);
    }
  });
});

describe('the stage throttle from the synthesized template', () => {
  it("is the $default stage's DefaultRouteSettings", () => {
    // Prepare
    const resolvers = resolveTemplates(templates(), { tableName: 't', stackNames: { stateful: 'a', stateless: 'b' } });

    // Act
    const limits = stageThrottleOf(templates().stateless, resolvers.stateless);

    // Assess
    expect(limits).toEqual({ rateLimit: 50, burstLimit: 100 });
  });
});

describe('route matching', () => {
  const fn = { logicalId: 'Fn' } as LocalFunction;
  const route = (routeKey: string): LocalRoute => {
    const [method, path] = routeKey === '$default' ? ['ANY', ''] : routeKey.split(' ');
    return { routeKey, method: method!, segments: path!.split('/').filter(Boolean), fn };
  };
  const routes = [
    '$default',
    'GET /plans',
    'GET /plans/{planId}',
    'GET /plans/current',
    'ANY /plans/{planId}/units',
    'GET /plans/{planId}/units',
    'GET /files/{proxy+}',
    'GET /files/{folder}/readme',
  ].map(route);

  it.each([
    ['GET', '/plans', 'GET /plans', {}],
    ['GET', '/plans/cixi%202022', 'GET /plans/{planId}', { planId: 'cixi 2022' }],
    ['GET', '/plans/current', 'GET /plans/current', {}],
    ['GET', '/plans/p1/units', 'GET /plans/{planId}/units', { planId: 'p1' }],
    ['POST', '/plans/p1/units', 'ANY /plans/{planId}/units', { planId: 'p1' }],
    ['GET', '/files/a/b/c.txt', 'GET /files/{proxy+}', { proxy: 'a/b/c.txt' }],
    ['GET', '/files/a/readme', 'GET /files/{folder}/readme', { folder: 'a' }],
    ['DELETE', '/plans', '$default', {}],
  ])('%s %s → %s', (method, path, routeKey, pathParameters) => {
    // Act
    const match = matchRoute(routes, method, path);

    // Assess
    expect(match?.route.routeKey).toBe(routeKey);
    expect(match?.pathParameters).toEqual(pathParameters);
  });

  it('matches nothing without a default route', () => {
    // Act
    const match = matchRoute(routes.slice(1), 'GET', '/elsewhere');

    // Assess
    expect(match).toBeUndefined();
  });
});
