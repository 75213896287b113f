import { levels, type LatenessKind, type Level } from '../domain/lateness.js';
import { lightOf, lights, type Light, type LightTask } from '../domain/light.js';
import type { Task } from '../domain/task.js';

/*
 * The monthly bulletin (月度通报, docs/architecture.md "The monthly bulletin and the simulate command"): published on
 * the first working day of month M, it covers the month before. Pure: the plans of the covered month's year
 * with their tasks, the escalations raised in the covered month and the publication day in, the bulletin out.
 */

/** A task as the bulletin needs it: what the light reads, plus who and what it is. */
export type BulletinTask = LightTask & Pick<Task, 'id' | 'planId' | 'unitId' | 'title'>;

export interface BulletinPlan {
  planId: string;
  name: string;
  /** The plan's warning margin (`plan.tracking.margin`): what makes a light yellow. */
  margin: number;
  /** The plan's units in plan order, with their names. */
  units: readonly { id: string; name: string }[];
  tasks: readonly BulletinTask[];
}

/** A level raised by the chase, as stored (shared/store/escalations.ts), reduced to what the bulletin shows. */
export interface BulletinEscalation {
  taskId: string;
  planId: string;
  unitId: string;
  level: Level;
  /** The chase day that raised it. */
  date: string;
  kind: LatenessKind;
  since: string;
  workingDays: number;
}

/** Who issues the bulletin, its number and who is copied (shared/domain/organisation.ts), as printed on it. */
export interface BulletinParticulars {
  /** 发文机关: the bureau's issuer, else its full name; null before the bureau set its particulars. */
  issuer: string | null;
  /** 文号, e.g. 慈环督〔2022〕11号; null without a number pattern. */
  documentNumber: string | null;
  /** 抄送, in order. */
  cc: string[];
}

export const noParticulars: BulletinParticulars = { issuer: null, documentNumber: null, cc: [] };

export interface BulletinInput {
  /** The publication day (`YYYY-MM-DD`), the first working day of the bulletin's month: lights are as of it. */
  publishedOn: string;
  plans: readonly BulletinPlan[];
  /** Escalations raised in the covered month (others are left out here too). */
  escalations: readonly BulletinEscalation[];
  /** None: the bulletin reads without an issuer, a number or copies. */
  particulars?: BulletinParticulars;
}

export type LightCounts = Record<Light, number>;
export type LevelCounts = Record<Level, number>;

export interface UnitFigures {
  /** Tasks, withdrawn ones left out. */
  tasks: number;
  closed: number;
  /** closed / tasks, 4 decimals; null for a unit without tasks. */
  completionRate: number | null;
  /** Lights of its open (not closed) tasks on the publication day. */
  lights: LightCounts;
  /** Levels raised in the covered month. */
  escalations: LevelCounts;
}

export interface UnitRow extends UnitFigures {
  unitId: string;
  unitName: string;
}

/** A task that reached 通报 or 约谈 in the covered month, at the highest of the two it reached. */
export interface NoticedTask {
  taskId: string;
  planId: string;
  unitId: string;
  unitName: string;
  title: string;
  level: Extract<Level, 'notice' | 'summon'>;
  /** The chase day that raised that level. */
  date: string;
  kind: LatenessKind;
  since: string;
  workingDays: number;
}

export interface Bulletin {
  /** The month of publication (`YYYY-MM`). */
  month: string;
  /** The month it reports on: the one before `month`. */
  covers: string;
  publishedOn: string;
  plans: { planId: string; name: string }[];
  /** One row per unit of the plans (a unit in several plans once), in plan order. */
  units: UnitRow[];
  noticed: NoticedTask[];
  totals: UnitFigures;
  particulars: BulletinParticulars;
}

/** A month, `YYYY-MM`: what names a bulletin (its month of publication) everywhere it is asked for. */
export const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month before `month` (`2023-01` → `2022-12`). */
export function previousMonth(month: string): string {
  const match = monthPattern.exec(month);
  if (!match) throw new RangeError(`${JSON.stringify(month)} is not a month (use YYYY-MM) / 不是有效月份（格式 YYYY-MM）`);
  const year = Number(match[1]);
  const m = Number(match[2]);
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

const leadersLevels = ['notice', 'summon'] as const;

export function buildBulletin(input: BulletinInput): Bulletin {
  const month = input.publishedOn.slice(0, 7);
  const covers = previousMonth(month);
  const unitNames = new Map<string, string>();
  for (const plan of input.plans) for (const unit of plan.units) if (!unitNames.has(unit.id)) unitNames.set(unit.id, unit.name);
  const figures = new Map([...unitNames.keys()].map((unitId) => [unitId, emptyFigures()]));
  const figuresOf = (unitId: string) => {
    // A task of a unit the plan no longer lists (a revision dropped it) still counts, under its id.
    if (!figures.has(unitId)) figures.set(unitId, emptyFigures());
    return figures.get(unitId)!;
  };

  const tasks = new Map<string, BulletinTask>();
  for (const plan of input.plans)
    for (const task of plan.tasks) {
      const light = lightOf(task, input.publishedOn, plan.margin);
      if (light === null) continue;
      tasks.set(task.id, task);
      const unit = figuresOf(task.unitId);
      unit.tasks++;
      if (task.status === 'closed') unit.closed++;
      else unit.lights[light]++;
    }

  const planIds = new Set(input.plans.map((plan) => plan.planId));
  const ofMonth = input.escalations.filter((escalation) => escalation.date.startsWith(`${covers}-`) && planIds.has(escalation.planId));
  const highest = new Map<string, BulletinEscalation>();
  for (const escalation of ofMonth) {
    figuresOf(escalation.unitId).escalations[escalation.level]++;
    if (!(leadersLevels as readonly Level[]).includes(escalation.level)) continue;
    const before = highest.get(escalation.taskId);
    if (!before || levels.indexOf(escalation.level) > levels.indexOf(before.level)) highest.set(escalation.taskId, escalation);
  }

  const units = [...figures].map(([unitId, unit]) => ({ unitId, unitName: unitNames.get(unitId) ?? unitId, ...withRate(unit) }));
  const noticed = [...highest.values()]
    .map((escalation) => ({
      taskId: escalation.taskId,
      planId: escalation.planId,
      unitId: escalation.unitId,
      unitName: unitNames.get(escalation.unitId) ?? escalation.unitId,
      title: tasks.get(escalation.taskId)?.title ?? escalation.taskId,
      level: escalation.level as NoticedTask['level'],
      date: escalation.date,
      kind: escalation.kind,
      since: escalation.since,
      workingDays: escalation.workingDays,
    }))
    // Leaders read the worst first: 约谈 before 通报, then the longest late.
    .sort((a, b) => levels.indexOf(b.level) - levels.indexOf(a.level) || b.workingDays - a.workingDays || (a.taskId < b.taskId ? -1 : 1));

  return {
    month,
    covers,
    publishedOn: input.publishedOn,
    plans: input.plans.map((plan) => ({ planId: plan.planId, name: plan.name })),
    units,
    noticed,
    totals: withRate(sumOf(units)),
    particulars: input.particulars ?? noParticulars,
  };
}

function emptyFigures(): Omit<UnitFigures, 'completionRate'> {
  return {
    tasks: 0,
    closed: 0,
    lights: Object.fromEntries(lights.map((light) => [light, 0])) as LightCounts,
    escalations: Object.fromEntries(levels.map((level) => [level, 0])) as LevelCounts,
  };
}

function sumOf(rows: readonly Omit<UnitFigures, 'completionRate'>[]): Omit<UnitFigures, 'completionRate'> {
  const sum = emptyFigures();
  for (const row of rows) {
    sum.tasks += row.tasks;
    sum.closed += row.closed;
    for (const light of lights) sum.lights[light] += row.lights[light];
    for (const level of levels) sum.escalations[level] += row.escalations[level];
  }
  return sum;
}

function withRate(figures: Omit<UnitFigures, 'completionRate'>): UnitFigures {
  const { tasks, closed, lights: lightCounts, escalations } = figures;
  return { tasks, closed, completionRate: tasks === 0 ? null : Math.round((closed / tasks) * 10_000) / 10_000, lights: lightCounts, escalations };
}
