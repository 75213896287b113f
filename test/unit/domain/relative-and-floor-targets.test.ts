import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateGoal } from '../../../shared/domain/allocation.js';
import { calendarForYears } from '../../../shared/domain/calendars.js';
import { goalTarget } from '../../../shared/domain/goal-target.js';
import { lateness } from '../../../shared/domain/lateness.js';
import { Plan, type PlanInput } from '../../../shared/domain/plan.js';
import { validatePlan } from '../../../shared/domain/plan-rules.js';
import { directions } from '../../../shared/domain/target.js';
import { defaultTracking } from '../../../shared/domain/tracking.js';
import { previewBreakdown } from '../../../shared/plans/breakdown-preview.js';
import { cixiTask } from './cixi-tasks.js';
import { smallPlan } from './plan-fixture.js';

const towns = ['hushan', 'longshan', 'zhouxiang'] as const;

/** The fixture's PM2.5 goal made relative: 比2021年下降5%, 浒山 from its own baseline. */
function relativePlan(relative: Record<string, unknown>, allocation: Record<string, unknown> = { method: 'each', units: 'towns' }): PlanInput {
  const plan = smallPlan();
  const { target: _target, ...pm25 } = plan.goals[0] as Record<string, unknown>;
  plan.goals[0] = { ...pm25, relative, allocation } as PlanInput['goals'][number];
  return plan;
}

function rulesOf(input: PlanInput): string[] {
  const result = validatePlan(input);
  return result.ok ? [] : result.problems.map((p) => `${p.path} ${p.rule}`);
}

describe('relative targets: breakdown', () => {
  it('gives each unit its own baseline × (1 + change), else the goal-wide one, and keeps both on the task', () => {
    // Prepare
    const plan = Plan.parse(relativePlan({ change: -0.05, baseline: 30, baselines: { hushan: 31.2 }, baselineYear: 2021 }));

    // Act
    const tasks = allocateGoal(plan, plan.goals[0]!);

    // Assess
    expect(tasks).toEqual([
      { unitId: 'hushan', target: 29.64, relative: { baseline: 31.2, change: -0.05, baselineYear: 2021 } },
      { unitId: 'longshan', target: 28.5, relative: { baseline: 30, change: -0.05, baselineYear: 2021 } },
      { unitId: 'zhouxiang', target: 28.5, relative: { baseline: 30, change: -0.05, baselineYear: 2021 } },
    ]);
    expect(goalTarget(plan.goals[0]!)).toBe(28.5);
  });

  it('has no goal-wide target when every baseline is the unit\'s own', () => {
    // Prepare
    const plan = Plan.parse(relativePlan({ change: -0.05, baselines: { hushan: 31.2, longshan: 30, zhouxiang: 24.5 } }));

    // Act
    const target = goalTarget(plan.goals[0]!);

    // Assess
    expect(target).toBeNull();
  });

  it('makes one task per unit, each at baseline × (1 + change) within rounding, for any baselines and change', () => {
    const baseline = fc.double({ min: 0, max: 500, noNaN: true });
    fc.assert(
      fc.property(
        fc.constantFrom(...directions),
        fc.double({ min: -0.99, max: 10, noNaN: true }),
        fc.option(baseline, { nil: undefined }),
        fc.tuple(...towns.map(() => fc.option(baseline, { nil: undefined }))),
        (direction, change, wide, own) => {
          // Prepare: a goal-wide baseline or every unit's own
          const baselines = Object.fromEntries(
            towns.flatMap((id, i) => (own[i] === undefined && wide !== undefined ? [] : [[id, own[i] ?? 1]])),
          );
          const input = relativePlan({ change, ...(wide === undefined ? {} : { baseline: wide }), baselines });
          (input.goals[0] as { direction: string }).direction = direction;
          const result = validatePlan(input);
          expect(result.ok, JSON.stringify(!result.ok && result.problems)).toBe(true);
          const plan = result.ok ? result.value : Plan.parse(input);

          // Act
          const tasks = allocateGoal(plan, plan.goals[0]!);

          // Assess
          expect(tasks.map((task) => task.unitId)).toEqual([...towns]);
          for (const task of tasks) {
            const unitBaseline = baselines[task.unitId] ?? wide!;
            expect(task.relative?.baseline).toBe(unitBaseline);
            expect(Math.abs(task.target! - unitBaseline * (1 + change))).toBeLessThan(0.01 + 1e-9);
          }
        },
      ),
    );
  });
});

describe('relative targets: rules', () => {
  it('names every unit of the allocation without a baseline', () => {
    // Act
    const rules = validatePlan(relativePlan({ change: -0.05, baselines: { hushan: 31.2 } }));

    // Assess
    expect(rules.ok).toBe(false);
    const missing = !rules.ok ? rules.problems.find((p) => p.rule === 'missing_baseline') : undefined;
    expect(missing?.path).toBe('goals[0].relative');
    expect(missing?.message).toContain('longshan, zhouxiang');
    expect(missing?.messageZh).toContain('longshan、zhouxiang');
  });

  it('takes either target or relative, and one of them', () => {
    // Prepare
    const both = relativePlan({ change: -0.05, baseline: 30 });
    (both.goals[0] as { target?: number }).target = 29;
    const neither = smallPlan();
    delete (neither.goals[0] as { target?: number }).target;

    // Act
    const withBoth = rulesOf(both);
    const withNeither = rulesOf(neither);

    // Assess
    expect(withBoth).toEqual(['goals[0].relative target_and_relative']);
    expect(withNeither).toEqual(['goals[0].target target_required']);
  });

  it('refuses overrides and quotas, which baselines replace', () => {
    // Act
    const overrides = rulesOf(relativePlan({ change: -0.05, baseline: 30 }, { method: 'each', units: 'towns', overrides: { hushan: 28 } }));
    const quotas = rulesOf(relativePlan({ change: -0.05, baseline: 30 }, { method: 'quota', quotas: { hushan: 28 } }));

    // Assess
    expect(overrides).toEqual(['goals[0].allocation.overrides relative_overrides']);
    expect(quotas).toEqual(['goals[0].allocation.method relative_method']);
  });

  it('refuses a change of −100% or less, more than +1000%, a baseline year not before the plan and an unknown unit', () => {
    // Act
    const gone = rulesOf(relativePlan({ change: -1, baseline: 30 }));
    const huge = rulesOf(relativePlan({ change: 11, baseline: 30 }));
    const year = rulesOf(relativePlan({ change: -0.05, baseline: 30, baselineYear: 2022 }));
    const unknown = rulesOf(relativePlan({ change: -0.05, baseline: 30, baselines: { nowhere: 1, 'water-office': 2 } }));

    // Assess
    expect(gone).toEqual(['goals[0].relative.change too_small']);
    expect(huge).toEqual(['goals[0].relative.change too_big']);
    expect(year).toEqual(['goals[0].relative.baselineYear baseline_year']);
    expect(unknown).toEqual(['goals[0].relative.baselines.nowhere unknown_unit', 'goals[0].relative.baselines.water-office baseline_not_in_set']);
  });

  it('is for indicators only', () => {
    // Prepare
    const plan = smallPlan();
    Object.assign(plan.goals[1]!, { relative: { change: -0.05, baseline: 30 } });

    // Act
    const rules = rulesOf(plan);

    // Assess
    expect(rules.some((rule) => rule.startsWith('goals[1]'))).toBe(true);
  });
});

describe('floors (atLeast)', () => {
  it('splits a floor like any quantity: the shares sum to the target', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.constantFrom('even', 'proportional'), (target, method) => {
        // Prepare
        const input = smallPlan();
        const vocs = input.goals[1] as Record<string, unknown>;
        Object.assign(vocs, {
          target,
          atLeast: true,
          allocation: method === 'even' ? { method, units: 'towns' } : { method, units: 'towns', base: 'enterprises' },
        });
        const plan = Plan.parse(input);

        // Act
        const tasks = allocateGoal(plan, plan.goals[1]!);

        // Assess
        expect(tasks.reduce((sum, task) => sum + (task.target ?? 0), 0)).toBe(target);
      }),
    );
  });

  it('is a quantity\'s word only', () => {
    // Prepare
    const plan = smallPlan();
    Object.assign(plan.goals[0]!, { atLeast: true });

    // Act
    const rules = rulesOf(plan);

    // Assess
    expect(rules.some((rule) => rule.startsWith('goals[0]'))).toBe(true);
  });
});

describe('relative and floor targets: breakdown preview and lateness', () => {
  it('previews a relative goal by its change and each unit by its baseline, a floor as such', () => {
    // Prepare
    const input = relativePlan({ change: -0.05, baselines: { hushan: 31.2, longshan: 30, zhouxiang: 24.5 }, baselineYear: 2021 });
    Object.assign(input.goals[1]!, { atLeast: true });

    // Act
    const [pm25, vocs] = previewBreakdown(Plan.parse(input));

    // Assess
    expect(pm25).toMatchObject({ target: null, relative: { change: -0.05, baselineYear: 2021 }, atLeast: false });
    expect(pm25!.tasks.map((task) => [task.target, task.relative?.baseline])).toEqual([[29.64, 31.2], [28.5, 30], [23.27, 24.5]]);
    expect(vocs).toMatchObject({ target: 110, allocated: 110, atLeast: true });
  });

  it('finds a strict indicator on its target behind only when the margin is 0', () => {
    // Prepare: 高于87%, reported at 87
    const calendar = calendarForYears([2022]);
    const task = cixiTask('good-air-ratio', 'hushan', {
      status: 'in_progress',
      direction: 'more_than',
      target: 87,
      progress: { asOf: '2022-07-05', value: 87, period: '2022-Q2', reportedBy: 'token:hushan', reportedAt: '2022-07-05T02:00:00.000Z' },
    });

    // Act
    const withMargin = lateness(task, '2022-07-12', calendar, { ...defaultTracking, margin: 0.1 });
    const withoutMargin = lateness(task, '2022-07-12', calendar, { ...defaultTracking, margin: 0 });

    // Assess
    expect(withMargin).toBeNull();
    expect(withoutMargin).toMatchObject({ kind: 'behind', since: '2022-07-05', figures: { value: 87, target: 87, direction: 'more_than' } });
  });
});
