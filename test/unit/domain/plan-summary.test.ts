import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lightOf } from '../../../shared/domain/light.js';
import { levels } from '../../../shared/domain/lateness.js';
import {
  addCounters,
  figuresOf,
  goalRow,
  lightSchedule,
  planSummaryAnswer,
  rowDeltas,
  summaryOfTasks,
  unitRow,
  type Counters,
} from '../../../shared/domain/plan-summary.js';
import type { Task } from '../../../shared/domain/task.js';
import { cixi, cixiTask } from './cixi-tasks.js';

// The Cixi sample's tasks of three goals (an indicator, a quantity due by quarters, another quantity) for
// three units: 浒山街道, 龙山镇, 观海卫镇. Margin 0.1 as the sample's tracking.
const margin = cixi.tracking.margin;
const goals = ['pm25', 'vocs-projects', 'hazardous-waste-network'];
const units = ['hushan', 'longshan', 'guanhaiwei'];
const slots = goals.flatMap((goal) => units.map((unit) => ({ goal, unit })));

const days = fc
  .date({ min: new Date('2022-01-01T00:00:00Z'), max: new Date('2023-02-28T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** One change of one task (by its slot), as the routes, the chase and the breakdown make them. */
const changes = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), slot: fc.nat(slots.length - 1) }),
  fc.record({ kind: fc.constant('report' as const), slot: fc.nat(slots.length - 1), share: fc.double({ min: 0, max: 1.2, noNaN: true }), value: fc.double({ min: 10, max: 60, noNaN: true }), on: days }),
  fc.record({ kind: fc.constant('closeout' as const), slot: fc.nat(slots.length - 1) }),
  fc.record({ kind: fc.constant('accept' as const), slot: fc.nat(slots.length - 1) }),
  fc.record({ kind: fc.constant('reject' as const), slot: fc.nat(slots.length - 1) }),
  fc.record({ kind: fc.constant('close' as const), slot: fc.nat(slots.length - 1) }),
  fc.record({ kind: fc.constant('reopen' as const), slot: fc.nat(slots.length - 1) }),
  fc.record({ kind: fc.constant('escalate' as const), slot: fc.nat(slots.length - 1), level: fc.constantFrom(...levels), on: days }),
  fc.record({ kind: fc.constant('extend' as const), slot: fc.nat(slots.length - 1), deadline: days }),
  fc.record({ kind: fc.constant('withdraw' as const), slot: fc.nat(slots.length - 1) }),
  fc.record({ kind: fc.constant('reinstate' as const), slot: fc.nat(slots.length - 1) }),
);
type Change = typeof changes extends fc.Arbitrary<infer T> ? T : never;

/** The task after the change, or undefined when the change does not apply to it (as the lifecycle would refuse it). */
function applied(task: Task | undefined, change: Change): Task | undefined {
  const { goal, unit } = slots[change.slot]!;
  if (change.kind === 'create') return task ? undefined : cixiTask(goal, unit);
  if (!task) return undefined;
  const open = task.status === 'assigned' || task.status === 'in_progress';
  switch (change.kind) {
    case 'report': {
      if (!open) return undefined;
      const progress =
        task.kind === 'quantity'
          ? { done: Math.round((task.target ?? 0) * change.share * 10) / 10 }
          : task.kind === 'indicator'
            ? { value: change.value, period: '2022' }
            : { complete: change.share >= 1 };
      return { ...task, status: 'in_progress', progress: { asOf: change.on, reportedBy: 'token:unit', reportedAt: `${change.on}T02:00:00.000Z`, ...progress } };
    }
    case 'closeout':
      return open ? { ...task, status: 'closeout_requested' } : undefined;
    case 'accept':
      return task.status === 'closeout_requested' ? { ...task, status: 'accepted' } : undefined;
    case 'reject':
      return task.status === 'closeout_requested' ? { ...task, status: 'in_progress' } : undefined;
    case 'close':
      return task.status === 'accepted' ? { ...task, status: 'closed' } : undefined;
    case 'reopen':
      return task.status === 'closed' ? { ...task, status: 'in_progress', rebounds: (task.rebounds ?? 0) + 1 } : undefined;
    case 'escalate':
      return open ? { ...task, escalation: { level: change.level, period: `overdue:${task.deadline}`, date: change.on } } : undefined;
    case 'extend':
      return open ? { ...task, originalDeadline: task.originalDeadline ?? task.deadline, deadline: change.deadline } : undefined;
    case 'withdraw':
      return task.status === 'closed' || task.status === 'withdrawn' ? undefined : { ...task, status: 'withdrawn' };
    case 'reinstate':
      return task.status === 'withdrawn' ? { ...task, status: task.progress ? 'in_progress' : 'assigned' } : undefined;
  }
}

/** Counters without the ones at zero: a maintained row keeps counters that went back to 0. */
const nonZero = (counters: Counters | undefined) => Object.fromEntries(Object.entries(counters ?? {}).filter(([, value]) => Math.abs(value) > 1e-9));

describe('the plan summary kept by deltas', () => {
  it('equals the summary recomputed from the tasks, after any sequence of task changes, on any day', () => {
    fc.assert(
      fc.property(fc.array(changes, { maxLength: 60 }), fc.array(days, { minLength: 1, maxLength: 4 }), (sequence, lookedAt) => {
        // Prepare
        const tasks = new Map<number, Task>();
        const maintained = new Map<string, Counters>();

        // Act
        for (const change of sequence) {
          const before = tasks.get(change.slot);
          const after = applied(before, change);
          if (!after) continue;
          tasks.set(change.slot, after);
          for (const [row, delta] of rowDeltas(before, after, margin)) maintained.set(row, addCounters(maintained.get(row) ?? {}, delta));
        }

        // Assess
        const recomputed = summaryOfTasks([...tasks.values()], margin);
        for (const row of [...units.map(unitRow), ...goals.map(goalRow)]) {
          const kept = nonZero(maintained.get(row));
          const counted = nonZero(recomputed.get(row));
          expect(Object.keys(kept).sort()).toEqual(Object.keys(counted).sort());
          for (const name of Object.keys(counted)) expect(kept[name]).toBeCloseTo(counted[name]!, 6);
          for (const day of lookedAt) expect(figuresOf(maintained.get(row) ?? {}, day)).toEqual(figuresOf(recomputed.get(row) ?? {}, day));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('counts on any day the light each task has that day (the light schedule agrees with lightOf)', () => {
    fc.assert(
      fc.property(fc.array(changes, { maxLength: 30 }), days, (sequence, today) => {
        // Prepare
        const tasks = new Map<number, Task>();
        for (const change of sequence) {
          const after = applied(tasks.get(change.slot), change);
          if (after) tasks.set(change.slot, after);
        }

        // Act
        const summary = summaryOfTasks([...tasks.values()], margin);

        // Assess
        for (const unit of units) {
          const own = [...tasks.values()].filter((task) => task.unitId === unit);
          const lights = { green: 0, yellow: 0, red: 0, none: 0 };
          for (const task of own) lights[lightOf(task, today, margin) ?? 'none']++;
          expect(figuresOf(summary.get(unitRow(unit)) ?? {}, today).light).toEqual(lights);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the light schedule', () => {
  it('turns a quantity yellow on the milestone it falls behind of and red the day after its deadline', () => {
    // Prepare: 浒山街道's share of the hazardous-waste network, nothing reported (40% due by 06-30, 70% by 09-30).
    const task = cixiTask('hazardous-waste-network', 'hushan');

    // Act
    const schedule = lightSchedule(task, margin);

    // Assess
    expect(schedule[0]).toEqual(['0000-00-00', 'green']);
    expect(schedule.at(-1)).toEqual(['2023-01-01', 'red']);
    const yellowFrom = schedule.find(([, light]) => light === 'yellow')![0];
    expect(lightOf(task, yellowFrom, margin)).toBe('yellow');
    expect(lightOf(task, '2022-01-01', margin)).toBe('green');
  });
});

describe('the answer', () => {
  it('lists units and goals in plan order, counts a row without tasks as zeros, and adds the units up', () => {
    // Prepare: 浒山街道 reported half of its VOCs projects; 龙山镇's is closed; 观海卫镇 has no task.
    const reported = { asOf: '2022-06-01', done: 3, reportedBy: 'token:hushan', reportedAt: '2022-06-01T02:00:00.000Z' };
    const tasks = [
      { ...cixiTask('vocs-projects', 'hushan'), status: 'in_progress' as const, progress: reported },
      { ...cixiTask('vocs-projects', 'longshan'), status: 'closed' as const },
    ];
    const plan = {
      planId: cixi.id,
      name: cixi.name,
      year: cixi.year,
      units: cixi.units.filter((unit) => ['hushan', 'longshan', 'guanhaiwei'].includes(unit.id)),
      goals: cixi.goals.filter((goal) => ['pm25', 'vocs-projects'].includes(goal.id)),
    };

    // Act
    const answer = planSummaryAnswer(plan, summaryOfTasks(tasks, margin), { today: '2022-06-15', asOf: '2022-06-15T02:00:00.000Z' });

    // Assess
    expect(answer.units.map((unit) => [unit.unitId, unit.tasks, unit.closed, unit.completionRate])).toEqual([
      ['hushan', 1, 0, 0],
      ['longshan', 1, 1, 1],
      ['guanhaiwei', 0, 0, null],
    ]);
    const vocs = answer.goals.find((goal) => goal.goalId === 'vocs-projects')!;
    expect([vocs.target, vocs.done, vocs.completionRate]).toEqual([tasks[0]!.target! + tasks[1]!.target!, 3, 0.5]);
    expect(answer.goals[0]).toMatchObject({ goalId: 'pm25', tasks: 0, unitOfMeasure: 'μg/m³' });
    expect(answer.goals[0]).not.toHaveProperty('target');
    expect(answer.totals).toMatchObject({ tasks: 2, closed: 1, completionRate: 0.5, status: { in_progress: 1, closed: 1 }, level: { none: 2 } });
  });
});
