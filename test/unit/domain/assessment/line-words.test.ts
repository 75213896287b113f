import { describe, expect, it } from 'vitest';
import { basisWords, dateEn, dateZh, describeBasis, describeLine, pointsWord } from '../../../../shared/domain/assessment/line-words.js';
import { scoreUnit } from '../../../../shared/domain/assessment/score.js';
import type { LineItem, UnitScore } from '../../../../shared/domain/assessment/types.js';
import type { Task } from '../../../../shared/domain/task.js';
import { cixiTask } from '../cixi-tasks.js';
import { bonus, event, reported, scoreInput, veto } from './scoring-fixture.js';

/*
 * The words are read from lines the scorer really gives (score.ts), so a detail field renamed there shows
 * here. 慈溪分局's year as score.test.ts works it by hand: drinking-water graded 0.8 by its actual 96 %,
 * eco-plan-revision closed on time, re-opened (回头看) and done again 3 working days late, soil-source-
 * analysis half done and escalated twice, two bonuses under a cap of 5, and a town's task left open.
 */
const ecoBureau = { unitId: 'eco-bureau', unitName: '慈溪分局', unitKind: 'department' as const };

function ecoBureauYear(): { score: UnitScore; tasks: Task[] } {
  const water = cixiTask('drinking-water', 'eco-bureau', { status: 'in_progress', progress: reported({ value: 100 }) });
  const plan = cixiTask('eco-plan-revision', 'eco-bureau', { status: 'closed', progress: reported({ complete: true }, '2022-10-09') });
  const soil = cixiTask('soil-source-analysis', 'eco-bureau', { status: 'in_progress', progress: reported({ done: 5000 }, '2022-12-20') });
  const events = [
    event(plan.id, 2, 'closeout_requested', '2022-09-28T02:00:00.000Z'),
    event(plan.id, 4, 'task_closed', '2022-09-29T02:00:00.000Z'),
    event(plan.id, 5, 'task_reopened', '2022-10-08T02:00:00.000Z'),
    event(plan.id, 6, 'closeout_requested', '2022-10-11T01:00:00.000Z', { asOf: '2022-10-10' }),
    event(plan.id, 8, 'task_closed', '2022-10-12T02:00:00.000Z'),
    event(soil.id, 5, 'escalated', '2022-07-15T01:00:00.000Z', { level: 'notice', period: 'behind:2022-06-30' }),
    event(soil.id, 8, 'escalated', '2022-11-01T01:00:00.000Z', { level: 'summon', period: 'behind:2022-09-30' }),
  ];
  const actuals = [{ actualId: `actual:${water.id}`, taskId: water.id, value: 96, enteredBy: 'admin:li', enteredAt: '2023-01-05T01:00:00.000Z' }];
  const adjustments = [bonus('adj-1', 'eco-bureau', 3, '省级生态文明示范创建'), bonus('adj-2', 'eco-bureau', 4, '全国文明城市复评'), veto('adj-3', 'eco-bureau', '发生重大环境污染事件')];
  const tasks = [water, plan, soil];
  const score = scoreUnit(scoreInput(ecoBureau, { tasks, events, actuals, adjustments }, { weights: { 'soil-source-analysis': 2 } }));
  return { score, tasks };
}

const { score, tasks } = ecoBureauYear();
const lineOf = (lineId: string): LineItem => {
  const found = score.lineItems.find((item) => item.lineId === lineId);
  if (!found) throw new Error(`no line ${lineId}`);
  return found;
};
const taskOf = (line: LineItem) => tasks.find((task) => task.id === line.taskId);
const words = (lineId: string) => describeLine(lineOf(lineId), taskOf(lineOf(lineId)));
const basis = (lineId: string) => describeBasis(lineOf(lineId));
const [water, plan, soil] = tasks as [Task, Task, Task];

describe('describeLine: completion', () => {
  it('says a quantity task\'s share done with its figures and unit of measure, and the report it rests on', () => {
    // Act
    const said = words(`completion:${soil.id}`);

    // Assess
    expect(said).toEqual({ zh: '完成率 50%（已完成 5000/10000 亩）', en: '50% done (5000 of 10000 亩)' });
    expect(basis(`completion:${soil.id}`)?.zh).toBe('依据：2022年12月20日进展上报');
  });

  it('says an indicator\'s actual against its target and whether it met it, graded by the shortfall', () => {
    // Act
    const said = words(`completion:${water.id}`);

    // Assess
    expect(said.zh).toBe('指标实际值96%，目标≥100%，未达标，按差距得80%');
    expect(said.en).toBe('Actual value 96%, target ≥ 100%: not met, 80% by the shortfall');
    expect(basis(`completion:${water.id}`)?.zh).toBe('依据：管理员录入的年度实际值');
  });

  it('says an indicator met by its reported value, and one never reported', () => {
    // Prepare
    const met: LineItem = { ...lineOf(`completion:${water.id}`), detail: { value: 89.1, target: 87, direction: 'at_least', source: 'reported', mode: 'graded', ratio: 1 } };
    const none: LineItem = { ...met, detail: { value: null, target: 35, direction: 'at_most', source: 'none', mode: 'graded', ratio: 0 } };

    // Act
    const [saidMet, saidNone] = [describeLine(met, water), describeLine(none, { unitOfMeasure: 'μg/m³' })];

    // Assess
    expect(saidMet.zh).toBe('指标上报值89.1%，目标≥87%，达标');
    expect(describeBasis(met)?.zh).toBe('依据：单位上报的最新值');
    expect(saidNone.zh).toBe('未上报指标值，目标≤35μg/m³，不得分');
    expect(describeBasis(none)).toBeNull();
  });

  it('writes a strict target with its sign, a relative one with its baseline and a floor with its excess', () => {
    // Prepare
    const strict: LineItem = { ...lineOf(`completion:${water.id}`), detail: { value: 87, target: 87, direction: 'more_than', source: 'reported', mode: 'graded', ratio: 0.99 } };
    const relative: LineItem = {
      ...strict,
      detail: { value: 29, target: 29.64, direction: 'at_most', baseline: 31.2, change: -0.05, baselineYear: 2023, source: 'actual', mode: 'graded', ratio: 1 },
    };
    const floor: LineItem = { ...strict, detail: { done: 168, target: 150, atLeast: true, excess: 18, ratio: 1, asOf: '2022-12-20' } };

    // Act
    const [saidStrict, saidRelative] = [describeLine(strict, water), describeLine(relative, { unitOfMeasure: 'μg/m³' })];
    const saidFloor = describeLine(floor, { unitOfMeasure: '个' });

    // Assess
    expect(saidStrict.zh).toBe('指标上报值87%，目标>87%，未达标，按差距得99%');
    expect(saidRelative.zh).toBe('指标实际值29μg/m³，目标≤29.64μg/m³（较2023年下降5%，基准值31.2μg/m³），达标');
    expect(saidFloor.zh).toBe('完成率 100%（已完成 168 个，目标 150 个以上，超额 18 个）');
  });

  it('says an action done and closed, or not done', () => {
    // Prepare
    const open: LineItem = { ...lineOf(`completion:${plan.id}`), eventIds: [], detail: { complete: false, status: 'in_progress', ratio: 0 } };

    // Act
    const [done, notDone] = [words(`completion:${plan.id}`), describeLine(open)];

    // Assess
    expect(done.zh).toBe('已完成并办结');
    expect(basis(`completion:${plan.id}`)?.zh).toBe('依据：任务办结记录');
    expect(notDone).toEqual({ zh: '未完成', en: 'Not done' });
  });
});

describe('describeLine: timeliness', () => {
  it('says how many working days late and the points it cost, with the deadline and the dates behind', () => {
    // Act
    const said = words(`timeliness:${plan.id}`);

    // Assess: 3 working days after 30 September across 国庆; 0.7 of 5 timeliness points kept.
    expect(said).toEqual({ zh: '逾期3个工作日，扣1.50分', en: '3 working days late, −1.50' });
    expect(basis(`timeliness:${plan.id}`)).toEqual({
      zh: '依据：期限2022年9月30日，10月10日完成、10月11日申请销号、10月12日办结',
      en: 'Based on: deadline 30 September 2022, done 10 October 2022, close-out requested 11 October 2022, closed 12 October 2022',
    });
  });

  it('says on time for a task closed by its deadline, and not closed for one still open', () => {
    // Prepare
    const onTime: LineItem = { ...lineOf(`timeliness:${plan.id}`), points: 5, detail: { ...lineOf(`timeliness:${plan.id}`).detail, workingDaysLate: 0, ratio: 1 } };

    // Act
    const [saidOnTime, saidOpen] = [describeLine(onTime), words(`timeliness:${soil.id}`)];

    // Assess
    expect(saidOnTime).toEqual({ zh: '按期完成', en: 'On time' });
    expect(saidOpen).toEqual({ zh: '未办结，不得分', en: 'Not closed: no points' });
    expect(basis(`timeliness:${soil.id}`)?.zh).toBe('依据：期限2022年12月31日');
  });
});

describe('describeLine: deductions', () => {
  it('says the escalation level once and its deduction, with the period it was raised in', () => {
    // Act
    const notice = words(`escalation:${soil.id}:behind:2022-06-30:notice`);
    const summon = words(`escalation:${soil.id}:behind:2022-09-30:summon`);

    // Assess
    expect(notice).toEqual({ zh: '通报1次，扣2分', en: 'Notice once, −2' });
    expect(summon.zh).toBe('约谈1次，扣5分');
    expect(basis(`escalation:${soil.id}:behind:2022-06-30:notice`)?.zh).toBe('依据：2022年6月30日起进度滞后');
  });

  it('says an overdue period by its deadline', () => {
    // Prepare
    const overdue: LineItem = { ...lineOf(`escalation:${soil.id}:behind:2022-06-30:notice`), detail: { level: 'supervise', period: 'overdue:2022-06-30', deduction: -1 }, points: -1 };

    // Act
    const [said, behind] = [describeLine(overdue), describeBasis(overdue)];

    // Assess
    expect(said.zh).toBe('督办1次，扣1分');
    expect(behind?.zh).toBe('依据：期限2022年6月30日已过');
  });

  it('says a re-open after close-out (回头看) and its day', () => {
    // Act
    const said = words(`rebound:${plan.id}@5`);

    // Assess
    expect(said.zh).toBe('回头看反弹，任务重新打开，扣1分');
    expect(basis(`rebound:${plan.id}@5`)?.zh).toBe('依据：2022年10月8日回头看重新打开');
  });

  it('says a deduction cut short by the floor (扣完为止) and what it would have cost', () => {
    // Prepare: the scorer marks such a line `capped`, its points what it took beside the rule's deduction.
    const capped: LineItem = {
      ...lineOf(`escalation:${soil.id}:behind:2022-09-30:summon`),
      points: -2,
      detail: { level: 'summon', period: 'behind:2022-09-30', deduction: -5, capped: true },
    };

    // Act
    const said = describeLine(capped);

    // Assess
    expect(said.zh).toBe('约谈1次，扣2分（扣完为止，原应扣5分）');
    expect(said.en).toBe('Summon once, −2 (deductions stop at zero; 5 due)');
  });
});

describe('describeLine: bonuses, vetoes, co-units and appeals', () => {
  it('says a bonus by its reason, and one over the cap with what was recorded', () => {
    // Act
    const [first, second] = [words('bonus:adj-1'), words('bonus:adj-2')];

    // Assess
    expect(first).toEqual({ zh: '加分：省级生态文明示范创建', en: 'Bonus: 省级生态文明示范创建' });
    expect(second.zh).toBe('加分：全国文明城市复评（超出加分上限，原记4分）');
    expect(basis('bonus:adj-1')?.zh).toBe('依据：管理员登记');
  });

  it('says a veto by its reason', () => {
    // Act
    const said = words('veto:adj-3');

    // Assess
    expect(said).toEqual({ zh: '一票否决：发生重大环境污染事件', en: 'Veto: 发生重大环境污染事件' });
  });

  it('marks a co-unit\'s line and an upheld appeal\'s new points', () => {
    // Prepare
    const co: LineItem = { ...lineOf(`timeliness:${soil.id}`), role: 'co' };
    const waived: LineItem = { ...lineOf(`escalation:${soil.id}:behind:2022-06-30:notice`), points: 0, waivedBy: 'ap-1', eventIds: [`${soil.id}@5`, 'ap-1'] };

    // Act
    const [saidCo, saidWaived] = [describeLine(co), describeLine(waived)];

    // Assess
    expect(saidCo.zh).toBe('配合任务：未办结，不得分');
    expect(saidWaived.zh).toBe('通报1次，不扣分（申诉成立，改为0分）');
    expect(describeBasis(waived)?.zh).toBe('依据：2022年6月30日起进度滞后；申诉成立');
    expect(basisWords(waived)?.zh).toBe('2022年6月30日起进度滞后；申诉成立');
  });
});

describe('describeLine: every line of a year', () => {
  it('gives every rule words and never an id as them', () => {
    // Prepare
    const ids = [...score.lineItems.flatMap((line) => [line.lineId, ...line.eventIds]), ...tasks.map((task) => task.id)];

    // Act
    const said = score.lineItems.map((line) => [describeLine(line, taskOf(line)), describeBasis(line)]);

    // Assess
    expect(new Set(score.lineItems.map((line) => line.rule))).toEqual(new Set(['completion', 'timeliness', 'escalation', 'rebound', 'bonus', 'veto']));
    for (const text of said.flatMap(([line, why]) => [line?.zh, line?.en, why?.zh, why?.en]).filter((text) => text !== undefined)) {
      expect(text.length).toBeGreaterThan(0);
      for (const id of ids) expect(text).not.toContain(id);
    }
  });

  it('still reads a stored line of an older run that lacks its figures', () => {
    // Prepare
    const bare: LineItem[] = (['completion', 'timeliness', 'escalation', 'rebound'] as const).map((rule) => ({
      lineId: `${rule}:x`,
      taskId: 'x',
      rule,
      points: rule === 'completion' ? 70 : rule === 'timeliness' ? 10 : -2,
      ...(rule === 'completion' || rule === 'timeliness' ? { max: 20 } : {}),
      eventIds: [],
      detail: {},
    }));

    // Act
    const said = bare.map((line) => describeLine(line).zh);

    // Assess
    expect(said).toEqual(['完成情况', '扣10分', '督办1次，扣2分', '回头看反弹，任务重新打开，扣2分']);
  });
});

describe('dates and points as people write them', () => {
  it('writes dates without leading zeros and points whole or with two decimals', () => {
    // Act / Assess
    expect([dateZh('2022-06-30'), dateZh('2022-11-03'), dateEn('2022-11-03')]).toEqual(['2022年6月30日', '2022年11月3日', '3 November 2022']);
    expect([pointsWord(2), pointsWord(-0.3), pointsWord(1.5), pointsWord(0.125)]).toEqual(['2', '0.30', '1.50', '0.13']);
  });
});
