import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedShare, lightOf } from '../../../shared/domain/light.js';
import type { Milestone } from '../../../shared/domain/plan.js';
import { meetsTarget } from '../../../shared/domain/target.js';
import { type Task, type TaskProgress, type TaskStatus, taskStatuses } from '../../../shared/domain/task.js';
import { cixiTask } from './cixi-tasks.js';

// 浒山街道's share of the 4000 enterprises to bring into the hazardous-waste network: 147, due
// 40% by 06-30, 70% by 09-30, all by 12-31.
const network = cixiTask('hazardous-waste-network', 'hushan', { status: 'in_progress' });
// PM2.5 ≤ 29 μg/m³ for 浒山街道; good-air days ≥ 87% for it; 市治水办's action due 04-30.
const pm25 = cixiTask('pm25', 'hushan', { status: 'in_progress' });
const goodAir = cixiTask('good-air-ratio', 'hushan', { status: 'in_progress' });
const campaign = cixiTask('campaign-water-quality', 'water-office');

const margin = 0.1;
const reported = (fields: Partial<TaskProgress>): TaskProgress => ({
  asOf: '2022-07-05',
  reportedBy: 'token:hushan',
  reportedAt: '2022-07-05T02:00:00.000Z',
  ...fields,
});
const withProgress = (task: Task, fields: Partial<TaskProgress>): Task => ({ ...task, progress: reported(fields) });

const days = fc
  .date({ min: new Date('2021-12-01T00:00:00Z'), max: new Date('2023-01-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Valid milestones as the plan rules allow them: dates increasing, shares never decreasing, ending at 1. */
const milestoneLists = fc
  .uniqueArray(days, { minLength: 1, maxLength: 6 })
  .chain((dates) =>
    fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: dates.length, maxLength: dates.length }).map((shares) => {
      const sortedShares = [...shares].sort((a, b) => a - b);
      sortedShares[sortedShares.length - 1] = 1;
      return [...dates].sort().map((date, i): Milestone => ({ date, share: sortedShares[i]! }));
    }),
  );

describe('expectedShare', () => {
  it.each([
    ['2022-06-29', 0],
    ['2022-06-30', 0.4],
    ['2022-09-29', 0.4],
    ['2022-09-30', 0.7],
    ['2022-12-31', 1],
    ['2023-01-15', 1],
  ])('of the network milestones on %s is %d', (today, share) => {
    // Act / Assess
    expect(expectedShare(network.milestones, today)).toBe(share);
  });

  it('is 0 without milestones', () => {
    // Act / Assess
    expect(expectedShare([], '2022-12-31')).toBe(0);
  });

  it('takes the latest milestone on or before today, in whatever order they are listed', () => {
    // Act / Assess
    expect(expectedShare([...network.milestones].reverse(), '2022-10-01')).toBe(0.7);
  });

  it('never decreases as days go by', () => {
    fc.assert(
      fc.property(milestoneLists, days, days, (milestones, a, b) => {
        // Prepare
        const [earlier, later] = a <= b ? [a, b] : [b, a];

        // Act / Assess
        expect(expectedShare(milestones, later)).toBeGreaterThanOrEqual(expectedShare(milestones, earlier));
      }),
    );
  });
});

describe('lightOf: quantity', () => {
  it('is green when on schedule: 60 of 147 (41%) by 2022-07-05, 40% due', () => {
    // Act / Assess
    expect(lightOf(withProgress(network, { done: 60 }), '2022-07-05', margin)).toBe('green');
  });

  it('is yellow more than 10 points behind: 40 of 147 (27%) by 2022-07-05, 40% due', () => {
    // Act / Assess
    expect(lightOf(withProgress(network, { done: 40 }), '2022-07-05', margin)).toBe('yellow');
  });

  it('is green exactly 10 points behind, whatever the rounding', () => {
    // Prepare: 30 of 100 done when 40% is due (0.4 − 0.3 is 0.10000000000000003 in floating point)
    const task = { ...withProgress(network, { done: 30 }), target: 100 };

    // Act / Assess
    expect(lightOf(task, '2022-07-05', margin)).toBe('green');
  });

  it('judges a task never reported as nothing done: green before the first milestone, yellow after', () => {
    // Act / Assess
    expect(lightOf(network, '2022-06-29', margin)).toBe('green');
    expect(lightOf(network, '2022-06-30', margin)).toBe('yellow');
  });

  it('is never behind with nothing to do', () => {
    // Act / Assess
    expect(lightOf({ ...network, target: 0 }, '2022-10-01', margin)).toBe('green');
  });

  it('is red after the deadline unless closed, however much is done', () => {
    // Prepare
    const allDone = withProgress(network, { done: 147 });

    // Act / Assess
    expect(lightOf(allDone, '2022-12-31', margin)).toBe('green');
    expect(lightOf(allDone, '2023-01-01', margin)).toBe('red');
    expect(lightOf({ ...allDone, status: 'accepted' }, '2023-01-01', margin)).toBe('red');
    expect(lightOf({ ...allDone, status: 'closed' }, '2023-01-01', margin)).toBe('green');
  });

  it('is green when closed, even with nothing reported', () => {
    // Act / Assess
    expect(lightOf({ ...network, status: 'closed' }, '2022-10-01', margin)).toBe('green');
  });

  it('with a margin of 0 turns yellow at any lag, with 1 never', () => {
    // Prepare
    const task = withProgress(network, { done: 58 }); // 39.5% when 40% is due

    // Act / Assess
    expect(lightOf(task, '2022-07-05', 0)).toBe('yellow');
    expect(lightOf(withProgress(network, { done: 0 }), '2022-12-31', 1)).toBe('green');
  });
});

describe('lightOf: indicator', () => {
  it.each([
    [29, 'green'],
    [31.9, 'green'],
    [32, 'yellow'],
    [25, 'green'],
  ])('PM2.5 ≤ 29: a reading of %d μg/m³ is %s (yellow above 29 + 2.9)', (value, light) => {
    // Act / Assess
    expect(lightOf(withProgress(pm25, { value, period: '2022-06' }), '2022-07-05', margin)).toBe(light);
  });

  it.each([
    [87, 'green'],
    [78.3, 'green'],
    [78, 'yellow'],
    [95, 'green'],
  ])('good-air days ≥ 87%%: %d%% is %s (yellow below 87 − 8.7)', (value, light) => {
    // Act / Assess
    expect(lightOf(withProgress(goodAir, { value, period: '2022-Q2' }), '2022-07-05', margin)).toBe(light);
  });

  it('is green before the first reading and red after the deadline', () => {
    // Act / Assess
    expect(lightOf(pm25, '2022-07-05', margin)).toBe('green');
    expect(lightOf(withProgress(pm25, { value: 20, period: '2022' }), '2023-01-01', margin)).toBe('red');
  });
});

describe('lightOf: strict directions', () => {
  // 优良天数比率高于87%: as the ≥ goal, but strict.
  const moreThan: Task = { ...goodAir, direction: 'more_than' };
  const lessThan: Task = { ...pm25, direction: 'less_than' };

  it.each([
    [lessThan, 29, 0.1, 'green'],
    [lessThan, 29, 0, 'yellow'],
    [lessThan, 28.9, 0, 'green'],
    [lessThan, 31.9, 0.1, 'green'],
    [lessThan, 32, 0.1, 'yellow'],
    [moreThan, 87, 0.1, 'green'],
    [moreThan, 87, 0, 'yellow'],
    [moreThan, 87.1, 0, 'green'],
    [moreThan, 78, 0.1, 'yellow'],
  ])('%#: %o, a value of %d with margin %d is %s', (task, value, taskMargin, light) => {
    // Act / Assess: within a margin a value on the target is tolerated; without one a strict target is missed by it
    expect(lightOf(withProgress(task, { value, period: '2022-06' }), '2022-07-05', taskMargin)).toBe(light);
  });

  it('with no margin is yellow exactly when the value does not meet the target', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('at_most' as const, 'at_least' as const, 'more_than' as const, 'less_than' as const),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (direction, value, target) => {
          // Prepare
          const task: Task = { ...pm25, direction, target, progress: reported({ value, period: '2022-06' }) };

          // Act
          const light = lightOf(task, '2022-07-05', 0);

          // Assess
          expect(light === 'yellow').toBe(!meetsTarget(direction, value, target));
        },
      ),
    );
  });
});

describe('lightOf: action and withdrawn', () => {
  it('is green for an action until its deadline, red after', () => {
    // Act / Assess
    expect(lightOf(campaign, '2022-04-30', margin)).toBe('green');
    expect(lightOf(campaign, '2022-05-01', margin)).toBe('red');
    expect(lightOf(withProgress(campaign, { complete: true }), '2022-05-01', margin)).toBe('red');
  });

  it('has no light for a withdrawn task', () => {
    // Act / Assess
    expect(lightOf({ ...network, status: 'withdrawn' }, '2023-01-01', margin)).toBeNull();
    expect(lightOf({ ...campaign, status: 'withdrawn' }, '2022-05-01', margin)).toBeNull();
  });
});

describe('lightOf: invariants', () => {
  const openStatuses = fc.constantFrom<TaskStatus>(...taskStatuses.filter((s) => s !== 'withdrawn'));
  const margins = fc.double({ min: 0, max: 1, noNaN: true });

  it('a quantity task with done ≥ target is never yellow', () => {
    fc.assert(
      fc.property(milestoneLists, days, fc.nat(10_000), fc.nat(1_000), openStatuses, margins, (milestones, today, target, extra, status, m) => {
        // Prepare
        const task = { ...withProgress(network, { done: target + extra }), target, milestones, status };

        // Act / Assess
        expect(lightOf(task, today, m)).not.toBe('yellow');
      }),
    );
  });

  it('doing more never makes the light worse', () => {
    const rank = { green: 0, yellow: 1, red: 2 } as const;
    fc.assert(
      fc.property(days, fc.nat(147), fc.nat(147), (today, a, b) => {
        // Prepare
        const [less, more] = a <= b ? [a, b] : [b, a];

        // Act
        const before = lightOf(withProgress(network, { done: less }), today, margin)!;
        const after = lightOf(withProgress(network, { done: more }), today, margin)!;

        // Assess
        expect(rank[after]).toBeLessThanOrEqual(rank[before]);
      }),
    );
  });

  it('is red exactly when today is past the deadline of a task still open', () => {
    fc.assert(
      fc.property(days, openStatuses, fc.constantFrom(network, pm25, goodAir, campaign), (today, status, task) => {
        // Act
        const light = lightOf({ ...task, status }, today, margin);

        // Assess
        expect(light === 'red').toBe(today > task.deadline && status !== 'closed');
      }),
    );
  });
});
