import type { DocumentLang } from '../documents/html.js';
import type { LatenessKind, Level } from '../domain/lateness.js';
import type { Light } from '../domain/light.js';
import type { Bulletin, NoticedTask, UnitRow } from './bulletin.js';

/*
 * The bulletin's words, in Chinese (the document a bureau sends) and in English (asked for by `lang=en`),
 * shared by its HTML and its workbook so the two never disagree. Ids are no words: they stay in the data.
 */

/** The documents' languages (shared/documents/html.ts), as a list for the route's and the CLI's checks. */
export const documentLanguages = ['zh', 'en'] as const satisfies readonly DocumentLang[];
export type DocumentLanguage = DocumentLang;

/** Red first: a reader looks for what is late. */
export const lightOrder: readonly Light[] = ['red', 'yellow', 'green'];

/** `0.4167` → `41.7%`; a unit without tasks has no rate. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

/** The opening paragraph's figures, counted once for both languages and for the tests. */
export interface OpeningFigures {
  tasks: number;
  closed: number;
  rate: string;
  lights: Record<Light, number>;
  /** Units with a task at 通报 or 约谈, and those tasks by their highest level. */
  noticedUnits: number;
  noticeTasks: number;
  summonTasks: number;
}

export function openingFigures(bulletin: Bulletin): OpeningFigures {
  return {
    tasks: bulletin.totals.tasks,
    closed: bulletin.totals.closed,
    rate: percent(bulletin.totals.completionRate),
    lights: bulletin.totals.lights,
    noticedUnits: new Set(bulletin.noticed.map((task) => task.unitId)).size,
    noticeTasks: bulletin.noticed.filter((task) => task.level === 'notice').length,
    summonTasks: bulletin.noticed.filter((task) => task.level === 'summon').length,
  };
}

export interface BulletinWords {
  lang: string;
  /** The document's title, named after the month it covers. */
  title: (covers: string) => string;
  /** A day as the document dates itself, and as a table's narrow column does. */
  date: (day: string) => string;
  shortDate: (day: string) => string;
  opening: (bulletin: Bulletin, figures: OpeningFigures) => string;
  sections: { units: string; chart: string; noticed: string; closing: string };
  rankedBy: string;
  noNotice: string;
  closing: string;
  cc: string;
  /** 发布 and 统计期间, under the title when the bureau set no issuer. */
  published: (bulletin: Bulletin) => string;
  lights: Record<Light, string>;
  /** A light as one short mark: its colour's word and the count. */
  lightMark: (light: Light, count: number) => string;
  noOpenTask: string;
  levels: Record<Level, string>;
  unitHeadings: { rank: string; unit: string; tasks: string; closed: string; rate: string; lights: string; escalations: string };
  noticedHeadings: { unit: string; task: string; level: string; lateness: string; raisedOn: string };
  lateness: (task: NoticedTask) => string;
  total: string;
  chartSeries: string;
  lightsNote: string;
  /** The workbook's sheets (Excel: at most 31 characters, no `/`). */
  sheets: { units: string; noticed: string; data: string };
  dataHeadings: { kind: string; id: string; name: string; unit: string };
  dataKinds: { plan: string; unit: string; task: string };
}

const zhMonth = (month: string) => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
const zhDay = (day: string) => `${zhMonth(day)}${Number(day.slice(8, 10))}日`;
const zhKinds: Record<LatenessKind, string> = { overdue: '逾期', behind: '滞后序时进度', due_soon: '临近期限' };

const zh: BulletinWords = {
  lang: 'zh-CN',
  title: (covers) => `关于${zhMonth(covers)}重点工作推进情况的通报`,
  date: zhDay,
  shortDate: zhDay,
  opening: (bulletin, f) => {
    const plans = bulletin.plans.map((plan) => plan.name).join('、') || '本年度重点工作';
    const lit = lightOrder.filter((light) => f.lights[light] > 0).map((light) => `${zh.lights[light]}${f.lights[light]}项`);
    const open = f.tasks - f.closed;
    const noticed =
      f.noticeTasks + f.summonTasks === 0 ? '本月未有任务被通报或约谈。' : `本月${f.noticedUnits}个单位${f.noticeTasks}项任务被通报、${f.summonTasks}项被约谈。`;
    return (
      `${zhMonth(bulletin.covers)}，${plans}共有任务${f.tasks}项，截至${zhDay(bulletin.publishedOn)}已办结${f.closed}项，办结率${f.rate}` +
      (open > 0 && lit.length > 0 ? `；未办结的${open}项中，${lit.join('、')}。` : '。') +
      `${noticed}现将有关情况通报如下。`
    );
  },
  sections: { units: '一、各单位任务办结情况', chart: '各单位任务办结率', noticed: '二、通报、约谈任务', closing: '三、下步工作要求' },
  rankedBy: '按办结率从高到低排列，办结率相同的按任务数从多到少排列。',
  noNotice: '本月无通报、约谈任务。',
  closing:
    '请各单位对照任务清单，抓紧推进红灯、黄灯任务，按序时进度报送进展；被通报、约谈的单位要查明原因，明确整改措施和完成时限，确保年度目标任务按期完成。',
  cc: '抄送',
  published: (bulletin) => `发布日期：${zhDay(bulletin.publishedOn)}　统计期间：${zhMonth(bulletin.covers)}`,
  lights: { red: '红灯', yellow: '黄灯', green: '绿灯' },
  lightMark: (light, count) => `${{ red: '红', yellow: '黄', green: '绿' }[light]}${count}`,
  noOpenTask: '无未办结任务',
  levels: { remind: '提醒', urge: '催办', supervise: '督办', notice: '通报', summon: '约谈' },
  unitHeadings: { rank: '排名', unit: '单位', tasks: '任务数', closed: '已办结', rate: '办结率', lights: '未办结任务灯色', escalations: '本月督办（次）' },
  noticedHeadings: { unit: '单位', task: '任务', level: '级别', lateness: '情形', raisedOn: '升级日期' },
  lateness: (task) => `${zhKinds[task.kind]}${task.workingDays}个工作日（自${zhDay(task.since)}起）`,
  total: '合计',
  chartSeries: '办结率',
  lightsNote: '灯色统计至发布日：红灯为已过期限未办结，黄灯为落后序时进度，绿灯为正常推进。',
  sheets: { units: '各单位办结情况', noticed: '通报约谈任务', data: '附件 数据编号' },
  dataHeadings: { kind: '类别', id: '编号', name: '名称', unit: '单位编号' },
  dataKinds: { plan: '计划', unit: '单位', task: '任务' },
};

const enMonth = (month: string) =>
  new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1)).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const enDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** `30 Sept 2022`: in the tables, where a column is narrow. */
const enShortDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const enKinds: Record<LatenessKind, string> = { overdue: 'overdue', behind: 'behind schedule', due_soon: 'due soon' };

const en: BulletinWords = {
  lang: 'en',
  title: (covers) => `Progress of the key tasks, ${enMonth(covers)}`,
  date: enDay,
  shortDate: enShortDay,
  opening: (bulletin, f) => {
    const plans = bulletin.plans.map((plan) => plan.name).join(', ') || 'the year’s key work';
    const lit = lightOrder.filter((light) => f.lights[light] > 0).map((light) => `${f.lights[light]} ${en.lights[light].toLowerCase()}`);
    const open = f.tasks - f.closed;
    const noticed =
      f.noticeTasks + f.summonTasks === 0
        ? `No task was noticed or summoned in ${enMonth(bulletin.covers)}.`
        : `This month ${f.noticeTasks} task(s) of ${f.noticedUnits} unit(s) were noticed and ${f.summonTasks} summoned.`;
    return (
      `In ${enMonth(bulletin.covers)}, ${plans} counted ${f.tasks} tasks; by ${enDay(bulletin.publishedOn)}, ${f.closed} were closed, a completion rate of ${f.rate}` +
      (open > 0 && lit.length > 0 ? `; of the ${open} open, ${lit.join(', ')}. ` : '. ') +
      noticed
    );
  },
  sections: { units: '1. Completion by unit', chart: 'Completion rate by unit', noticed: '2. Tasks noticed or summoned', closing: '3. What is asked of the units' },
  rankedBy: 'Ranked by completion rate, then by number of tasks.',
  noNotice: 'No task reached 通报 (notice) or 约谈 (summon) this month.',
  closing:
    'Every unit is to move its red and yellow tasks forward and report progress as its milestones fall due; units noticed or summoned are to find the causes and set out how and by when they will catch up.',
  cc: 'Copied to',
  published: (bulletin) => `Published ${enDay(bulletin.publishedOn)}, covering ${enMonth(bulletin.covers)}`,
  lights: { red: 'Red', yellow: 'Yellow', green: 'Green' },
  lightMark: (light, count) => `${en.lights[light]} ${count}`,
  noOpenTask: 'No open task',
  levels: { remind: 'Remind', urge: 'Urge', supervise: 'Supervise', notice: 'Notice', summon: 'Summon' },
  unitHeadings: { rank: 'Rank', unit: 'Unit', tasks: 'Tasks', closed: 'Closed', rate: 'Completion', lights: 'Lights of open tasks', escalations: 'Escalations this month' },
  noticedHeadings: { unit: 'Unit', task: 'Task', level: 'Level', lateness: 'Why', raisedOn: 'Raised on' },
  lateness: (task) => `${enKinds[task.kind]} ${task.workingDays} working days (since ${enShortDay(task.since)})`,
  total: 'Total',
  chartSeries: 'Completion rate',
  lightsNote: 'Lights as of the publication day: red is past its deadline, yellow behind its milestones, green on track.',
  sheets: { units: 'Completion by unit', noticed: 'Noticed or summoned', data: 'Annex ids' },
  dataHeadings: { kind: 'Kind', id: 'Id', name: 'Name', unit: 'Unit id' },
  dataKinds: { plan: 'Plan', unit: 'Unit', task: 'Task' },
};

export const bulletinWords: Readonly<Record<DocumentLanguage, BulletinWords>> = { zh, en };

/** A unit's row with its place: ties share a rank (1, 2, 2, 4); a unit without tasks has none. */
export interface RankedUnit extends UnitRow {
  rank: number | null;
}

/**
 * The units as the document lists them: by completion rate, highest first; on a tie the one with more tasks
 * first, then plan order. Units without tasks last, unranked.
 */
export function rankUnits(units: readonly UnitRow[]): RankedUnit[] {
  const order = [...units.keys()].sort((a, b) => {
    const [x, y] = [units[a]!, units[b]!];
    if (x.completionRate === null || y.completionRate === null) return (x.completionRate === null ? 1 : 0) - (y.completionRate === null ? 1 : 0) || a - b;
    return y.completionRate - x.completionRate || y.tasks - x.tasks || a - b;
  });
  const ranked: RankedUnit[] = [];
  for (const [place, index] of order.entries()) {
    const unit = units[index]!;
    const before = ranked[place - 1];
    const tied = before !== undefined && before.completionRate === unit.completionRate;
    ranked.push({ ...unit, rank: unit.completionRate === null ? null : tied ? before.rank : place + 1 });
  }
  return ranked;
}
