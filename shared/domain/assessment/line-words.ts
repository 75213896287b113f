import { levels, type Level } from '../lateness.js';
import { assessmentLevelLabels, type Label } from './labels.js';
import type { Direction } from '../plan.js';
import { directions, directionSigns, type RelativeTarget, relativeClause } from '../target.js';
import type { LineItem } from './types.js';

/*
 * A line item in words, as a clerk writes it (按期完成 / 逾期3个工作日，扣0.30分 / 通报1次，扣2分), and the
 * events behind it in a short reference (依据：2022年11月3日申请销号、11月10日办结). Pure: read from the line's
 * rule and `detail` (score.ts), with the task's unit of measure when known. Ids are never the words: they stay
 * in the line's `lineId`/`eventIds`. A stored line missing a figure (an older run) still reads, with less.
 */

/** What the words need of the line's task (a stored Task fits): its unit of measure, 个, %, μg/m³. The title is the report's own column. */
export interface LineTask {
  unitOfMeasure?: string | undefined;
}

type Detail = LineItem['detail'];

/** The line's explanation: what earned or cost the points. */
export function describeLine(line: LineItem, task?: LineTask): Label {
  const words = ruleWords(line, task);
  const role = line.role === 'co' ? { zh: '配合任务：', en: 'As co-unit: ' } : { zh: '', en: '' };
  const appeal = line.waivedBy
    ? { zh: `（申诉成立，改为${pointsWord(line.points)}分）`, en: ` (appeal upheld: ${pointsWord(line.points)} points)` }
    : { zh: '', en: '' };
  return { zh: role.zh + words.zh + appeal.zh, en: role.en + words.en + appeal.en };
}

/** The events behind the line, dated (依据：…); null when the line rests on no dated event (e.g. nothing reported). */
export function describeBasis(line: LineItem): Label | null {
  const words = basisWords(line);
  return words && { zh: `依据：${words.zh}`, en: `Based on: ${words.en}` };
}

/** The same without 依据： for a column headed 依据: 期限2022年9月30日，10月10日完成、10月12日办结. */
export function basisWords(line: LineItem): Label | null {
  const basis = basisOf(line);
  const appeal = line.waivedBy ? { zh: '申诉成立', en: 'appeal upheld' } : null;
  const parts = [basis, appeal].filter((part): part is Label => part !== null);
  if (parts.length === 0) return null;
  return { zh: parts.map((part) => part.zh).join('；'), en: parts.map((part) => part.en).join('; ') };
}

// ── the explanation ─────────────────────────────────────────────────────────────────────────────────

function ruleWords(line: LineItem, task: LineTask | undefined): Label {
  const detail = line.detail;
  switch (line.rule) {
    case 'completion':
      return completionWords(detail, task?.unitOfMeasure);
    case 'timeliness':
      return timelinessWords(line);
    case 'escalation': {
      const level = levelOf(detail.level);
      const name = level ? assessmentLevelLabels[level] : { zh: '督办', en: 'Escalation' };
      return joined({ zh: `${name.zh}1次`, en: `${name.en} once` }, deductionWords(line));
    }
    case 'rebound':
      return joined({ zh: '回头看反弹，任务重新打开', en: 'Re-opened after close-out (回头看)' }, deductionWords(line));
    case 'bonus': {
      const capped = detail.capped === true && typeof detail.recorded === 'number';
      const reason = text(detail.reason);
      return {
        zh: `加分：${reason}${capped ? `（超出加分上限，原记${pointsWord(Number(detail.recorded))}分）` : ''}`,
        en: `Bonus: ${reason}${capped ? ` (over the bonus cap; ${pointsWord(Number(detail.recorded))} recorded)` : ''}`,
      };
    }
    case 'veto': {
      const reason = text(detail.reason);
      return { zh: `一票否决：${reason}`, en: `Veto: ${reason}` };
    }
  }
}

function completionWords(detail: Detail, unitOfMeasure: string | undefined): Label {
  // The task's kind is told by its figures: an indicator's value, an action's complete, a quantity's done.
  if ('value' in detail) return indicatorWords(detail, unitOfMeasure);
  if ('complete' in detail) {
    if (detail.complete !== true) return { zh: '未完成', en: 'Not done' };
    return detail.status === 'closed' ? { zh: '已完成并办结', en: 'Done and closed' } : { zh: '已完成', en: 'Done' };
  }
  return quantityWords(detail, unitOfMeasure);
}

/** The detail's direction; ≤ for a detail written before directions were recorded. */
function directionOf(value: unknown): Direction {
  return directions.find((direction) => direction === value) ?? 'at_most';
}

/** A relative target's baseline and change as the line's detail records them. */
function relativeOf(detail: Detail): RelativeTarget | undefined {
  const baseline = numberOf(detail.baseline);
  const change = numberOf(detail.change);
  const baselineYear = numberOf(detail.baselineYear);
  if (baseline === null || change === null) return undefined;
  return { baseline, change, ...(baselineYear === null ? {} : { baselineYear }) };
}

/** 完成率 85%（已完成 94/110 个）. */
function quantityWords(detail: Detail, unitOfMeasure: string | undefined): Label {
  const target = numberOf(detail.target);
  const done = numberOf(detail.done) ?? 0;
  if (target === null) return ratioWords(detail);
  if (target <= 0) return { zh: '目标为0，视为完成', en: 'Target of 0: met' };
  const ratio = numberOf(detail.ratio) ?? Math.min(Math.max(done, 0) / target, 1);
  const measure = unitOfMeasure ? ` ${unitOfMeasure}` : '';
  if (detail.atLeast === true) {
    // A floor (以上): the excess is reported, the completion is capped like any quantity.
    const excess = Math.max(0, done - target);
    const over = excess > 0 ? { zh: `，超额 ${amount(excess)}${measure}`, en: `, ${amount(excess)}${measure} over` } : { zh: '', en: '' };
    return {
      zh: `完成率 ${percent(ratio)}（已完成 ${amount(done)}${measure}，目标 ${amount(target)}${measure}以上${over.zh}）`,
      en: `${percent(ratio)} done (${amount(done)}${measure}, target ${amount(target)}${measure} or more${over.en})`,
    };
  }
  return {
    zh: `完成率 ${percent(ratio)}（已完成 ${amount(done)}/${amount(target)}${measure}）`,
    en: `${percent(ratio)} done (${amount(done)} of ${amount(target)}${measure})`,
  };
}

/** 指标实际值89.1%，目标≥87%，达标. */
function indicatorWords(detail: Detail, unitOfMeasure: string | undefined): Label {
  const value = numberOf(detail.value);
  const target = numberOf(detail.target);
  const sign = directionSigns[directionOf(detail.direction)];
  const measure = unitOfMeasure ?? '';
  const relative = relativeOf(detail);
  // 目标≤29.64μg/m³（较2023年下降5%，基准值31.2μg/m³）: the relative wording after the target it gave.
  const why = relative ? relativeClause(relative, measure) : undefined;
  const goal =
    target === null
      ? { zh: '', en: '' }
      : {
          zh: `，目标${sign}${amount(target)}${measure}${why ? `（${why.zh}）` : ''}`,
          en: `, target ${sign} ${amount(target)}${measure}${why ? ` (${why.en})` : ''}`,
        };
  if (value === null) return { zh: `未上报指标值${goal.zh}，不得分`, en: `No value reported${goal.en}: no points` };
  const source = detail.source === 'reported' ? { zh: '指标上报值', en: 'Reported value' } : { zh: '指标实际值', en: 'Actual value' };
  const ratio = numberOf(detail.ratio) ?? 0;
  const verdict =
    ratio >= 1
      ? { zh: '达标', en: 'met' }
      : ratio > 0
        ? { zh: `未达标，按差距得${percent(ratio)}`, en: `not met, ${percent(ratio)} by the shortfall` }
        : { zh: '未达标', en: 'not met' };
  return {
    zh: `${source.zh}${amount(value)}${measure}${goal.zh}，${verdict.zh}`,
    en: `${source.en} ${amount(value)}${measure}${goal.en}: ${verdict.en}`,
  };
}

function ratioWords(detail: Detail): Label {
  const ratio = numberOf(detail.ratio);
  return ratio === null ? { zh: '完成情况', en: 'Completion' } : { zh: `完成率 ${percent(ratio)}`, en: `${percent(ratio)} done` };
}

/** 按期完成 / 逾期3个工作日，扣0.30分 / 未办结，不得分. */
function timelinessWords(line: LineItem): Label {
  const { detail } = line;
  if (detail.closed === false) return { zh: '未办结，不得分', en: 'Not closed: no points' };
  const late = numberOf(detail.workingDaysLate);
  if (late === 0) return { zh: '按期完成', en: 'On time' };
  const lost = line.max === undefined ? null : Math.max(0, line.max - line.points);
  if (late === null) return lost === null ? { zh: '及时性', en: 'Timeliness' } : lostWords(lost);
  const days = { zh: `逾期${late}个工作日`, en: `${late} working day${late === 1 ? '' : 's'} late` };
  return lost === null ? days : joined(days, lostWords(lost));
}

function lostWords(lost: number): Label {
  return lost === 0 ? { zh: '不扣分', en: 'nothing deducted' } : { zh: `扣${pointsWord(lost)}分`, en: `−${pointsWord(lost)}` };
}

/**
 * 扣2分; with the deduction floor (扣完为止) a line cut short says what it would have cost:
 * 扣2分（扣完为止，原应扣5分）.
 */
function deductionWords(line: LineItem): Label {
  const taken = Math.abs(line.points);
  const before = numberOf(line.detail.deduction);
  const capped = line.detail.capped === true && before !== null && Math.abs(before) !== taken && line.waivedBy === undefined;
  const base = lostWords(taken);
  if (!capped) return base;
  const full = pointsWord(Math.abs(before));
  return { zh: `${base.zh}（扣完为止，原应扣${full}分）`, en: `${base.en} (deductions stop at zero; ${full} due)` };
}

// ── the reference ───────────────────────────────────────────────────────────────────────────────────

function basisOf(line: LineItem): Label | null {
  const { detail } = line;
  switch (line.rule) {
    case 'completion':
      if (detail.source === 'actual') return { zh: '管理员录入的年度实际值', en: "the year's actual value, entered by an admin" };
      if (detail.source === 'reported') return { zh: '单位上报的最新值', en: "the unit's latest reported value" };
      if (typeof detail.asOf === 'string') return dated([[detail.asOf, { zh: '进展上报', en: 'progress as of' }]]);
      if (detail.status === 'closed' && line.eventIds.length > 0) return { zh: '任务办结记录', en: "the task's close" };
      return null;
    case 'timeliness':
      return dated([
        [detail.deadline, { zh: '期限', en: 'deadline' }, 'before'],
        [detail.doneOn, { zh: '完成', en: 'done' }],
        [detail.requestedOn, { zh: '申请销号', en: 'close-out requested' }],
        [detail.closedOn, { zh: '办结', en: 'closed' }],
      ]);
    case 'escalation':
      return periodWords(detail.period);
    case 'rebound':
      return dated([[detail.reopenedOn, { zh: '回头看重新打开', en: 're-opened' }]]);
    case 'bonus':
    case 'veto':
      return { zh: '管理员登记', en: 'recorded by an admin' };
  }
}

/** `overdue:2022-06-30` → 期限2022年6月30日已过; `behind:2022-05-01` → 2022年5月1日起进度滞后. */
function periodWords(period: Detail[string] | undefined): Label | null {
  if (typeof period !== 'string') return null;
  const [kind, since] = period.split(':') as [string, string | undefined];
  if (!since || !isDate(since)) return null;
  if (kind === 'overdue') return { zh: `期限${dateZh(since)}已过`, en: `past the deadline of ${dateEn(since)}` };
  if (kind === 'behind') return { zh: `${dateZh(since)}起进度滞后`, en: `behind schedule since ${dateEn(since)}` };
  if (kind === 'due') return { zh: `${dateZh(since)}起临近期限`, en: `deadline near since ${dateEn(since)}` };
  return null;
}

/**
 * Dated events in one phrase, the year said once while it stays the same: 期限2022年10月31日，11月5日完成、
 * 11月6日申请销号. A word marked `before` goes before its date (期限…), the others after it (…办结).
 */
function dated(events: readonly [Detail[string] | undefined, Label, 'before'?][]): Label | null {
  const known = events.filter((event): event is [string, Label, 'before'?] => typeof event[0] === 'string' && isDate(event[0]));
  if (known.length === 0) return null;
  let year = '';
  const zh = known.map(([date, what, order]) => {
    const words = date.slice(0, 4) === year ? dateZh(date).slice(5) : dateZh(date);
    year = date.slice(0, 4);
    return order === 'before' ? `${what.zh}${words}` : `${words}${what.zh}`;
  });
  // 期限… stands apart from the events that follow it: 期限9月30日，10月10日完成、10月11日申请销号.
  const joinedZh = zh.reduce((text, part, i) => (i === 0 ? part : `${text}${known[i - 1]![2] === 'before' ? '，' : '、'}${part}`), '');
  return { zh: joinedZh, en: known.map(([date, what]) => `${what.en} ${dateEn(date)}`).join(', ') };
}

// ── words for figures ───────────────────────────────────────────────────────────────────────────────

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/** 2022年6月30日, as people write it. */
export function dateZh(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** 30 June 2022. */
export function dateEn(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${MONTHS_EN[month! - 1]} ${year}`;
}

/** Points as said in words: 2, 0.30, 1.5 → 1.50 (whole points without decimals, others with two). */
export function pointsWord(points: number): string {
  const value = Math.round(Math.abs(points) * 100) / 100;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** 0.855 → 85.5%: at most one decimal. */
function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}

/** A figure as reported: up to four decimals, no trailing zeros. */
function amount(value: number): string {
  return String(Math.round(value * 10_000) / 10_000);
}

const numberOf = (value: Detail[string] | undefined): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const text = (value: Detail[string] | undefined): string => (value === null || value === undefined ? '' : String(value));
const levelOf = (value: Detail[string] | undefined): Level | null => (levels.includes(value as Level) ? (value as Level) : null);

function joined(first: Label, second: Label): Label {
  return { zh: `${first.zh}，${second.zh}`, en: `${first.en}, ${second.en}` };
}
