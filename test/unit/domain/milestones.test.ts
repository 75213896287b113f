import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarForYears } from '../../../shared/domain/calendars.js';
import { lateness } from '../../../shared/domain/lateness.js';
import { extendedMilestones, milestonesFor } from '../../../shared/domain/milestones.js';
import { Plan } from '../../../shared/domain/plan.js';
import type { Goal } from '../../../shared/domain/plan.js';
import { defaultTracking } from '../../../shared/domain/tracking.js';
import { cixiTask } from './cixi-tasks.js';
import { smallPlan } from './plan-fixture.js';

const plan = Plan.parse(smallPlan());
const vocs = plan.goals.find((g) => g.id === 'vocs')!;
const withDeadline = (goal: Goal, deadline: string): Goal => ({ ...goal, deadline });

describe('milestonesFor', () => {
  it('defaults to the four quarter ends for a year-end deadline', () => {
    // Act
    const milestones = milestonesFor(plan, vocs);

    // Assess
    expect(milestones).toEqual([
      { date: '2022-03-31', share: 0.25 },
      { date: '2022-06-30', share: 0.5 },
      { date: '2022-09-30', share: 0.75 },
      { date: '2022-12-31', share: 1 },
    ]);
  });

  it('ends on a mid-quarter deadline, counting only quarter ends strictly before it', () => {
    // Act
    const milestones = milestonesFor(plan, withDeadline(vocs, '2022-11-15'));

    // Assess
    expect(milestones).toEqual([
      { date: '2022-03-31', share: 0.25 },
      { date: '2022-06-30', share: 0.5 },
      { date: '2022-09-30', share: 0.75 },
      { date: '2022-11-15', share: 1 },
    ]);
  });

  it('does not repeat a quarter end that is the deadline', () => {
    // Act
    const milestones = milestonesFor(plan, withDeadline(vocs, '2022-09-30'));

    // Assess
    expect(milestones).toEqual([
      { date: '2022-03-31', share: 1 / 3 },
      { date: '2022-06-30', share: 2 / 3 },
      { date: '2022-09-30', share: 1 },
    ]);
  });

  it('has one step for a deadline in the first quarter', () => {
    // Act
    const milestones = milestonesFor(plan, withDeadline(vocs, '2022-03-31'));

    // Assess
    expect(milestones).toEqual([{ date: '2022-03-31', share: 1 }]);
  });

  it('keeps a goal\'s own milestones when they end on the deadline', () => {
    // Prepare
    const parks = plan.goals.find((g) => g.id === 'parks')!;

    // Act
    const milestones = milestonesFor(plan, parks);

    // Assess
    expect(milestones).toEqual([
      { date: '2022-06-30', share: 0.3 },
      { date: '2022-11-30', share: 1 },
    ]);
  });

  it('closes a goal\'s own milestones with the whole target on the deadline', () => {
    // Prepare
    const goal = { ...vocs, milestones: [{ date: '2022-07-31', share: 0.6 }] } as Goal;

    // Act
    const milestones = milestonesFor(plan, goal);

    // Assess
    expect(milestones).toEqual([
      { date: '2022-07-31', share: 0.6 },
      { date: '2022-12-31', share: 1 },
    ]);
  });

  it('gives indicators and actions none', () => {
    // Prepare
    const pm25 = plan.goals.find((g) => g.id === 'pm25')!;
    const ecoPlan = plan.goals.find((g) => g.id === 'eco-plan')!;

    // Act / Assess
    expect(milestonesFor(plan, pm25)).toEqual([]);
    expect(milestonesFor(plan, ecoPlan)).toEqual([]);
  });

  it('always steps forward and ends with the whole target on the deadline', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2022-01-01'), max: new Date('2022-12-31'), noInvalidDate: true }), (day) => {
        // Prepare
        const deadline = day.toISOString().slice(0, 10);

        // Act
        const milestones = milestonesFor(plan, withDeadline(vocs, deadline));

        // Assess
        expect(milestones.at(-1)).toEqual({ date: deadline, share: 1 });
        milestones.slice(1).forEach((m, i) => {
          expect(m.date > milestones[i]!.date).toBe(true);
          expect(m.share).toBeGreaterThan(milestones[i]!.share);
        });
      }),
    );
  });
});

describe('extendedMilestones', () => {
  const calendar = calendarForYears([2022]);
  /** activated-carbon of 古塘街道, due Monday 2022-10-31, 80 % done by 09-28. */
  const carbon = () => {
    const task = cixiTask('activated-carbon', 'gutang');
    return { ...task, status: 'in_progress' as const, progress: { asOf: '2022-09-28', done: Math.ceil(0.8 * task.target!), reportedBy: 'u', reportedAt: 'x' } };
  };

  it('makes the whole target due on the new deadline and keeps the interim steps', () => {
    // Prepare
    const task = carbon();

    // Act
    const milestones = extendedMilestones(task.milestones, '2022-10-31', '2022-12-31');

    // Assess
    expect(task.milestones.map((m) => m.date)).toEqual(['2022-03-31', '2022-06-30', '2022-09-30', '2022-10-31']);
    expect(milestones).toEqual([...task.milestones.slice(0, 3), { date: '2022-12-31', share: 1 }]);
  });

  it('stops an extended quantity task from counting as behind the old deadline (it stops climbing)', () => {
    // Prepare: extended on 10-25 from 10-31 to 12-31.
    const task = carbon();
    const deadlineOnly = { ...task, deadline: '2022-12-31' };
    const extended = { ...deadlineOnly, milestones: extendedMilestones(task.milestones, task.deadline, '2022-12-31') };

    // Act
    const withOldSteps = lateness(deadlineOnly, '2022-11-01', calendar, defaultTracking);
    const afterExtension = lateness(extended, '2022-11-01', calendar, defaultTracking);

    // Assess
    expect(withOldSteps).toMatchObject({ kind: 'behind', since: '2022-10-31' });
    expect(afterExtension).toBeNull();
    expect(lateness(extended, '2022-12-23', calendar, defaultTracking)).toMatchObject({ kind: 'due_soon' });
  });

  it('leaves actions and indicators without milestones', () => {
    expect(extendedMilestones([], '2022-09-30', '2022-12-31')).toEqual([]);
  });
});
