import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { savePlan } from '../../../shared/store/plans-repo.js';
import { useTestTable } from '../../support/test-table.js';
import { admin, bodyOf, context, httpEvent, unit, viewer, type EventOptions } from './http-events.js';
import { plan, putTasks, task } from './fixtures.js';

const tableName = await useTestTable();
const { handler } = await import('../../../functions/tasks/handler.js');

const call = (routeKey: string, options: EventOptions) => handler(httpEvent(routeKey, options), context);
const planTasks = (options: Omit<EventOptions, 'pathParameters'>) =>
  call('GET /plans/{planId}/tasks', { pathParameters: { planId: plan.id }, ...options });
const unitTasks = (unitId: string, options: Omit<EventOptions, 'pathParameters'>) =>
  call('GET /units/{unitId}/tasks', { pathParameters: { unitId }, ...options });

const towns = ['longshan', 'zhangqi', 'guanhaiwei'];
const pm25 = { kind: 'indicator' as const, title: 'PM2.5 年均浓度', target: 29, direction: 'at_most' as const, deadline: '2024-12-31' };

/** Reads every page of a list, following nextCursor. */
async function allPages(read: (cursor?: string) => Promise<{ body?: string }>): Promise<{ pages: number; ids: string[] }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const body = bodyOf(await read(cursor));
    ids.push(...body.items.map((t: { id: string }) => t.id));
    cursor = body.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { pages, ids };
}

beforeAll(async () => {
  // Every task is shown with its light, which needs its plan's settings: each plan the tasks name exists.
  for (const id of [plan.id, 'ningbo-2024', 'cixi-2023', 'busy-2025']) await savePlan({ ...plan, id }, 'test', fixedClock('2024-01-10T00:00:00Z'));
  await putTasks(tableName, [
    ...towns.map((unitId) => task({ goalId: 'vocs', unitId })),
    ...towns.map((unitId) => task({ goalId: 'pm25', unitId, ...pm25 })),
    // Longshan's tasks elsewhere: another plan of 2024 and a plan of 2023.
    task({ planId: 'ningbo-2024', goalId: 'waste', unitId: 'longshan', deadline: '2024-03-31', status: 'in_progress' }),
    task({ planId: 'cixi-2023', goalId: 'vocs', unitId: 'longshan', year: 2023, deadline: '2023-11-30', status: 'closed' }),
    // Many tasks of one unit, every third closed, to page through a filtered list.
    ...Array.from({ length: 30 }, (_, i) =>
      task({
        planId: 'busy-2025',
        goalId: `g${String(i).padStart(2, '0')}`,
        unitId: 'busy-town',
        year: 2025,
        deadline: `2025-${String((i % 12) + 1).padStart(2, '0')}-15`,
        status: i % 3 === 0 ? 'closed' : 'assigned',
      }),
    ),
  ]);
});

describe('GET /plans/{planId}/tasks', () => {
  it('lists every task of the plan for staff, in the API shape without key attributes', async () => {
    // Act
    const response = await planTasks({ principal: viewer });

    // Assess
    expect(response.statusCode).toBe(200);
    const body = bodyOf(response);
    expect(body.nextCursor).toBeNull();
    expect(body.items).toHaveLength(6);
    expect(body.items[0]).toEqual({ ...task({ goalId: 'pm25', unitId: 'guanhaiwei', ...pm25 }), light: expect.any(String), workingDaysLeft: expect.any(Number) });
    for (const item of body.items) expect(Object.keys(item).filter((k) => /pk$|sk$|^entity$/.test(k))).toEqual([]);
  });

  it('gives a unit only its own tasks, whatever unit it asks for', async () => {
    // Act
    const response = await planTasks({ principal: unit('longshan'), query: { unit: 'zhangqi' } });

    // Assess
    expect(bodyOf(response).items.map((t: { id: string }) => t.id).sort()).toEqual(['cixi-2024.pm25.longshan', 'cixi-2024.vocs.longshan']);
  });

  it('filters by goal, unit, status and an inclusive due range', async () => {
    // Act
    const byGoal = bodyOf(await planTasks({ principal: admin, query: { goal: 'pm25' } }));
    const byUnitAndDue = bodyOf(await planTasks({ principal: admin, query: { unit: 'zhangqi', dueBefore: '2024-11-30' } }));
    const dueAfter = bodyOf(await planTasks({ principal: admin, query: { dueAfter: '2024-12-01' } }));
    const closed = bodyOf(await planTasks({ principal: admin, query: { status: 'closed' } }));

    // Assess
    expect(byGoal.items.map((t: { goalId: string }) => t.goalId)).toEqual(['pm25', 'pm25', 'pm25']);
    expect(byUnitAndDue.items.map((t: { id: string }) => t.id)).toEqual(['cixi-2024.vocs.zhangqi']);
    expect(dueAfter.items).toHaveLength(3);
    expect(closed).toEqual({ items: [], nextCursor: null });
  });

  it('pages with an opaque cursor until nextCursor is null', async () => {
    // Act
    const { pages, ids } = await allPages((cursor) =>
      planTasks({ principal: admin, query: { limit: '4', ...(cursor ? { cursor } : {}) } }),
    );

    // Assess
    expect(pages).toBe(2);
    expect(new Set(ids).size).toBe(6);
  });

  it('answers 404 for a plan that was never imported', async () => {
    // Act
    const response = await call('GET /plans/{planId}/tasks', { principal: admin, pathParameters: { planId: 'nowhere-2024' } });

    // Assess
    expect(response.statusCode).toBe(404);
  });

  it('answers 400 naming every bad query parameter', async () => {
    // Act
    const response = await planTasks({ principal: admin, query: { limit: '0', dueBefore: '2022-13-01', colour: 'red' } });

    // Assess
    expect(response.statusCode).toBe(400);
    const body = bodyOf(response);
    expect(body.error).toBe('invalid_input');
    expect(body.message).toMatch(/.+ \/ .+/);
    expect(body.fields.map((f: { path: string; rule: string }) => `${f.path}:${f.rule}`).sort()).toEqual([
      'colour:unknown_field',
      'dueBefore:date',
      'limit:too_small',
    ]);
  });

  it('answers 400 for an empty due range', async () => {
    // Act
    const response = await planTasks({ principal: admin, query: { dueAfter: '2024-12-01', dueBefore: '2024-11-01' } });

    // Assess
    expect(bodyOf(response).fields).toEqual([expect.objectContaining({ path: 'dueAfter', rule: 'date_range' })]);
  });

  it.each([
    ['garbled', 'not a cursor!'],
    ['of another list', Buffer.from(JSON.stringify({ pk: 'TASK#x.y.z', sk: 'TASK', gsi1pk: 'PLAN#other', gsi1sk: 'a#b' })).toString('base64url')],
    ['of another index', Buffer.from(JSON.stringify({ pk: 'TASK#x.y.z', sk: 'TASK', gsi2pk: 'UNIT#a', gsi2sk: '2024#' })).toString('base64url')],
    ['outside the goal', Buffer.from(JSON.stringify({ pk: 'TASK#a.b.c', sk: 'TASK', gsi1pk: 'PLAN#cixi-2024', gsi1sk: 'zzz#c' })).toString('base64url')],
  ])('answers 400, never 500, for a cursor %s', async (_, cursor) => {
    // Act
    const response = await planTasks({ principal: admin, query: { goal: 'vocs', cursor } });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).fields).toEqual([expect.objectContaining({ path: 'cursor', rule: 'cursor' })]);
  });
});

describe('GET /units/{unitId}/tasks', () => {
  it('lists a unit its own tasks of every plan and year by due date', async () => {
    // Act
    const body = bodyOf(await unitTasks('longshan', { principal: unit('longshan') }));

    // Assess
    expect(body.items.map((t: { id: string }) => t.id)).toEqual([
      'cixi-2023.vocs.longshan',
      'ningbo-2024.waste.longshan',
      'cixi-2024.vocs.longshan',
      'cixi-2024.pm25.longshan',
    ]);
  });

  it('narrows by year and due range on the index key, and by status', async () => {
    // Act
    const inYear = bodyOf(await unitTasks('longshan', { principal: admin, query: { year: '2024', dueAfter: '2024-04-01', dueBefore: '2024-11-30' } }));
    const anyYear = bodyOf(await unitTasks('longshan', { principal: admin, query: { dueBefore: '2024-03-31' } }));
    const inProgress = bodyOf(await unitTasks('longshan', { principal: admin, query: { status: 'in_progress' } }));

    // Assess
    expect(inYear.items.map((t: { id: string }) => t.id)).toEqual(['cixi-2024.vocs.longshan']);
    expect(anyYear.items.map((t: { id: string }) => t.id)).toEqual(['cixi-2023.vocs.longshan', 'ningbo-2024.waste.longshan']);
    expect(inProgress.items.map((t: { id: string }) => t.id)).toEqual(['ningbo-2024.waste.longshan']);
  });

  it('pages through a filtered list without losing or repeating a task', async () => {
    // Act
    const { ids } = await allPages((cursor) =>
      unitTasks('busy-town', { principal: admin, query: { status: 'closed', limit: '3', ...(cursor ? { cursor } : {}) } }),
    );

    // Assess
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });

  it("refuses a unit another unit's list", async () => {
    // Act
    const response = await unitTasks('zhangqi', { principal: unit('longshan') });

    // Assess
    expect(response.statusCode).toBe(403);
  });

  it('answers 400 for a bad year', async () => {
    // Act
    const response = await unitTasks('longshan', { principal: admin, query: { year: '24' } });

    // Assess
    expect(bodyOf(response).fields).toEqual([expect.objectContaining({ path: 'year' })]);
  });
});

describe('GET /tasks/{taskId}', () => {
  it('answers the task with its version as ETag', async () => {
    // Act
    const response = await call('GET /tasks/{taskId}', { principal: unit('longshan'), pathParameters: { taskId: 'cixi-2024.vocs.longshan' } });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers?.etag).toBe('"1"');
    expect(bodyOf(response)).toEqual({ ...task({ goalId: 'vocs', unitId: 'longshan' }), light: expect.any(String), workingDaysLeft: expect.any(Number) });
  });

  it("answers a unit asking for another unit's task exactly as for a task that does not exist", async () => {
    // Act
    const others = await call('GET /tasks/{taskId}', { principal: unit('longshan'), pathParameters: { taskId: 'cixi-2024.vocs.zhangqi' } });
    const missing = await call('GET /tasks/{taskId}', { principal: unit('longshan'), pathParameters: { taskId: 'cixi-2024.nothing.longshan' } });

    // Assess
    expect(others.statusCode).toBe(404);
    expect(others).toEqual(missing);
  });

  it('answers 400 for an id that cannot be a task id', async () => {
    // Act
    const response = await call('GET /tasks/{taskId}', { principal: admin, pathParameters: { taskId: 'Not..an id' } });

    // Assess
    expect(bodyOf(response).fields).toEqual([expect.objectContaining({ path: 'taskId', rule: 'task_id' })]);
  });
});
