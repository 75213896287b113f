import { readdirSync, readFileSync } from 'node:fs';
import { webApiTypesText } from '../../../functions/openapi/web-types.js';
import { compileErrors, validate } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { documentedRoutes, openApiDocument, openApiDocumentText } from '../../../functions/openapi/document.js';
import { Tracking } from '../../../shared/domain/plan.js';
import { resourcesOfType } from '../../infra/template-support.js';
import { templates } from '../../support/templates.js';

type Operation = {
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { required?: boolean; content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
};
type Paths = Record<string, Record<string, Operation>>;

const document = openApiDocument();
const paths = document.paths as Paths;
const operations = Object.entries(paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ routeKey: `${method.toUpperCase()} ${path}`, method, path, operation })),
);
const templateRoutes = () =>
  resourcesOfType(templates().stateless, 'AWS::ApiGatewayV2::Route').map(([, route]) => String(route.Properties!.RouteKey));
const errorRef = { $ref: '#/components/schemas/Error' };

describe('the OpenAPI document', () => {
  it('names every schema once: two schemas with one id would silently become one (the plan list’s item typed the plan summary)', () => {
    // Prepare
    const dir = new URL('../../../functions/openapi/', import.meta.url);
    const ids = readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(new URL(file, dir), 'utf8').matchAll(/\.meta\(\{ id: '([A-Za-z]+)'/g)].map((match) => match[1]!));

    // Assess
    expect(ids.length).toBeGreaterThan(20);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('is the committed docs/openapi.json the function serves (run `npm run openapi` after changing a route)', () => {
    // Prepare
    const committed = readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8');

    // Assess
    expect(committed).toBe(openApiDocumentText());
  });

  it("types the web workspace's client: web/src/api/schema.d.ts is generated from it (run `npm run openapi`)", async () => {
    // Prepare
    const committed = readFileSync(new URL('../../../web/src/api/schema.d.ts', import.meta.url), 'utf8');

    // Assess
    expect(committed).toBe(await webApiTypesText());
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    // Act
    const result = await validate(structuredClone(document) as never);

    // Assess
    expect(document.openapi).toBe('3.1.0');
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('describes exactly the routes of the synthesized HTTP API', () => {
    // Assess
    expect(operations.map((op) => op.routeKey).sort()).toEqual(templateRoutes().sort());
    expect([...documentedRoutes].sort()).toEqual(templateRoutes().sort());
  });

  const isPublic = (routeKey: string) => routeKey === 'GET /openapi.json' || routeKey.startsWith('GET /public/');

  it('asks for a bearer token on every route but /openapi.json and /public/*', () => {
    // Assess
    expect(document.security).toEqual([{ bearer: [] }]);
    expect((document.components as { securitySchemes: unknown }).securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    for (const { routeKey, operation } of operations) {
      if (isPublic(routeKey)) expect(operation.security, routeKey).toEqual([]);
      else expect(operation.security, routeKey).toBeUndefined();
    }
  });

  it('names every path parameter of every route, required', () => {
    for (const { routeKey, path, operation } of operations) {
      // Prepare
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);

      // Act
      const described = (operation.parameters ?? []).filter((p) => p.in === 'path');

      // Assess
      expect(described.map((p) => p.name).sort(), routeKey).toEqual(inPath.sort());
      for (const parameter of described) expect(parameter.required, `${routeKey} ${parameter.name}`).toBe(true);
    }
  });

  it('offers Idempotency-Key on every POST and If-Match on every task change', () => {
    // Prepare
    const taskChanges = ['updates', 'closeout', 'review', 'close', 'reopen', 'extensions'].map((what) => `POST /tasks/{taskId}/${what}`);

    for (const { routeKey, method, operation } of operations) {
      // Act
      const headers = (operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);

      // Assess
      expect(headers.includes('Idempotency-Key'), routeKey).toBe(method === 'post');
      expect(headers.includes('If-Match'), routeKey).toBe(taskChanges.includes(routeKey));
      if (taskChanges.includes(routeKey)) expect(Object.keys(operation.responses), routeKey).toContain('428');
    }
  });

  it('describes the query parameters of the list routes, limit and cursor included', () => {
    // Act
    const query = (routeKey: string) =>
      operations
        .find((op) => op.routeKey === routeKey)!
        .operation.parameters!.filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort();

    // Assess
    expect(query('GET /plans/{planId}/tasks')).toEqual(['cursor', 'dueAfter', 'dueBefore', 'goal', 'limit', 'status', 'unit']);
    expect(query('GET /me/tasks')).toEqual(['cursor', 'dueAfter', 'dueBefore', 'light', 'limit', 'status', 'year']);
    expect(query('GET /me/notifications')).toEqual(['cursor', 'limit', 'unread']);
  });

  it('answers errors with the error body, and every guarded route its 400, 401 and 403', () => {
    for (const { routeKey, operation } of operations) {
      if (isPublic(routeKey)) continue;
      const statuses = Object.keys(operation.responses);

      // Assess
      expect(statuses, routeKey).toEqual(expect.arrayContaining(['400', '401', '403']));
      for (const [status, answer] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        const schema = answer.content?.['application/json']?.schema as { $ref?: string; anyOf?: unknown[] };
        expect(schema.$ref === errorRef.$ref || schema.anyOf?.some((s) => JSON.stringify(s) === JSON.stringify(errorRef)), `${routeKey} ${status}`).toBe(true);
      }
    }
  });

  it('takes the plan as JSON or YAML, described by the plan JSON Schema', () => {
    // Act
    const body = paths['/plans']!.post!.requestBody!;
    const plan = (document.components as { schemas: Record<string, { properties: Record<string, unknown> }> }).schemas.Plan!;

    // Assess
    expect(body.required).toBe(true);
    expect(Object.keys(body.content)).toEqual(expect.arrayContaining(['application/json', 'application/yaml']));
    expect(Object.keys(plan.properties)).toEqual(expect.arrayContaining(['id', 'year', 'units', 'goals', 'tracking']));
  });

  it("allows every review level the domain allows, wherever a plan's tracking is taken or answered (a client refused 2)", () => {
    // Prepare
    const allowed = [...Tracking.shape.reviewLevels.unwrap().values];

    // Act
    const described = Object.entries((document.components as { schemas: Record<string, unknown> }).schemas).flatMap(([id, schema]) =>
      propertiesNamed('reviewLevels', schema).map((property) => ({ id, enum: (property as { enum?: unknown[] }).enum })),
    );

    // Assess
    expect(described.map(({ id }) => id).sort()).toEqual(['Plan', 'PlanSummary', 'StoredPlan']);
    for (const { id, enum: values } of described) expect(values, id).toEqual(allowed);
  });
});

/** The schemas of every property called `name`, at any depth. */
function propertiesNamed(name: string, schema: unknown): unknown[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const own = (schema as { properties?: Record<string, unknown> }).properties?.[name];
  return [...(own === undefined ? [] : [own]), ...Object.values(schema).flatMap((child) => propertiesNamed(name, child))];
}
