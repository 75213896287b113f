import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { useTestTable } from '../../support/test-table.js';
import { breakDownCixi, escalationsOn, expectedLevels, taskItemsOf } from './cixi.js';

await useTestTable();
const { chasePage } = await import('../../../shared/chase/chase-page.js');
const { OPEN_SHARDS } = await import('../../../shared/store/keys.js');

/** Thursday 2022-10-20: spray-recheck (due Friday 2022-09-30) is 11 working days overdue (国庆, then the 调休 weekend of 10-08/09). */
const DAY = '2022-10-20';
const clock = fixedClock('2022-10-20T09:00:00+08:00');
const shards = Array.from({ length: OPEN_SHARDS }, (_, shard) => shard);

/** Every page of every 2022 shard (as the pages of the run `run`); answers the summed counts. */
async function chaseAll(date: string, pageSize: number, run?: string) {
  const total = { examined: 0, pages: 0, raised: {} as Record<string, number>, outcomes: {} as Record<string, number> };
  for (const shard of shards) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await chasePage({ year: 2022, shard, date, pageSize, ...(startKey ? { startKey } : {}), ...(run ? { run } : {}) }, { clock });
      total.pages++;
      total.examined += page.examined;
      for (const [level, n] of Object.entries(page.raised)) total.raised[level] = (total.raised[level] ?? 0) + n;
      for (const [outcome, n] of Object.entries(page.outcomes)) total.outcomes[outcome] = (total.outcomes[outcome] ?? 0) + n;
      startKey = page.nextKey;
    } while (startKey);
  }
  return total;
}

const levelsOfDay = async (planId: string) =>
  new Map(
    (await escalationsOn(DAY)).filter((item) => item.planId === planId).map((item) => [item.taskId as string, item.level as string]),
  );

describe('chasePage on the Cixi sample', () => {
  it('raises the level each late task has reached, by chase:<date>, and only for the tasks read', async () => {
    // Prepare
    const plan = await breakDownCixi('cixi-2022');
    const expected = await expectedLevels(plan, DAY);

    // Act
    const total = await chaseAll(DAY, 100);

    // Assess
    const raised = await levelsOfDay(plan.id);
    expect(raised).toEqual(expected);
    const sprayRecheck = [...raised].filter(([taskId]) => taskId.startsWith('cixi-2022.spray-recheck.'));
    expect(sprayRecheck.length).toBe(19);
    expect(new Set(sprayRecheck.map(([, level]) => level))).toEqual(new Set(['notice']));
    // An indicator nobody has reported on yet is neither behind nor due soon in October.
    expect([...raised.keys()].filter((taskId) => taskId.startsWith('cixi-2022.pm25.'))).toEqual([]);
    expect(total.outcomes.raised).toBe(expected.size);
    expect(Object.values(total.raised).reduce((a, b) => a + b, 0)).toBe(expected.size);
    const stored = (await taskItemsOf(plan.id)).find((item) => item.id === 'cixi-2022.spray-recheck.hushan')!;
    expect(stored.escalation).toEqual({ level: 'notice', period: 'overdue:2022-09-30', date: DAY });
  });

  it('raises nothing when the same day is chased again', async () => {
    // Act
    const again = await chaseAll(DAY, 100);

    // Assess
    expect(again.outcomes.raised).toBe(0);
    expect(Object.values(again.raised).every((n) => n === 0)).toBe(true);
    expect((await escalationsOn(DAY)).length).toBe((await expectedLevels((await import('./cixi.js')).cixiPlan(), DAY)).size);
  });

  it('covers every task of the shards once when paging with a small page size', async () => {
    // Prepare
    const plan = await breakDownCixi('cixi-2022-paged');
    const expected = await expectedLevels(plan, DAY);
    const readable = [...(await taskItemsOf('cixi-2022')), ...(await taskItemsOf(plan.id))].filter(
      (item) => typeof item.gsi3sk === 'string' && item.gsi3sk <= `${DAY}#~`,
    ).length;

    // Act
    const total = await chaseAll(DAY, 3);

    // Assess
    expect(total.examined).toBe(readable);
    expect(total.pages).toBeGreaterThan(shards.length);
    expect(total.outcomes.raised).toBe(expected.size);
    expect(await levelsOfDay(plan.id)).toEqual(expected);
    const perTask = new Map<string, number>();
    for (const item of await escalationsOn(DAY)) perTask.set(item.taskId as string, (perTask.get(item.taskId as string) ?? 0) + 1);
    expect([...perTask.values()].every((n) => n === 1)).toBe(true);
  });

  it('counts once, in a retried page, what its failed attempt raised; a re-run of the day counts nothing', async () => {
    // Prepare: the pages of run-1 raise the new plan's levels, then "fail" (their answers are lost).
    const plan = await breakDownCixi('cixi-2022-retried');
    const expected = await expectedLevels(plan, DAY);
    const attempt = await chaseAll(DAY, 100, 'run-1');
    const items = (await escalationsOn(DAY)).length;

    // Act: the same pages again (Step Functions retries a page with the same input), then another run of the day.
    const retried = await chaseAll(DAY, 100, 'run-1');
    const rerun = await chaseAll(DAY, 100, 'run-2');

    // Assess
    expect(attempt.outcomes.raised).toBe(expected.size);
    expect(retried.outcomes.raised).toBe(expected.size);
    expect(retried.raised).toEqual(attempt.raised);
    expect(rerun.outcomes.raised).toBe(0);
    expect(Object.values(rerun.raised).every((n) => n === 0)).toBe(true);
    expect((await escalationsOn(DAY)).length).toBe(items);
    expect(await levelsOfDay(plan.id)).toEqual(expected);
    const [taskId] = [...expected.keys()];
    const stored = (await taskItemsOf(plan.id)).find((item) => item.id === taskId)!;
    expect(stored.escalation.page).toMatch(/^run-1#2022-\d#(first|[\w-]{16})$/);
  });
});
