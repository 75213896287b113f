import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { useTestTable } from '../../support/test-table.js';
import { admin, bodyOf, context, httpEvent, reviewer, unit, viewer, type EventOptions } from './http-events.js';
import { planInput } from './fixtures.js';

await useTestTable();
const { handler } = await import('../../../functions/plans/handler.js');

const call = (routeKey: string, options: EventOptions) => handler(httpEvent(routeKey, options), context);
const importPlan = (body: string, contentType = 'application/json', principal = admin) =>
  call('POST /plans', { principal, body, contentType });

describe('POST /plans', () => {
  it('imports a JSON plan as revision 1, and a second identical import changes nothing', async () => {
    // Act
    const first = await importPlan(JSON.stringify(planInput));
    const again = await importPlan(JSON.stringify(planInput));

    // Assess
    expect(first.statusCode).toBe(201);
    expect(first.headers?.location).toBe('/plans/cixi-2024');
    expect(bodyOf(first)).toEqual({ planId: 'cixi-2024', revision: 1, changed: true, goals: 2, units: 4 });
    expect(again.statusCode).toBe(200);
    expect(bodyOf(again)).toMatchObject({ revision: 1, changed: false });
  });

  it('imports a YAML plan, and a changed plan as a new revision', async () => {
    // Prepare
    const yamlPlan = { ...planInput, id: 'cixi-2024-yaml' };
    const changed = { ...yamlPlan, name: '慈溪市 2024 年生态环境工作要点（修订）' };

    // Act
    const first = await importPlan(stringify(yamlPlan), 'application/yaml; charset=utf-8');
    const second = await importPlan(stringify(changed), 'application/yaml');

    // Assess
    expect(bodyOf(first)).toMatchObject({ planId: 'cixi-2024-yaml', revision: 1 });
    expect(bodyOf(second)).toMatchObject({ planId: 'cixi-2024-yaml', revision: 2, changed: true });
  });

  it('answers 400 with every problem of an invalid plan at once', async () => {
    // Prepare
    const broken = {
      ...planInput,
      id: 'broken-2024',
      units: [...planInput.units.slice(0, 1), { ...planInput.units[1]!, kind: 'village' }, ...planInput.units.slice(2)],
      goals: [{ ...planInput.goals[0]!, deadline: '2024-02-30' }, planInput.goals[1]!],
      owner: 'someone',
    };

    // Act
    const response = await importPlan(JSON.stringify(broken));

    // Assess
    expect(response.statusCode).toBe(400);
    const body = bodyOf(response);
    expect(body).toMatchObject({ error: 'invalid_input', message: 'The plan is invalid / 计划内容不符合要求' });
    expect(body.fields.map((f: { path: string; rule: string }) => `${f.path}:${f.rule}`).sort()).toEqual([
      'goals[0].deadline:date',
      'owner:unknown_field',
      'units[1].kind:one_of',
    ]);
    const described = { path: expect.any(String), rule: expect.any(String), message: expect.any(String), messageZh: expect.any(String) };
    // A goal's or a unit's problem names it by its id; a top-level field has none to name.
    const byPath = Object.fromEntries(body.fields.map((field: { path: string }) => [field.path, field]));
    expect(byPath).toEqual({
      'goals[0].deadline': { ...described, itemId: planInput.goals[0]!.id },
      'units[1].kind': { ...described, itemId: planInput.units[1]!.id },
      owner: described,
    });
  });

  it('answers 400 locating a syntax error', async () => {
    // Act
    const response = await importPlan('{\n  "id": "x",\n  oops\n}');

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).fields).toEqual([expect.objectContaining({ rule: 'syntax', path: expect.stringMatching(/^line 3/) })]);
  });

  it('answers 415 for another media type and 413 for a body over 1 MB', async () => {
    // Act
    const text = await importPlan('id: x', 'text/plain');
    const huge = await importPlan(JSON.stringify({ ...planInput, name: 'x'.repeat(1024 * 1024) }));

    // Assess
    expect(text.statusCode).toBe(415);
    expect(huge.statusCode).toBe(413);
  });

  it('lets only an admin import', async () => {
    // Act
    const responses = await Promise.all([viewer, reviewer, unit('longshan')].map((p) => importPlan(JSON.stringify(planInput), 'application/json', p)));

    // Assess
    expect(responses.map((r) => r.statusCode)).toEqual([403, 403, 403]);
  });
});

describe('reading plans', () => {
  it('lists plans for staff but not for units', async () => {
    // Prepare
    await importPlan(JSON.stringify({ ...planInput, id: 'listed-2024' }));

    // Act
    const listed = await call('GET /plans', { principal: reviewer });
    const forUnit = await call('GET /plans', { principal: unit('longshan') });

    // Assess
    expect(bodyOf(listed).nextCursor).toBeNull();
    expect(bodyOf(listed).items).toContainEqual(expect.objectContaining({ planId: 'listed-2024', year: 2024, revision: 1, goals: 2, units: 4 }));
    expect(forUnit.statusCode).toBe(403);
  });

  it('answers a plan with its revision, to every role', async () => {
    // Prepare
    await importPlan(JSON.stringify({ ...planInput, id: 'read-2024' }));

    // Act
    const response = await call('GET /plans/{planId}', { principal: unit('longshan'), pathParameters: { planId: 'read-2024' } });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toMatchObject({
      id: 'read-2024',
      year: 2024,
      timezone: 'Asia/Shanghai',
      revision: 1,
      importedBy: 'token:admin',
      goals: [expect.objectContaining({ id: 'vocs' }), expect.objectContaining({ id: 'pm25' })],
    });
  });

  it("answers a plan's units in plan order", async () => {
    // Prepare
    await importPlan(JSON.stringify({ ...planInput, id: 'units-2024' }));

    // Act
    const response = await call('GET /plans/{planId}/units', { principal: unit('zhangqi'), pathParameters: { planId: 'units-2024' } });

    // Assess
    expect(bodyOf(response)).toEqual({ items: planInput.units, nextCursor: null });
  });

  it('answers 404 for a plan never imported and 400 for an id that is no slug', async () => {
    // Act
    const missing = await call('GET /plans/{planId}', { principal: admin, pathParameters: { planId: 'nowhere' } });
    const bad = await call('GET /plans/{planId}/units', { principal: admin, pathParameters: { planId: 'Not A Slug' } });

    // Assess
    expect(missing.statusCode).toBe(404);
    expect(bodyOf(missing).message).toBe('Plan nowhere not found / 未找到计划 nowhere');
    expect(bodyOf(bad).fields).toEqual([expect.objectContaining({ path: 'planId', rule: 'slug' })]);
  });
});
