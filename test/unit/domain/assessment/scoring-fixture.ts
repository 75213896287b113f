import { AssessmentRules, type AssessmentRulesInput } from '../../../../shared/domain/assessment/rules.js';
import type { ScoreInput } from '../../../../shared/domain/assessment/score.js';
import type { Adjustment, LedgerEntry, ScoringEvent } from '../../../../shared/domain/assessment/types.js';
import { calendarForYears } from '../../../../shared/domain/calendars.js';
import type { TaskProgress } from '../../../../shared/domain/task.js';

/** The shipped calendars a 2022 assessment needs: the plan year and January after it (late close-outs). */
export const calendar2022 = calendarForYears([2022, 2023]);

/** A score input for one unit of the Cixi sample, every rule from `rules` (defaults when left out). */
export function scoreInput(
  unit: ScoreInput['unit'],
  parts: Partial<Pick<ScoreInput, 'tasks' | 'events' | 'actuals' | 'adjustments' | 'waivers'>>,
  rules: AssessmentRulesInput = {},
): ScoreInput {
  const parsed = AssessmentRules.parse(rules);
  return {
    unit,
    tasks: parts.tasks ?? [],
    events: parts.events ?? [],
    actuals: parts.actuals ?? [],
    adjustments: parts.adjustments ?? [],
    waivers: parts.waivers ?? [],
    rulesOf: () => parsed,
    unitRules: parsed,
    timezoneOf: () => 'Asia/Shanghai',
    calendar: calendar2022,
  };
}

export function event(taskId: string, v: number, type: LedgerEntry['type'], at: string, extra: Partial<LedgerEntry> = {}): ScoringEvent {
  return { taskId, v, type, at, ...extra };
}

export function reported(fields: Pick<TaskProgress, 'done' | 'value' | 'complete'>, asOf = '2022-12-20'): TaskProgress {
  return { ...fields, asOf, reportedBy: 'unit:hushan', reportedAt: `${asOf}T02:00:00.000Z` };
}

export function bonus(adjustmentId: string, unitId: string, points: number, reason = '省级生态文明示范创建 / provincial eco-demonstration'): Adjustment {
  return { adjustmentId, year: 2022, unitId, kind: 'bonus', points, reason, recordedBy: 'admin:li', recordedAt: '2023-01-06T02:00:00.000Z' };
}

export function veto(adjustmentId: string, unitId: string, reason = '发生重大环境污染事件 / a major pollution incident'): Adjustment {
  return { adjustmentId, year: 2022, unitId, kind: 'veto', reason, recordedBy: 'admin:li', recordedAt: '2023-01-06T02:00:00.000Z' };
}
