import { buildAssessmentReport, goalNamesOf, nameReport, type AssessmentReport } from '../../shared/assessment/report.js';
import { rankUnits } from '../../shared/domain/assessment/rank.js';
import { AssessmentRules } from '../../shared/domain/assessment/rules.js';
import { scoreUnit } from '../../shared/domain/assessment/score.js';
import type { Actual, Adjustment, LineItem, ScoringEvent, UnitScore } from '../../shared/domain/assessment/types.js';
import { allocateGoal } from '../../shared/domain/allocation.js';
import { calendarForYears } from '../../shared/domain/calendars.js';
import type { Level } from '../../shared/domain/lateness.js';
import type { Task } from '../../shared/domain/task.js';
import { between, intBetween, streamOf, weighted } from '../../shared/simulate/random.js';
import { cixi, cixiTask } from '../unit/domain/cixi-tasks.js';

/*
 * The Cixi sample's 2022 assessment as the documents print it, made in memory without a server: every task the
 * breakdown gives its 28 units (185), a year of work drawn from a fixed seed — progress, close-outs on time or
 * a few days late, escalations up the ladder (a town's task reaching 通报 or 约谈 now and then), a re-open
 * (回头看), the bureau's actuals for the indicators, two bonuses and a veto — scored, ranked by group and
 * named as Publish names it. The same seed, the same report.
 */

const SEED = 2022;
export const ORGANISATION = '宁波市生态环境局慈溪分局';
const calendar = calendarForYears([2022, 2023]);

const at = (day: string) => `${day}T02:00:00.000Z`;
const dayAfter = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface TaskYear {
  task: Task;
  events: ScoringEvent[];
  actual?: Actual;
}

/** One task's year: how far it got, whether and when it closed, how far up the ladder it was chased. */
function yearOf(base: Task): TaskYear {
  const random = streamOf(SEED, base.id);
  const events: ScoringEvent[] = [];
  let v = 1;
  const push = (type: ScoringEvent['type'], day: string, extra: Partial<ScoringEvent> = {}) => events.push({ taskId: base.id, v: ++v, type, at: at(day), ...extra });

  // Behind at a milestone: chased up to a level in a period.
  if (random() < 0.35) {
    const level = weighted<Level>(random, [['urge', 4], ['supervise', 3], ['notice', 2], ['summon', 1]]);
    const since = base.milestones[0]?.date ?? '2022-06-30';
    push('escalated', dayAfter(since, 10), { level, period: `behind:${since}` });
  }
  let task: Task;
  if (base.kind === 'quantity') {
    const target = base.target ?? 0;
    const done = Math.round(target * Math.min(1, between(random, 0.75, 1.15)));
    task = { ...base, progress: progress({ done }), status: done >= target ? 'closed' : 'in_progress' };
  } else if (base.kind === 'indicator') {
    const target = base.target ?? 0;
    const off = between(random, -0.04, 0.02) * target;
    const value = Math.round((base.direction === 'at_least' ? target + off : target - off) * 10) / 10;
    task = { ...base, progress: progress({ value }), status: 'in_progress' };
  } else {
    const complete = random() < 0.9;
    task = { ...base, progress: progress({ complete }), status: complete ? 'closed' : 'in_progress' };
  }
  if (task.status === 'closed') {
    const late = weighted(random, [[0, 6], [intBetween(random, 1, 8), 3], [intBetween(random, 10, 20), 1]]);
    const done = dayAfter(base.deadline, late === 0 ? -intBetween(random, 0, 20) : late);
    if (random() < 0.06) {
      // Closed, found wanting on re-check (回头看), closed again.
      push('closeout_requested', dayAfter(done, -30), { asOf: dayAfter(done, -30) });
      push('task_closed', dayAfter(done, -25));
      push('task_reopened', dayAfter(done, -15));
    }
    push('closeout_requested', dayAfter(done, 1), { asOf: done });
    push('closeout_accepted', dayAfter(done, 3), { to: 'accepted' });
    push('task_closed', dayAfter(done, 5));
  }
  const actual =
    base.kind === 'indicator' && random() < 0.5
      ? { actualId: `actual:${base.id}`, taskId: base.id, value: task.progress!.value!, enteredBy: 'admin:li', enteredAt: '2023-01-05T01:00:00.000Z' }
      : undefined;
  return { task: { ...task, version: v }, events, ...(actual ? { actual } : {}) };
}

function progress(fields: Pick<NonNullable<Task['progress']>, 'done' | 'value' | 'complete'>): Task['progress'] {
  return { ...fields, asOf: '2022-12-20', reportedBy: 'token:sim', reportedAt: at('2022-12-20') };
}

const adjustments: Adjustment[] = [
  { adjustmentId: 'adj-1', year: 2022, unitId: 'zhouxiang', kind: 'bonus', points: 2, reason: '获评省级生态文明建设示范镇', recordedBy: 'admin:li', recordedAt: at('2023-01-06') },
  { adjustmentId: 'adj-2', year: 2022, unitId: 'water-office', kind: 'bonus', points: 1.5, reason: '“五水共治”工作获市政府通报表扬', recordedBy: 'admin:li', recordedAt: at('2023-01-06') },
  { adjustmentId: 'adj-3', year: 2022, unitId: 'andong', kind: 'veto', reason: '发生较大突发环境事件，被省级督察通报', recordedBy: 'admin:li', recordedAt: at('2023-01-06') },
];

/** The scores of every unit of the Cixi sample for 2022. */
export function cixiScores(): UnitScore[] {
  const years = cixi.goals.flatMap((goal) => allocateGoal(cixi, goal).map((allocation) => yearOf(cixiTask(goal.id, allocation.unitId))));
  const rules = AssessmentRules.parse(cixi.assessment);
  return cixi.units.map((unit) => {
    const own = years.filter((year) => year.task.unitId === unit.id);
    return scoreUnit({
      unit: { unitId: unit.id, unitName: unit.name, unitKind: unit.kind },
      tasks: own.map((year) => year.task),
      events: own.flatMap((year) => year.events),
      actuals: own.flatMap((year) => (year.actual ? [year.actual] : [])),
      adjustments: adjustments.filter((adjustment) => adjustment.unitId === unit.id),
      waivers: [],
      rulesOf: () => rules,
      unitRules: rules,
      timezoneOf: () => cixi.timezone,
      calendar,
    });
  });
}

/** The report Publish renders for the Cixi sample's 2022 run, named as it names it, with the bureau's name. */
export function cixiReport(options: { organisation?: boolean } = {}): AssessmentReport {
  const scores = cixiScores();
  const ranking = rankUnits(scores, AssessmentRules.parse(cixi.assessment));
  const lines = new Map<string, LineItem[]>(scores.map((score) => [score.unitId, score.lineItems]));
  const report = buildAssessmentReport(ranking, lines, { year: 2022, runId: 'run-2023-01-16', publishedOn: '2023-01-16' });
  return nameReport(report, { ...(options.organisation === false ? {} : { organisation: ORGANISATION }), goals: goalNamesOf([cixi]) });
}
