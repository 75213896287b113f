import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { Plan } from '../../../shared/domain/plan.js';
import type { Principal } from '../../../shared/auth/principal.js';
import { savePlan } from '../../../shared/store/plans-repo.js';
import { useTestTable } from '../../support/test-table.js';
import { bodyOf, context, httpEvent, type EventOptions } from './http-events.js';
import { planInput, putTasks, task } from './fixtures.js';

/*
 * Joint leads (联合牵头) on the real handler and DynamoDB Local: a goal led by 治水办 and 生态环境分局 puts
 * its close-out requests in both reviewers' queues, either may decide, the first decision wins, and a
 * department that does not lead the goal may not decide.
 */

const tableName = await useTestTable();
const { handler } = await import('../../../functions/tasks/handler.js');

const plan = Plan.parse({
  ...planInput,
  id: 'joint-2024',
  units: [...planInput.units, { id: 'eco-bureau', name: '生态环境分局', kind: 'department' }, { id: 'fgw', name: '发改局', kind: 'department' }],
  goals: planInput.goals.map((goal) => ({ ...goal, lead: ['water-office', 'eco-bureau'] })),
});
const reviewerOf = (unitId: string): Principal => ({ role: 'reviewer', unitId, subject: `token:${unitId}` });
const call = (routeKey: string, options: EventOptions) => handler(httpEvent(routeKey, options), context);
const review = (taskId: string, principal: Principal, version: number) =>
  call('POST /tasks/{taskId}/review', {
    principal,
    pathParameters: { taskId },
    contentType: 'application/json',
    body: JSON.stringify({ decision: 'accept', version }),
  });
/** The 待审核 queue as the web builds it: the plan's close-out requests, kept when the caller leads them. */
async function queueOf(unitId: string): Promise<string[]> {
  const response = await call('GET /plans/{planId}/tasks', {
    principal: reviewerOf(unitId),
    pathParameters: { planId: plan.id },
    query: { status: 'closeout_requested' },
  });
  const items: { id: string; unitId: string; lead: string; coLeads?: string[] }[] = bodyOf(response).items;
  return items.filter((t) => [t.lead, ...(t.coLeads ?? [])].includes(unitId) && t.unitId !== unitId).map((t) => t.id);
}

const asked = (unitId: string) =>
  task({ planId: plan.id, goalId: 'vocs', unitId, lead: 'water-office', coLeads: ['eco-bureau'], status: 'closeout_requested' });

beforeAll(async () => {
  await savePlan(plan, 'test', fixedClock('2024-01-10T00:00:00Z'));
  await putTasks(tableName, [asked('longshan'), asked('zhangqi'), asked('guanhaiwei')]);
});

describe('joint leads review a goal’s tasks', () => {
  it('lists a close-out request in the queue of every lead, with the co-lead on the task', async () => {
    // Act
    const primary = await queueOf('water-office');
    const second = await queueOf('eco-bureau');
    const outsider = await queueOf('fgw');

    // Assess
    const all = ['joint-2024.vocs.guanhaiwei', 'joint-2024.vocs.longshan', 'joint-2024.vocs.zhangqi'];
    expect(primary.sort()).toEqual(all);
    expect(second.sort()).toEqual(all);
    expect(outsider).toEqual([]);
  });

  it('lets the second lead accept, and answers 409 to the primary lead deciding after it', async () => {
    // Act
    const accepted = await review('joint-2024.vocs.longshan', reviewerOf('eco-bureau'), 1);
    const late = await review('joint-2024.vocs.longshan', reviewerOf('water-office'), 1);
    const afterReading = await review('joint-2024.vocs.longshan', reviewerOf('water-office'), 2);

    // Assess
    expect(accepted.statusCode).toBe(200);
    expect(bodyOf(accepted)).toMatchObject({ status: 'accepted', version: 2 });
    expect(late.statusCode).toBe(409);
    expect(afterReading.statusCode).toBe(409);
    expect(await queueOf('water-office')).not.toContain('joint-2024.vocs.longshan');
  });

  it('refuses a department that does not lead the goal (403), and leaves the task as it was', async () => {
    // Act
    const refused = await review('joint-2024.vocs.zhangqi', reviewerOf('fgw'), 1);
    const task = await call('GET /tasks/{taskId}', { principal: reviewerOf('fgw'), pathParameters: { taskId: 'joint-2024.vocs.zhangqi' } });

    // Assess
    expect(refused.statusCode).toBe(403);
    expect(bodyOf(task)).toMatchObject({ status: 'closeout_requested', version: 1, lead: 'water-office', coLeads: ['eco-bureau'] });
  });
});
