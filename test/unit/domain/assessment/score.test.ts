import { describe, expect, it } from 'vitest';
import { scoreUnit } from '../../../../shared/domain/assessment/score.js';
import type { LineItem, UnitScore } from '../../../../shared/domain/assessment/types.js';
import { CalendarYearMissing } from '../../../../shared/domain/calendar.js';
import { cixiTask } from '../cixi-tasks.js';
import { bonus, event, reported, scoreInput, veto } from './scoring-fixture.js';

const ecoBureau = { unitId: 'eco-bureau', unitName: '慈溪分局', unitKind: 'department' as const };
const economyIt = { unitId: 'economy-it', unitName: '市经信局', unitKind: 'department' as const };

/** Each line as `lineId points[/max]`: what a person checks first. */
const pointsOf = (score: UnitScore) => score.lineItems.map((line) => `${line.lineId} ${line.points}${line.max === undefined ? '' : `/${line.max}`}`);
const line = (score: UnitScore, lineId: string): LineItem => {
  const found = score.lineItems.find((item) => item.lineId === lineId);
  if (!found) throw new Error(`no line ${lineId} in ${pointsOf(score).join(', ')}`);
  return found;
};

/*
 * 慈溪分局's year, worked by hand. Weights: soil-source-analysis 2, the others 1, so of the 80 completion
 * points drinking-water and eco-plan-revision may give 20 each and soil-source-analysis 40; of the 20
 * timeliness points 5, 5 and 10.
 * - drinking-water (饮用水水源地水质达标率 ≥ 100 %): the actual for the year is 96 (the unit reported 100):
 *   graded, 1 − 4 / (0.2 × 100) = 0.8 → 16. Not closed: no timeliness.
 * - eco-plan-revision (修编生态文明建设规划, an action due Friday 2022-09-30): closed on time, re-opened on
 *   8 October (回头看, −1), asked to close again at 01:00 on Monday 10 October in Shanghai (still 9 October
 *   in UTC) and closed on the 12th. Late by the working days after 30 September up to 10 October: 1–7
 *   October are the 国庆 holiday, the 8th and 9th (Saturday, Sunday) are swapped working days, then the
 *   10th: 3. Timeliness 1 − 0.1 × 3 = 0.7 of 5 → 3.5; completion 20.
 * - soil-source-analysis (土壤污染源解析, 10000 亩): 5000 done → 0.5 of 40 → 20. Behind since the June
 *   milestone up to 通报 (−2), behind again from September up to 约谈 (−5).
 * - Bonuses adj-1 (3) and adj-2 (4) under a cap of 5: 3 and 2.
 * Total 16 + 20 + 20 + 3.5 − 1 − 2 − 5 + 5 = 56.5.
 */
function ecoBureauYear() {
  const water = cixiTask('drinking-water', 'eco-bureau', { status: 'in_progress', progress: reported({ value: 100 }) });
  const plan = cixiTask('eco-plan-revision', 'eco-bureau', { status: 'closed', progress: reported({ complete: true }, '2022-10-09') });
  const soil = cixiTask('soil-source-analysis', 'eco-bureau', { status: 'in_progress', progress: reported({ done: 5000 }) });
  const events = [
    event(plan.id, 2, 'closeout_requested', '2022-09-28T02:00:00.000Z'),
    event(plan.id, 3, 'closeout_accepted', '2022-09-28T06:00:00.000Z', { to: 'accepted' }),
    event(plan.id, 4, 'task_closed', '2022-09-29T02:00:00.000Z'),
    event(plan.id, 5, 'task_reopened', '2022-10-08T02:00:00.000Z'),
    event(plan.id, 6, 'closeout_requested', '2022-10-09T17:00:00.000Z'),
    event(plan.id, 7, 'closeout_accepted', '2022-10-11T02:00:00.000Z', { to: 'accepted' }),
    event(plan.id, 8, 'task_closed', '2022-10-12T02:00:00.000Z'),
    event(soil.id, 3, 'escalated', '2022-07-01T01:00:00.000Z', { level: 'urge', period: 'behind:2022-06-30' }),
    event(soil.id, 4, 'escalated', '2022-07-08T01:00:00.000Z', { level: 'supervise', period: 'behind:2022-06-30' }),
    event(soil.id, 5, 'escalated', '2022-07-15T01:00:00.000Z', { level: 'notice', period: 'behind:2022-06-30' }),
    event(soil.id, 8, 'escalated', '2022-11-01T01:00:00.000Z', { level: 'summon', period: 'behind:2022-09-30' }),
  ];
  const actuals = [{ actualId: `actual:${water.id}`, taskId: water.id, value: 96, enteredBy: 'admin:li', enteredAt: '2023-01-05T01:00:00.000Z' }];
  const adjustments = [bonus('adj-2', 'eco-bureau', 4), bonus('adj-1', 'eco-bureau', 3)];
  return { water, plan, soil, parts: { tasks: [water, plan, soil], events, actuals, adjustments } };
}
const weights = { weights: { 'soil-source-analysis': 2 } };

describe('scoreUnit: a unit\'s year, line by line', () => {
  it('gives 慈溪分局 the points worked out by hand, each line with its most, summing to the total', () => {
    // Prepare
    const { parts } = ecoBureauYear();

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, parts, weights));

    // Assess
    expect(pointsOf(score)).toEqual([
      'completion:cixi-2022.drinking-water.eco-bureau 16/20',
      'timeliness:cixi-2022.drinking-water.eco-bureau 0/5',
      'completion:cixi-2022.eco-plan-revision.eco-bureau 20/20',
      'timeliness:cixi-2022.eco-plan-revision.eco-bureau 3.5/5',
      'rebound:cixi-2022.eco-plan-revision.eco-bureau@5 -1',
      'completion:cixi-2022.soil-source-analysis.eco-bureau 20/40',
      'timeliness:cixi-2022.soil-source-analysis.eco-bureau 0/10',
      'escalation:cixi-2022.soil-source-analysis.eco-bureau:behind:2022-06-30:notice -2',
      'escalation:cixi-2022.soil-source-analysis.eco-bureau:behind:2022-09-30:summon -5',
      'bonus:adj-1 3',
      'bonus:adj-2 2',
    ]);
    expect(score).toMatchObject({ total: 56.5, completion: 56, timeliness: 3.5, deductions: -8, bonus: 5, vetoed: false, tasks: 3 });
  });

  it('counts a close-out late across the 国庆 holiday in working days, from the last request before the close', () => {
    // Prepare
    const { parts, plan } = ecoBureauYear();

    // Act
    const timeliness = line(scoreUnit(scoreInput(ecoBureau, parts, weights)), `timeliness:${plan.id}`);

    // Assess
    expect(timeliness).toEqual({
      lineId: `timeliness:${plan.id}`,
      taskId: plan.id,
      role: 'own',
      rule: 'timeliness',
      points: 3.5,
      max: 5,
      eventIds: [`${plan.id}@6`, `${plan.id}@8`],
      detail: { closed: true, deadline: '2022-09-30', doneOn: null, requestedOn: '2022-10-10', closedOn: '2022-10-12', workingDaysLate: 3, ratio: 0.7 },
    });
  });

  it('takes a close-out requested on the deadline as on time, and the reviewers\' days after it as none of the unit\'s', () => {
    // Prepare
    const plan = cixiTask('eco-plan-revision', 'eco-bureau', { status: 'closed' });
    const events = [
      event(plan.id, 2, 'closeout_requested', '2022-09-30T09:00:00.000Z'),
      event(plan.id, 3, 'closeout_accepted', '2022-10-12T02:00:00.000Z', { to: 'accepted' }),
      event(plan.id, 4, 'task_closed', '2022-10-20T02:00:00.000Z'),
    ];

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { tasks: [plan], events }));

    // Assess
    expect(pointsOf(score)).toEqual([`completion:${plan.id} 80/80`, `timeliness:${plan.id} 20/20`]);
    expect(line(score, `timeliness:${plan.id}`).detail).toMatchObject({ requestedOn: '2022-09-30', workingDaysLate: 0 });
  });

  it('judges by the day the work was reported done: a request resting on a report as of the deadline is on time, however late it is asked', () => {
    // Prepare: reported done as of Friday 30 September, close-out asked on Wednesday 19 October.
    const plan = cixiTask('eco-plan-revision', 'eco-bureau', { status: 'closed' });
    const events = [
      event(plan.id, 3, 'closeout_requested', '2022-10-19T02:00:00.000Z', { asOf: '2022-09-30' }),
      event(plan.id, 4, 'closeout_accepted', '2022-10-21T06:00:00.000Z', { to: 'closed' }),
    ];

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { tasks: [plan], events }));

    // Assess
    expect(line(score, `timeliness:${plan.id}`)).toMatchObject({ points: 20, eventIds: [`${plan.id}@3`, `${plan.id}@4`] });
    expect(line(score, `timeliness:${plan.id}`).detail).toMatchObject({ doneOn: '2022-09-30', requestedOn: '2022-10-19', workingDaysLate: 0 });
  });

  it('dates a request, acceptance and close by the day each was made for (a simulated year), not the instant it was recorded', () => {
    // Prepare: a simulated 2022, run on 6 December 2026: the request made for Monday 10 October (late by 3
    // working days, as no report rests under it), the close for the 12th.
    const plan = cixiTask('eco-plan-revision', 'eco-bureau', { status: 'closed' });
    const events = [
      event(plan.id, 3, 'closeout_requested', '2026-12-06T02:00:00.000Z', { on: '2022-10-10' }),
      event(plan.id, 4, 'closeout_accepted', '2026-12-06T02:00:01.000Z', { to: 'accepted', on: '2022-10-11' }),
      event(plan.id, 5, 'task_closed', '2026-12-06T02:00:02.000Z', { on: '2022-10-12' }),
    ];

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { tasks: [plan], events }));

    // Assess
    expect(line(score, `timeliness:${plan.id}`).detail).toMatchObject({ requestedOn: '2022-10-10', closedOn: '2022-10-12', workingDaysLate: 3 });
    expect(line(score, `timeliness:${plan.id}`).points).toBe(14);
  });

  it('counts the working days to the day reported done when that is after the deadline', () => {
    // Prepare: reported done as of Tuesday 11 October: after the 国庆 holiday, the worked weekend of 8–9 October and the 10th, the fourth working day after the deadline.
    const plan = cixiTask('eco-plan-revision', 'eco-bureau', { status: 'closed' });
    const events = [
      event(plan.id, 3, 'closeout_requested', '2022-10-19T02:00:00.000Z', { asOf: '2022-10-11' }),
      event(plan.id, 4, 'closeout_accepted', '2022-10-21T06:00:00.000Z', { to: 'closed' }),
    ];

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { tasks: [plan], events }));

    // Assess
    expect(line(score, `timeliness:${plan.id}`).detail).toMatchObject({ doneOn: '2022-10-11', workingDaysLate: 4, ratio: 0.6 });
  });

  it('closes a task of a plan with one review level by the acceptance, and loses all timeliness 10 working days late', () => {
    // Prepare: due Friday 30 September, asked on Wednesday 19 October: 3 days to the 10th, then 7 more.
    const plan = cixiTask('eco-plan-revision', 'eco-bureau', { status: 'closed' });
    const events = [
      event(plan.id, 2, 'closeout_requested', '2022-10-19T02:00:00.000Z'),
      event(plan.id, 3, 'closeout_accepted', '2022-10-21T06:00:00.000Z', { to: 'closed' }),
    ];

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { tasks: [plan], events }));

    // Assess
    expect(line(score, `timeliness:${plan.id}`)).toMatchObject({ points: 0, eventIds: [`${plan.id}@2`, `${plan.id}@3`] });
    expect(line(score, `timeliness:${plan.id}`).detail).toMatchObject({ workingDaysLate: 10, ratio: 0 });
    expect(line(score, `completion:${plan.id}`)).toMatchObject({ points: 80, eventIds: [`${plan.id}@3`] });
  });

  it('refuses to count working days in a year without a calendar, as lateness.ts does, rather than guess', () => {
    // Prepare: a deadline extended into 2024, closed in 2024; the calendar covers 2022 and 2023.
    const plan = cixiTask('eco-plan-revision', 'eco-bureau', { status: 'closed', deadline: '2023-12-29' });
    const events = [event(plan.id, 2, 'closeout_requested', '2024-01-04T02:00:00.000Z'), event(plan.id, 3, 'task_closed', '2024-01-05T02:00:00.000Z')];

    // Act / Assess
    expect(() => scoreUnit(scoreInput(ecoBureau, { tasks: [plan], events }))).toThrow(CalendarYearMissing);
  });
});

describe('scoreUnit: completion', () => {
  it('grades an indicator by the actual for the year over the reported value, and by the reported value without one', () => {
    // Prepare
    const { parts, water } = ecoBureauYear();

    // Act
    const withActual = line(scoreUnit(scoreInput(ecoBureau, parts, weights)), `completion:${water.id}`);
    const withoutActual = line(scoreUnit(scoreInput(ecoBureau, { ...parts, actuals: [] }, weights)), `completion:${water.id}`);

    // Assess
    expect(withActual).toMatchObject({ points: 16, eventIds: [`actual:${water.id}`] });
    expect(withActual.detail).toEqual({ value: 96, target: 100, direction: 'at_least', source: 'actual', mode: 'graded', ratio: 0.8 });
    expect(withoutActual).toMatchObject({ points: 20, eventIds: [] });
    expect(withoutActual.detail).toMatchObject({ value: 100, source: 'reported', ratio: 1 });
  });

  it('grades an at-most indicator (PM2.5) by its distance above the target, all or nothing when attained is the mode', () => {
    // Prepare: 龙山镇 must hold PM2.5 at 27 μg/m³; 28.08 is 1.08 over, a fifth of the tolerance 0.2 × 27.
    const pm25 = cixiTask('pm25', 'longshan', { status: 'in_progress', progress: reported({ value: 28.08 }) });
    const onTarget = cixiTask('pm25', 'longshan', { status: 'in_progress', progress: reported({ value: 27 }) });
    const longshan = { unitId: 'longshan', unitName: '龙山镇', unitKind: 'town' as const };

    // Act
    const graded = scoreUnit(scoreInput(longshan, { tasks: [pm25] }));
    const attained = scoreUnit(scoreInput(longshan, { tasks: [pm25] }, { indicator: { mode: 'attained' } }));
    const exactly = scoreUnit(scoreInput(longshan, { tasks: [onTarget] }, { indicator: { mode: 'attained' } }));

    // Assess
    expect(graded.completion).toBe(64);
    expect(attained.completion).toBe(0);
    expect(exactly.completion).toBe(80);
  });

  it('does not score a strict indicator on its target as met: graded at most 99%, attained 0', () => {
    // Prepare: 龙山镇 must hold PM2.5 below 27 μg/m³ (低于); 27 is on the target, 26.9 below it.
    const onTarget = cixiTask('pm25', 'longshan', { direction: 'less_than', status: 'in_progress', progress: reported({ value: 27 }) });
    const below = cixiTask('pm25', 'longshan', { direction: 'less_than', status: 'in_progress', progress: reported({ value: 26.9 }) });
    const longshan = { unitId: 'longshan', unitName: '龙山镇', unitKind: 'town' as const };

    // Act
    const graded = scoreUnit(scoreInput(longshan, { tasks: [onTarget] }));
    const attained = scoreUnit(scoreInput(longshan, { tasks: [onTarget] }, { indicator: { mode: 'attained' } }));
    const met = scoreUnit(scoreInput(longshan, { tasks: [below] }, { indicator: { mode: 'attained' } }));

    // Assess
    expect(graded.lineItems[0]!.detail).toMatchObject({ direction: 'less_than', ratio: 0.99 });
    expect(attained.completion).toBe(0);
    expect(met.completion).toBe(80);
  });

  it('scores a floor (以上) capped at its target and records the excess; a relative target with its baseline', () => {
    // Prepare: 浒山街道's share of the hazardous-waste network, 147, as a floor, done 168; PM2.5 from a baseline.
    const floor = cixiTask('hazardous-waste-network', 'hushan', { atLeast: true, status: 'in_progress', progress: reported({ done: 168 }) });
    const relative = cixiTask('pm25', 'longshan', {
      target: 25.65,
      relative: { baseline: 27, change: -0.05, baselineYear: 2021 },
      status: 'in_progress',
      progress: reported({ value: 25 }),
    });
    const hushan = { unitId: 'hushan', unitName: '浒山街道', unitKind: 'street' as const };
    const longshan = { unitId: 'longshan', unitName: '龙山镇', unitKind: 'town' as const };

    // Act
    const floorScore = scoreUnit(scoreInput(hushan, { tasks: [floor] }));
    const relativeScore = scoreUnit(scoreInput(longshan, { tasks: [relative] }));

    // Assess
    expect(floorScore.lineItems[0]!.detail).toMatchObject({ done: 168, target: 147, atLeast: true, excess: 21, ratio: 1 });
    expect(floorScore.completion).toBe(80);
    expect(relativeScore.lineItems[0]!.detail).toMatchObject({ target: 25.65, baseline: 27, change: -0.05, baselineYear: 2021, ratio: 1 });
  });

  it('gives an indicator nothing reported and no actual 0 (source none)', () => {
    // Prepare
    const pm25 = cixiTask('pm25', 'longshan');

    // Act
    const score = scoreUnit(scoreInput({ unitId: 'longshan', unitName: '龙山镇', unitKind: 'town' as const }, { tasks: [pm25] }));

    // Assess
    expect(score.lineItems[0]).toMatchObject({ points: 0, detail: { value: null, source: 'none', ratio: 0 } });
  });

  it('gives an action reported complete but not closed its completion, not its timeliness', () => {
    // Prepare
    const handover = cixiTask('handover-sections', 'hushan', { status: 'closeout_requested', progress: reported({ complete: true }) });

    // Act
    const score = scoreUnit(scoreInput({ unitId: 'hushan', unitName: '浒山街道', unitKind: 'street' as const }, { tasks: [handover] }));

    // Assess
    expect(pointsOf(score)).toEqual([`completion:${handover.id} 80/80`, `timeliness:${handover.id} 0/20`]);
  });

  it('leaves a withdrawn task out of the pool', () => {
    // Prepare
    const { parts, water } = ecoBureauYear();
    const withdrawn = { ...water, status: 'withdrawn' as const };

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { ...parts, tasks: [withdrawn, parts.tasks[1]!, parts.tasks[2]!] }, weights));

    // Assess
    expect(score.tasks).toBe(2);
    expect(score.lineItems.some((item) => item.taskId === water.id)).toBe(false);
    expect(line(score, 'completion:cixi-2022.soil-source-analysis.eco-bureau').max).toBeCloseTo(53.33, 10);
  });
});

describe('scoreUnit: deductions', () => {
  it('deducts per escalation period the highest level reached, citing its event; a level that deducts nothing has no line', () => {
    // Prepare
    const soil = cixiTask('soil-source-analysis', 'eco-bureau', { status: 'in_progress', progress: reported({ done: 5000 }) });
    const events = [
      event(soil.id, 2, 'escalated', '2022-07-01T01:00:00.000Z', { level: 'urge', period: 'behind:2022-06-30' }),
      event(soil.id, 3, 'escalated', '2022-07-08T01:00:00.000Z', { level: 'supervise', period: 'behind:2022-06-30' }),
      event(soil.id, 4, 'escalated', '2022-10-10T01:00:00.000Z', { level: 'notice', period: 'behind:2022-09-30' }),
    ];

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { tasks: [soil], events }, { deductions: { notice: 2.5 } }));

    // Assess
    expect(score.lineItems.filter((item) => item.rule === 'escalation')).toEqual([
      {
        lineId: `escalation:${soil.id}:behind:2022-09-30:notice`,
        taskId: soil.id,
        role: 'own',
        rule: 'escalation',
        points: -2.5,
        eventIds: [`${soil.id}@4`],
        detail: { level: 'notice', period: 'behind:2022-09-30', deduction: -2.5, capped: false },
      },
    ]);
  });

  it('deducts each re-open (回头看), and nothing when the plan deducts nothing for it', () => {
    // Prepare
    const recheck = cixiTask('spray-recheck', 'hushan', { status: 'in_progress', progress: reported({ done: 20 }) });
    const events = [event(recheck.id, 5, 'task_reopened', '2022-10-10T02:00:00.000Z'), event(recheck.id, 9, 'task_reopened', '2022-11-10T02:00:00.000Z')];
    const hushan = { unitId: 'hushan', unitName: '浒山街道', unitKind: 'street' as const };

    // Act
    const deducted = scoreUnit(scoreInput(hushan, { tasks: [recheck], events }));
    const free = scoreUnit(scoreInput(hushan, { tasks: [recheck], events }, { deductions: { rebound: 0 } }));

    // Assess
    expect(deducted.lineItems.filter((item) => item.rule === 'rebound').map((item) => [item.lineId, item.points, item.detail.reopenedOn])).toEqual([
      [`rebound:${recheck.id}@5`, -1, '2022-10-10'],
      [`rebound:${recheck.id}@9`, -1, '2022-11-10'],
    ]);
    expect(deducted.deductions).toBe(-2);
    expect(free.lineItems.some((item) => item.rule === 'rebound')).toBe(false);
  });
});

describe('scoreUnit: deductions stop at the unit\'s points (扣完为止)', () => {
  /**
   * 慈溪分局's soil source analysis (土壤污染源解析), 3000 of 10000 亩 done and never closed: 0.3 of 80 → 24, no
   * timeliness. Behind since June up to 约谈 (−5), behind since September up to 约谈 again (−5), 通报 as the
   * deadline neared (−2), overdue up to 约谈 (−5): 17 of its 24 points. With 通报 at 10, the first three lines
   * take 20 and the fourth finds 4 left.
   */
  function ecoBureauSoil() {
    const soil = cixiTask('soil-source-analysis', 'eco-bureau', { status: 'in_progress', progress: reported({ done: 3000 }) });
    const events = [
      event(soil.id, 3, 'escalated', '2022-07-20T01:00:00.000Z', { level: 'summon', period: 'behind:2022-06-30' }),
      event(soil.id, 6, 'escalated', '2022-10-20T01:00:00.000Z', { level: 'summon', period: 'behind:2022-09-30' }),
      event(soil.id, 9, 'escalated', '2022-12-20T01:00:00.000Z', { level: 'notice', period: 'due:2022-12-23' }),
      event(soil.id, 12, 'escalated', '2023-01-20T01:00:00.000Z', { level: 'summon', period: 'overdue:2022-12-31' }),
    ];
    return { tasks: [soil], events };
  }
  const deductionsOf = (score: UnitScore) =>
    score.lineItems.filter((item) => item.rule === 'escalation').map((item) => [item.points, item.detail.deduction, item.detail.capped]);

  it('takes each deduction in full while the unit has the points', () => {
    // Act
    const score = scoreUnit(scoreInput(ecoBureau, ecoBureauSoil()));

    // Assess
    expect(deductionsOf(score)).toEqual([
      [-5, -5, false],
      [-5, -5, false],
      [-2, -2, false],
      [-5, -5, false],
    ]);
    expect(score).toMatchObject({ total: 7, completion: 24, deductions: -17 });
  });

  it('cuts the line where the points run out to what was left and the lines after it to 0, each marked capped beside the rule\'s deduction', () => {
    // Act: 通报 deducts 10, so 5 + 5 + 10 would pass the 24 points.
    const score = scoreUnit(scoreInput(ecoBureau, ecoBureauSoil(), { deductions: { notice: 10 } }));

    // Assess
    expect(deductionsOf(score)).toEqual([
      [-5, -5, false],
      [-5, -5, false],
      [-10, -10, false],
      [-4, -5, true],
    ]);
    expect(score).toMatchObject({ total: 0, completion: 24, deductions: -24 });
    expect(Object.is(score.total, 0)).toBe(true);
  });

  it('shows a line past the cap as 0 points, not −0, and keeps the sum exact with a bonus counted as the unit\'s', () => {
    // Prepare: 约谈 at 20 takes the 24 points and the 2 bonus points in its second line.
    const year = ecoBureauSoil();

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { ...year, adjustments: [bonus('adj-1', 'eco-bureau', 2)] }, { deductions: { summon: 20 } }));

    // Assess
    expect(deductionsOf(score)).toEqual([
      [-20, -20, false],
      [-6, -20, true],
      [0, -2, true],
      [0, -20, true],
    ]);
    expect(score.lineItems.filter((item) => item.rule === 'escalation').every((item) => !Object.is(item.points, -0))).toBe(true);
    expect(score).toMatchObject({ total: 0, completion: 24, bonus: 2, deductions: -26 });
  });

  it('lets a total go below 0 when the rules say floorAtZero: false', () => {
    // Act
    const score = scoreUnit(scoreInput(ecoBureau, ecoBureauSoil(), { deductions: { notice: 10 }, floorAtZero: false }));

    // Assess
    expect(deductionsOf(score).map(([points]) => points)).toEqual([-5, -5, -10, -5]);
    expect(score).toMatchObject({ total: -1, deductions: -25 });
  });
});

describe('scoreUnit: bonuses and vetoes', () => {
  it('gives bonuses in id order up to the cap; the rest is a line of 0 points marked capped', () => {
    // Prepare
    const adjustments = [bonus('adj-10', 'eco-bureau', 2), bonus('adj-2', 'eco-bureau', 4), bonus('adj-9', 'eco-bureau', 1.5)];

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { adjustments }));

    // Assess
    expect(score.lineItems.map((item) => [item.lineId, item.points, item.detail.capped])).toEqual([
      ['bonus:adj-2', 4, false],
      ['bonus:adj-9', 1, true],
      ['bonus:adj-10', 0, true],
    ]);
    expect(score).toMatchObject({ total: 5, bonus: 5, tasks: 0 });
  });

  it('scores a unit with no tasks 0 plus its bonuses', () => {
    // Act
    const score = scoreUnit(scoreInput(ecoBureau, {}));

    // Assess
    expect(score).toEqual({
      unitId: 'eco-bureau',
      unitName: '慈溪分局',
      unitKind: 'department',
      total: 0,
      completion: 0,
      timeliness: 0,
      deductions: 0,
      bonus: 0,
      vetoed: false,
      tasks: 0,
      lineItems: [],
    });
  });

  it('records a veto as a line of 0 points, with its reason, that vetoes the unit whatever its points', () => {
    // Prepare
    const { parts } = ecoBureauYear();

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { ...parts, adjustments: [...parts.adjustments, veto('adj-3', 'eco-bureau')] }, weights));

    // Assess
    expect(score.lineItems.at(-1)).toEqual({
      lineId: 'veto:adj-3',
      taskId: null,
      rule: 'veto',
      points: 0,
      eventIds: ['adj-3'],
      detail: { reason: '发生重大环境污染事件 / a major pollution incident' },
    });
    expect(score).toMatchObject({ total: 56.5, vetoed: true });
  });
});

describe('scoreUnit: co-units (配合单位)', () => {
  // 市经信局 co-operates on 轴承企业废气治理设施升级改造: 掌起镇 did all 5 and closed on time, 附海镇 did 2 of 5
  // and was noticed (通报).
  const zhangqi = cixiTask('bearing-upgrade', 'zhangqi', { status: 'closed', progress: reported({ done: 5 }, '2022-12-01') });
  const fuhai = cixiTask('bearing-upgrade', 'fuhai', { status: 'in_progress', progress: reported({ done: 2 }) });
  const events = [
    event(zhangqi.id, 3, 'closeout_requested', '2022-12-01T02:00:00.000Z'),
    event(zhangqi.id, 5, 'task_closed', '2022-12-05T02:00:00.000Z'),
    event(fuhai.id, 3, 'escalated', '2022-07-15T01:00:00.000Z', { level: 'notice', period: 'behind:2022-06-30' }),
  ];

  it('gives a co-unit nothing when the share is 0', () => {
    // Act
    const score = scoreUnit(scoreInput(economyIt, { tasks: [zhangqi, fuhai], events }, { coUnitShare: 0 }));

    // Assess
    expect(score).toMatchObject({ total: 0, tasks: 0, lineItems: [] });
  });

  it('at a share of 0.5 scores the tasks it co-operates on for completion and timeliness, never deductions', () => {
    // Act
    const score = scoreUnit(scoreInput(economyIt, { tasks: [zhangqi, fuhai], events }, { coUnitShare: 0.5 }));

    // Assess
    expect(pointsOf(score)).toEqual([
      `completion:${fuhai.id} 16/40`,
      `timeliness:${fuhai.id} 0/10`,
      `completion:${zhangqi.id} 40/40`,
      `timeliness:${zhangqi.id} 10/10`,
    ]);
    expect(score.lineItems.every((item) => item.role === 'co')).toBe(true);
    expect(score).toMatchObject({ total: 66, deductions: 0, tasks: 2 });
  });

  it('holds a co-op task at weight × share next to the unit\'s own (largest remainder to the hundredth)', () => {
    // Prepare: own soil-source-analysis at 1, 龙山镇's PM2.5 at 1 × 0.5: 80 × 0.5 / 1.5 = 26.666… and 53.333…
    const soil = cixiTask('soil-source-analysis', 'eco-bureau');
    const pm25 = cixiTask('pm25', 'longshan');

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { tasks: [soil, pm25] }, { coUnitShare: 0.5 }));

    // Assess
    expect(score.lineItems.map((item) => [item.lineId, item.role, item.max])).toEqual([
      [`completion:${pm25.id}`, 'co', 26.67],
      [`timeliness:${pm25.id}`, 'co', 6.67],
      [`completion:${soil.id}`, 'own', 53.33],
      [`timeliness:${soil.id}`, 'own', 13.33],
    ]);
  });
});

describe('scoreUnit: upheld appeals', () => {
  it('sets a waived deduction to 0, naming the appeal, and the total follows', () => {
    // Prepare
    const { parts, soil } = ecoBureauYear();
    const lineId = `escalation:${soil.id}:behind:2022-09-30:summon`;

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { ...parts, waivers: [{ appealId: 'ap-1', unitId: 'eco-bureau', lineId }] }, weights));

    // Assess
    expect(line(score, lineId)).toMatchObject({ points: 0, waivedBy: 'ap-1', eventIds: [`${soil.id}@8`, 'ap-1'] });
    expect(score).toMatchObject({ total: 61.5, deductions: -3 });
  });

  it('gives a waived completion its most unless the decision names the points; a later appeal on the line holds', () => {
    // Prepare
    const { parts, water, soil } = ecoBureauYear();
    const waivers = [
      { appealId: 'ap-1', unitId: 'eco-bureau', lineId: `completion:${water.id}` },
      { appealId: 'ap-12', unitId: 'eco-bureau', lineId: `completion:${soil.id}`, points: 30 },
      { appealId: 'ap-3', unitId: 'eco-bureau', lineId: `completion:${soil.id}`, points: 25 },
    ];

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { ...parts, waivers }, weights));

    // Assess
    expect(line(score, `completion:${water.id}`)).toMatchObject({ points: 20, waivedBy: 'ap-1' });
    expect(line(score, `completion:${soil.id}`)).toMatchObject({ points: 30, waivedBy: 'ap-12' });
    expect(score.completion).toBe(70);
  });

  it('changes only the appealing unit\'s line: a co-unit\'s line of the task has the same id', () => {
    // Prepare: 附海镇 appealed its completion of 轴承企业废气治理设施升级改造; 市经信局 co-operates on it.
    const fuhai = cixiTask('bearing-upgrade', 'fuhai', { status: 'in_progress', progress: reported({ done: 2 }) });
    const waivers = [{ appealId: 'ap-4', unitId: 'fuhai', lineId: `completion:${fuhai.id}` }];

    // Act
    const owner = scoreUnit(scoreInput({ unitId: 'fuhai', unitName: '附海镇', unitKind: 'town' as const }, { tasks: [fuhai], waivers }, { coUnitShare: 0.5 }));
    const coUnit = scoreUnit(scoreInput(economyIt, { tasks: [fuhai], waivers }, { coUnitShare: 0.5 }));

    // Assess
    expect(line(owner, `completion:${fuhai.id}`)).toMatchObject({ points: 80, waivedBy: 'ap-4' });
    expect(line(coUnit, `completion:${fuhai.id}`)).toEqual(expect.not.objectContaining({ waivedBy: expect.anything() }));
    expect(line(coUnit, `completion:${fuhai.id}`).points).toBe(32);
  });

  it('lifts a waived veto', () => {
    // Prepare
    const adjustments = [veto('adj-3', 'eco-bureau')];

    // Act
    const score = scoreUnit(scoreInput(ecoBureau, { adjustments, waivers: [{ appealId: 'ap-2', unitId: 'eco-bureau', lineId: 'veto:adj-3' }] }));

    // Assess
    expect(score.vetoed).toBe(false);
    expect(score.lineItems).toEqual([expect.objectContaining({ lineId: 'veto:adj-3', points: 0, waivedBy: 'ap-2' })]);
  });
});
