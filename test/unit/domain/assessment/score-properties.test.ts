import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssessmentRules, type AssessmentRulesInput } from '../../../../shared/domain/assessment/rules.js';
import { type ScoreInput, scoreUnit } from '../../../../shared/domain/assessment/score.js';
import { lineRules, type Actual, type Adjustment, type LedgerEntry, type ScoringEvent, type ScoringTask, type UnitScore } from '../../../../shared/domain/assessment/types.js';
import { levels } from '../../../../shared/domain/lateness.js';
import { taskStatuses } from '../../../../shared/domain/task.js';
import { mulberry32 } from '../../../../shared/simulate/random.js';
import { calendar2022 } from './scoring-fixture.js';

/*
 * Random pools of the unit `hushan`: its own tasks and tasks of `gutang` it co-operates on, every kind and
 * status, score-relevant events from January 2022 to January 2023, actuals, bonuses and vetoes, and rules
 * with points to the hundredth. No appeals: a decision may give any points.
 */

const unit = { unitId: 'hushan', unitName: '浒山街道', unitKind: 'street' as const };
const goals = ['pm25', 'vocs-projects', 'water-stations', 'handover-sections', 'spray-recheck', 'eco-plan-revision'];

const hundredths = (max: number) => fc.integer({ min: 0, max }).map((n) => n / 100);
/** A day of 2022 or January 2023 (a close-out request may come after the plan year). */
const day = fc.integer({ min: 0, max: 395 }).map((n) => new Date(Date.UTC(2022, 0, 1 + n)).toISOString().slice(0, 10));
const instant = fc.tuple(day, fc.integer({ min: 0, max: 23 })).map(([date, hour]) => `${date}T${String(hour).padStart(2, '0')}:30:00.000Z`);

const rules: fc.Arbitrary<AssessmentRulesInput> = fc.record({
  weights: fc.dictionary(fc.constantFrom(...goals), fc.integer({ min: 1, max: 500 }).map((n) => n / 100)),
  points: fc.integer({ min: 0, max: 10_000 }).map((n) => ({ completion: n / 100, timeliness: (10_000 - n) / 100 })),
  indicator: fc.record({ mode: fc.constantFrom('attained' as const, 'graded' as const), tolerance: fc.integer({ min: 1, max: 100 }).map((n) => n / 100) }),
  timeliness: fc.record({ perLateDay: hundredths(100) }),
  deductions: fc.record({
    remind: hundredths(300),
    urge: hundredths(300),
    supervise: hundredths(300),
    notice: hundredths(500),
    summon: hundredths(1000),
    rebound: hundredths(500),
  }),
  bonusCap: hundredths(10_000),
  coUnitShare: fc.oneof(fc.constant(0), hundredths(100)),
  // Left out (the default, true) half the time.
  floorAtZero: fc.option(fc.boolean(), { nil: undefined }),
});

const progress = fc.record({
  done: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
  value: fc.option(fc.double({ min: -50, max: 150, noNaN: true }), { nil: undefined }),
  complete: fc.option(fc.boolean(), { nil: undefined }),
  asOf: day,
});

const eventTypes: LedgerEntry['type'][] = ['escalated', 'closeout_requested', 'task_closed', 'closeout_accepted', 'task_reopened'];
const rawEvent = fc.record({
  type: fc.constantFrom(...eventTypes),
  at: instant,
  level: fc.constantFrom(...levels),
  period: fc.constantFrom('overdue:2022-12-31', 'behind:2022-06-30', 'behind:2022-09-30', 'due:2022-12-23'),
  to: fc.constantFrom('accepted' as const, 'closed' as const),
});

const rawTask = fc.record({
  goalId: fc.constantFrom(...goals),
  own: fc.boolean(),
  kind: fc.constantFrom('quantity' as const, 'indicator' as const, 'action' as const),
  target: fc.integer({ min: 0, max: 300 }),
  direction: fc.constantFrom('at_most' as const, 'at_least' as const),
  deadline: day.filter((date) => date.startsWith('2022')),
  status: fc.constantFrom(...taskStatuses),
  progress: fc.option(progress, { nil: null }),
  events: fc.array(rawEvent, { maxLength: 8 }),
  actual: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
});

const rawAdjustment = fc.record({ kind: fc.constantFrom('bonus' as const, 'bonus' as const, 'veto' as const), points: fc.integer({ min: 1, max: 2000 }).map((n) => n / 100) });

const pools = fc.record({
  rules,
  tasks: fc.uniqueArray(rawTask, { maxLength: 25, selector: (task) => `${task.goalId}.${task.own}` }),
  adjustments: fc.array(rawAdjustment, { maxLength: 6 }),
  seed: fc.integer(),
});

type Pool = typeof pools extends fc.Arbitrary<infer T> ? T : never;

function inputOf(pool: Pool): ScoreInput {
  const parsed = AssessmentRules.parse(pool.rules);
  const tasks: ScoringTask[] = [];
  const events: ScoringEvent[] = [];
  const actuals: Actual[] = [];
  for (const raw of pool.tasks) {
    const owner = raw.own ? 'hushan' : 'gutang';
    const id = `cixi-2022.${raw.goalId}.${owner}`;
    tasks.push({
      id,
      planId: 'cixi-2022',
      goalId: raw.goalId,
      unitId: owner,
      year: 2022,
      kind: raw.kind,
      title: raw.goalId,
      target: raw.kind === 'action' ? null : raw.target,
      ...(raw.kind === 'indicator' ? { direction: raw.direction } : {}),
      deadline: raw.deadline,
      coUnits: raw.own ? [] : ['hushan', 'zonghan'],
      status: raw.status,
      progress: raw.progress,
    });
    raw.events.forEach((event, i) => {
      const base = { taskId: id, v: i + 2, type: event.type, at: event.at };
      if (event.type === 'escalated') events.push({ ...base, level: event.level, period: event.period });
      else if (event.type === 'closeout_accepted') events.push({ ...base, to: event.to });
      else events.push(base);
    });
    if (raw.kind === 'indicator' && raw.actual !== undefined)
      actuals.push({ actualId: `actual:${id}`, taskId: id, value: raw.actual, enteredBy: 'admin:li', enteredAt: '2023-01-05T01:00:00.000Z' });
  }
  const adjustments: Adjustment[] = pool.adjustments.map((raw, i) => ({
    adjustmentId: `adj-${i + 1}`,
    year: 2022,
    unitId: 'hushan',
    kind: raw.kind,
    ...(raw.kind === 'bonus' ? { points: raw.points } : {}),
    reason: '加分 / bonus',
    recordedBy: 'admin:li',
    recordedAt: '2023-01-06T01:00:00.000Z',
  }));
  return {
    unit,
    tasks,
    events,
    actuals,
    adjustments,
    waivers: [],
    rulesOf: () => parsed,
    unitRules: parsed,
    timezoneOf: () => 'Asia/Shanghai',
    calendar: calendar2022,
  };
}

const cents = (points: number) => Math.round(points * 100);
const sumOf = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const linesOf = (score: UnitScore, rules: readonly string[]) => score.lineItems.filter((line) => rules.includes(line.rule));

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('scoreUnit: properties of random pools', () => {
  it('gives line items that sum exactly (in hundredths) to the total, and by rule to each subtotal', () => {
    fc.assert(
      fc.property(pools, (pool) => {
        // Act
        const score = scoreUnit(inputOf(pool));

        // Assess
        const lines = score.lineItems.map((line) => line.points);
        expect(lines.every((points) => Number.isInteger(Math.round(points * 100)) && Math.abs(points * 100 - cents(points)) < 1e-6)).toBe(true);
        expect(sumOf(lines.map(cents))).toBe(cents(score.total));
        expect(sumOf(linesOf(score, ['completion']).map((line) => cents(line.points)))).toBe(cents(score.completion));
        expect(sumOf(linesOf(score, ['timeliness']).map((line) => cents(line.points)))).toBe(cents(score.timeliness));
        expect(sumOf(linesOf(score, ['escalation', 'rebound']).map((line) => cents(line.points)))).toBe(cents(score.deductions));
        expect(sumOf(linesOf(score, ['bonus']).map((line) => cents(line.points)))).toBe(cents(score.bonus));
        expect(score.lineItems.every((line) => lineRules.includes(line.rule))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('splits exactly 100 points of maxima over a pool that is not empty, completion and timeliness each as the rules say', () => {
    fc.assert(
      fc.property(pools, (pool) => {
        // Prepare
        const input = inputOf(pool);

        // Act
        const score = scoreUnit(input);

        // Assess
        const maxima = (rule: string) => sumOf(linesOf(score, [rule]).map((line) => cents(line.max ?? Number.NaN)));
        if (score.tasks === 0) {
          expect(linesOf(score, ['completion', 'timeliness'])).toEqual([]);
          return;
        }
        expect(maxima('completion') + maxima('timeliness')).toBe(10_000);
        expect(maxima('completion')).toBe(cents(input.unitRules.points.completion));
        expect(linesOf(score, ['completion', 'timeliness']).every((line) => line.points >= 0 && line.points <= line.max!)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never gives more than 100 plus the bonus cap, and every deduction line takes points', () => {
    fc.assert(
      fc.property(pools, (pool) => {
        // Prepare
        const input = inputOf(pool);

        // Act
        const score = scoreUnit(input);

        // Assess
        expect(cents(score.total)).toBeLessThanOrEqual(10_000 + cents(input.unitRules.bonusCap));
        expect(cents(score.bonus)).toBeLessThanOrEqual(cents(input.unitRules.bonusCap));
        const deductions = linesOf(score, ['escalation', 'rebound']);
        expect(deductions.every((line) => line.points < 0 || line.detail.capped === true)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never gives a total below 0 under the default (扣完为止); a capped line takes less than its rule, never more, and only once the points are used up', () => {
    fc.assert(
      fc.property(pools, (pool) => {
        // Prepare
        const input = inputOf(pool);

        // Act
        const score = scoreUnit(input);

        // Assess
        const deductions = linesOf(score, ['escalation', 'rebound']);
        for (const line of deductions) {
          const rule = cents(line.detail.deduction as number);
          if (line.detail.capped) expect(cents(line.points)).toBeGreaterThan(rule);
          else expect(cents(line.points)).toBe(rule);
          expect(cents(line.points)).toBeLessThanOrEqual(0);
          expect(Object.is(line.points, -0)).toBe(false);
        }
        if (!input.unitRules.floorAtZero) {
          expect(deductions.some((line) => line.detail.capped)).toBe(false);
          return;
        }
        expect(cents(score.total)).toBeGreaterThanOrEqual(0);
        // Capped lines leave nothing: the total is 0 exactly when any line is capped.
        if (deductions.some((line) => line.detail.capped)) expect(cents(score.total)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('caps nothing for a unit whose deductions its points cover, whatever floorAtZero says', () => {
    fc.assert(
      fc.property(pools, (pool) => {
        // Prepare
        const floored = inputOf({ ...pool, rules: { ...pool.rules, floorAtZero: true } });
        const unfloored = inputOf({ ...pool, rules: { ...pool.rules, floorAtZero: false } });

        // Act
        const [capped, free] = [scoreUnit(floored), scoreUnit(unfloored)];

        // Assess
        if (cents(free.total) >= 0) expect(capped.lineItems.map((line) => line.points)).toEqual(free.lineItems.map((line) => line.points));
        else expect(cents(capped.total)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic and does not depend on the order of tasks, events, actuals or adjustments', () => {
    fc.assert(
      fc.property(pools, (pool) => {
        // Prepare
        const input = inputOf(pool);
        const reordered: ScoreInput = {
          ...input,
          tasks: shuffled(input.tasks, pool.seed),
          events: shuffled(input.events, pool.seed + 1),
          actuals: shuffled(input.actuals, pool.seed + 2),
          adjustments: shuffled(input.adjustments, pool.seed + 3),
        };

        // Act
        const first = scoreUnit(input);
        const again = scoreUnit(input);
        const other = scoreUnit(reordered);

        // Assess
        expect(JSON.stringify(again)).toBe(JSON.stringify(first));
        expect(JSON.stringify(other)).toBe(JSON.stringify(first));
      }),
      { numRuns: 300 },
    );
  });
});
