import { describe, expect, it } from 'vitest';
import { useTestTable } from '../../support/test-table.js';

// PlanChase reads the years' freezes (none here).
await useTestTable();
const { handler: planChase } = await import('../../../workflows/chase/tasks/plan-chase.js');
const { handler: summarize } = await import('../../../workflows/chase/tasks/summarize.js');
const { PublishBulletinInput } = await import('../../../workflows/chase/tasks/schema.js');

describe('PlanChase', () => {
  it.each([
    // National Day: 1–7 October off, Saturday 8 October a swapped working day.
    ['2022-10-08', '2022-10'],
    ['2022-11-01', '2022-11'],
    // New Year 2023: 31 December to 2 January off.
    ['2023-01-03', '2023-01'],
  ])('names the bulletin month on the first working day of a month: %s', async (date, month) => {
    expect(await planChase({ date })).toMatchObject({ date, bulletinMonth: month });
  });

  it.each([['2022-10-10'], ['2022-11-02'], ['2023-01-02'], ['2030-01-02']])('has no bulletin month on another day, or in a year without a calendar: %s', async (date) => {
    expect(await planChase({ date })).not.toHaveProperty('bulletinMonth');
  });
});

describe('Summarize', () => {
  const shards = [{ year: 2022, shard: 0, examined: 3, raised: { remind: 0, urge: 1, supervise: 0, notice: 1, summon: 0 } }];

  it('adds the bulletin on a bulletin day and leaves the output as it was on others', async () => {
    // Act
    const onBulletinDay = await summarize({
      date: '2022-11-01',
      shards,
      digests: { notified: 2 },
      bulletin: { month: '2022-11', covers: '2022-10', published: true, objects: {}, totals: {} },
    });
    const onOtherDay = await summarize({ date: '2022-11-02', shards, digests: { notified: 2 } });

    // Assess
    expect(onBulletinDay).toEqual({
      date: '2022-11-01',
      examined: 3,
      escalations: { 提醒: 0, 催办: 1, 督办: 0, 通报: 1, 约谈: 0 },
      notifications: 2,
      bulletin: { month: '2022-11', covers: '2022-10', published: true },
    });
    expect(Object.keys(onOtherDay)).toEqual(['date', 'examined', 'escalations', 'notifications']);
  });
});

describe('PublishBulletinInput', () => {
  it('refuses a bulletin month other than the month of the day, naming the field', () => {
    const parsed = PublishBulletinInput.safeParse({ date: '2022-11-01', bulletinMonth: '2022-10' });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['bulletinMonth'], message: 'bulletinMonth must be the month of date' })]);
  });
});
