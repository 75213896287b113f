import * as z from 'zod';
import {
  defaultLadder,
  defaultTracking,
  type Ladder as LadderSettings,
  ladderSteps,
  MAX_LADDER_DAYS,
  type Tracking as TrackingSettings,
} from './tracking.js';
import { isoDate, slug, tagPattern, unitSetNames } from './ids.js';
import { AssessmentRules } from './assessment/rules.js';
import { unitKinds } from './unit-kinds.js';
import { multiLine, singleLine } from './text.js';

export { isoDate, slug, slugPattern } from './ids.js';
export { unitKinds } from './unit-kinds.js';

/**
 * The annual plan: the single input of the breakdown. This zod schema is the source of truth for the
 * plan file format (YAML/JSON), the JSON Schema in docs/ and the API body of `POST /plans`.
 * Structural rules live here; rules that relate fields to each other (unknown units, shares that must
 * sum, deadlines inside the plan year) live in plan-rules.ts so that every problem is reported at once.
 */

export const MAX_UNITS = 2000;
export const MAX_GOALS = 500;
export const MAX_MILESTONES = 24;
export const MAX_LEADS = 5;
const MAX_TITLE = 200;

/** 镇, 街道, 区, 县, 县级市, 开发区/园区 are local units (属地); 部门 the departments. */
export const UnitKind = z.enum(unitKinds);
export type UnitKind = z.infer<typeof UnitKind>;

/** A tag is one word a unit set can name (沿海, villages). */
export const MAX_TAG = 20;
export const UnitTag = z
  .string()
  .min(1)
  .max(MAX_TAG)
  .regex(tagPattern, { message: 'must be one word without spaces, 、 , ; or :' })
  .describe('A tag, e.g. coastal or 沿海 / 标签');

export const Unit = z.strictObject({
  id: slug.describe('Unit id, e.g. hushan / 单位编号'),
  name: z.string().min(1).max(100).superRefine(singleLine).describe('Name as people write it, e.g. 浒山街道 / 单位名称'),
  kind: UnitKind.describe(
    'town (镇), street (街道), district (区), county (县), city (县级市), zone (开发区/园区) or department (部门)',
  ),
  tags: z.array(UnitTag).max(20).optional().describe('Tags for unit sets that kinds do not give, e.g. [coastal, villages] / 标签'),
  /** Named bases for proportional allocation, e.g. `{ enterprises: 120, river-km: 35.5 }`. */
  bases: z
    .record(slug, z.number().nonnegative().finite())
    .optional()
    .describe('Bases for proportional allocation, e.g. { enterprises: 120, river-km: 35.5 } / 分解基数'),
});
export type Unit = z.infer<typeof Unit>;

const oneOrMore = <Item extends z.ZodType>(item: Item, max: number) => z.union([item, z.array(item).min(1).max(max)]);

/**
 * The units of some kinds and/or with some tags: inside a key any of its values, both keys both must hold.
 * `{ kind: [district, county], tag: coastal }` is the coastal districts and counties.
 */
export const UnitFilter = z
  .strictObject({
    kind: oneOrMore(UnitKind, unitKinds.length).optional().describe('A unit kind or several, e.g. [district, county]'),
    tag: oneOrMore(UnitTag, 20).optional().describe('A tag or several, e.g. coastal'),
  })
  .superRefine((filter, context) => {
    if (filter.kind !== undefined || filter.tag !== undefined) return;
    context.addIssue({
      code: 'custom',
      path: [],
      input: filter,
      message: 'needs kind, tag or both, e.g. { kind: county, tag: coastal }',
      params: { rule: 'required', messageZh: '须写明 kind（类型）或 tag（标签），或两者都写，如 { kind: county, tag: coastal }' },
    });
  });
export type UnitFilter = z.infer<typeof UnitFilter>;

/**
 * `towns` covers the towns and streets (镇/街道); `departments` the departments; `all` every unit; or an
 * explicit list of ids; or the units of some kinds and/or tags.
 */
export const UnitSet = z.union([z.enum(unitSetNames), z.array(slug).min(1).max(MAX_UNITS), UnitFilter]);
export type UnitSet = z.infer<typeof UnitSet>;

/** Cumulative share of the target due by a date (序时进度). */
export const Milestone = z.strictObject({ date: isoDate, share: z.number().gt(0).lte(1) });
export type Milestone = z.infer<typeof Milestone>;

/**
 * 单位明细: what one unit's task has of its own, for any method; every field optional, the goal's otherwise.
 * plan-rules.ts (unit-detail-rules.ts) checks the keys are units of the allocation and the dates fit the year.
 */
export const UnitDetail = z.strictObject({
  title: z.string().min(1).max(MAX_TITLE).superRefine(singleLine).optional().describe('任务名称: this unit\'s own title'),
  note: z.string().min(1).max(500).superRefine(multiLine).optional().describe('备注: shown on the task and in the ledger'),
  deadline: isoDate.optional().describe('完成时限: this unit\'s own deadline, inside the plan year'),
  milestones: z
    .array(Milestone)
    .max(MAX_MILESTONES)
    .optional()
    .describe('序时进度: this unit\'s own milestones (quantity goals), up to its deadline'),
});
export type UnitDetail = z.infer<typeof UnitDetail>;

/** Per-unit detail by unit id, e.g. `{ ninghai: { note: 以西店镇为重点, deadline: 2024-10-31 } }`. */
const details = z
  .record(slug, UnitDetail)
  .optional()
  .describe('单位明细: per-unit title, note, deadline and milestones, by unit id');

export const Allocation = z.discriminatedUnion('method', [
  /** Explicit share per unit; for quantity goals the shares must sum exactly to the target. */
  z.strictObject({ method: z.literal('quota'), quotas: z.record(slug, z.number().nonnegative().finite()), details }),
  /** Integer shares as equal as possible (largest remainder). */
  z.strictObject({ method: z.literal('even'), units: UnitSet, details }),
  /** Integer shares proportional to a named base of each unit (largest remainder). */
  z.strictObject({ method: z.literal('proportional'), units: UnitSet, base: slug, details }),
  /** Every unit of the set gets the goal's target (indicator cascade), with per-unit overrides. */
  z.strictObject({
    method: z.literal('each'),
    units: UnitSet,
    overrides: z.record(slug, z.number().finite()).optional(),
    details,
  }),
  /** One task, for the goal's (primary) lead unit; co-leads review it. */
  z.strictObject({ method: z.literal('lead'), details }),
]);
export type Allocation = z.infer<typeof Allocation>;
export type AllocationMethod = Allocation['method'];

const goalCommon = {
  id: slug.describe('Goal id, part of every task id / 目标编号'),
  title: z.string().min(1).max(MAX_TITLE).superRefine(singleLine).describe('任务/指标'),
  deadline: isoDate.describe('完成时限, YYYY-MM-DD, inside the plan year'),
  /** 牵头单位: a unit id, or several (joint leads, 联合牵头), the first the primary lead; goalLeads() reads it. */
  lead: z
    .union([slug, z.array(slug).min(1).max(MAX_LEADS)])
    .describe('牵头单位: a unit id, or a list of up to 5 (joint leads; the first is the primary lead, each reviews)'),
  /** 配合单位: unit ids recorded on every task of the goal, without quota. */
  coUnits: z.array(slug).max(50).optional().describe('配合单位: unit ids'),
  allocation: Allocation.describe('分解方式: how the goal becomes tasks'),
  /** 分解依据: why the goal is split this way. */
  basis: z.string().max(500).superRefine(multiLine).optional().describe('分解依据: why the goal is split this way'),
};

export const QuantityGoal = z.strictObject({
  ...goalCommon,
  kind: z.literal('quantity'),
  target: z.number().int().nonnegative().describe('目标值: the quantity to split, a whole number'),
  atLeast: z
    .literal(true)
    .optional()
    .describe('以上: the target is a floor (完成150个以上): met at the target, more counted and reported, not required'),
  unitOfMeasure: z.string().min(1).max(20).superRefine(singleLine).describe('计量单位, e.g. 个, 家, 套'),
  milestones: z
    .array(Milestone)
    .max(MAX_MILESTONES)
    .optional()
    .describe('序时进度: cumulative shares by date; quarterly steps when left out'),
});

/** ≤ ≥ > <: `more_than` and `less_than` are strict, not met by a value equal to the target (target.ts). */
export const Direction = z.enum(['at_most', 'at_least', 'more_than', 'less_than']);
export type Direction = z.infer<typeof Direction>;

/** Highest change a relative target may ask: +1000% (a typo like 5 for 5% stays inside, -5 does not). */
export const MAX_RELATIVE_CHANGE = 10;

/**
 * 比上年下降5%: a target stated as a change from a baseline. Each unit's task target is its own baseline (in
 * `baselines`), else `baseline`, × (1 + change), rounded as target.ts says; plan-rules.ts checks every unit
 * of the allocation has one.
 */
export const RelativeTarget = z.strictObject({
  change: z
    .number()
    .gt(-1)
    .lte(MAX_RELATIVE_CHANGE)
    .describe('变化: the change from the baseline as a share, -0.05 = 下降5%, 0.1 = 上升10%'),
  baseline: z.number().finite().optional().describe('基准值: the baseline of every unit without its own'),
  baselines: z
    .record(slug, z.number().finite())
    .optional()
    .describe('各单位基准值: a unit\'s own baseline, by unit id, e.g. { haishu: 31.2 }'),
  baselineYear: z.number().int().min(1990).max(2100).optional().describe('基准年: the year the baselines are of, e.g. 2023'),
});
export type RelativeTarget = z.infer<typeof RelativeTarget>;

export const IndicatorGoal = z.strictObject({
  ...goalCommon,
  kind: z.literal('indicator'),
  target: z.number().finite().optional().describe('目标值: the value every unit must hold (or give `relative`)'),
  relative: RelativeTarget.optional().describe('相对目标: a change from a baseline, instead of `target`'),
  direction: Direction.describe('方向: at_most (≤), at_least (≥), more_than (>) or less_than (<)'),
  unitOfMeasure: z.string().min(1).max(20).superRefine(singleLine).describe('计量单位, e.g. μg/m³, %'),
});

export const ActionGoal = z.strictObject({
  ...goalCommon,
  kind: z.literal('action'),
});

export const Goal = z.discriminatedUnion('kind', [QuantityGoal, IndicatorGoal, ActionGoal]);
export type Goal = z.infer<typeof Goal>;
export type GoalKind = Goal['kind'];

const ladderDays = (fallback: number, description: string) =>
  z.number().int().min(0).max(MAX_LADDER_DAYS).default(fallback).describe(description);

const stepNamesZh: Record<(typeof ladderSteps)[number], string> = { urge: '催办', supervise: '督办', notice: '通报', summon: '约谈' };

/**
 * 升级阶梯, in working days (shared/domain/lateness.ts climbs it). Each step may be left out; the steps
 * after lateness began must rise: urge < supervise < notice < summon (rule `order`, named at the later step).
 */
export const Ladder = z
  .strictObject({
    remindBefore: ladderDays(
      defaultLadder.remindBefore,
      '提醒: working days before the deadline from which a task not yet done is reminded (it counts as due soon)',
    ),
    urge: ladderDays(defaultLadder.urge, '催办: working days overdue or behind schedule'),
    supervise: ladderDays(defaultLadder.supervise, '督办: working days overdue or behind schedule'),
    notice: ladderDays(defaultLadder.notice, '通报: working days overdue or behind schedule (listed in the monthly bulletin)'),
    summon: ladderDays(defaultLadder.summon, '约谈: working days overdue or behind schedule (leaders notified)'),
  })
  .superRefine((ladder, context) => {
    for (const [index, step] of ladderSteps.entries()) {
      const before = ladderSteps[index - 1];
      if (before === undefined) continue;
      const [low, high] = [ladder[before], ladder[step]];
      // A step of the wrong type is reported by itself.
      if (typeof low !== 'number' || typeof high !== 'number' || high > low) continue;
      context.addIssue({
        code: 'custom',
        path: [step],
        input: high,
        message: `${step} (${high}) must be more than ${before} (${low})`,
        params: { rule: 'order', messageZh: `${stepNamesZh[step]}（${high}）必须大于${stepNamesZh[before]}（${low}）` },
      });
    }
  });
export type Ladder = z.infer<typeof Ladder>;

/** How the plan's tasks are followed up: review before closing, when a task lags, how it is chased (docs/architecture.md). */
export const Tracking = z.strictObject({
  reviewLevels: z
    .literal([1, 2])
    .default(2)
    .describe('审核层级: 2 = the lead department accepts, then the bureau closes; 1 = acceptance closes the task'),
  margin: z
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .describe('预警幅度: how far (a share, 0.1 = 10 points) a task may lag before its light turns yellow'),
  ladder: Ladder.default(() => ({ ...defaultLadder })).describe(
    '升级阶梯: 提醒 → 催办 → 督办 → 通报 → 约谈 in working days; ' +
      'remindBefore counts before the deadline, the others from the day lateness began',
  ),
});
export type Tracking = z.infer<typeof Tracking>;

// The defaults (tracking.ts, kept free of zod) and this schema describe one shape.
true satisfies [Tracking] extends [TrackingSettings] ? ([TrackingSettings] extends [Tracking] ? true : false) : false;
true satisfies [Ladder] extends [LadderSettings] ? ([LadderSettings] extends [Ladder] ? true : false) : false;
export { defaultTracking };

export const Plan = z.strictObject({
  id: slug.describe('Plan id, e.g. cixi-2022 / 计划编号'),
  name: z.string().min(1).max(MAX_TITLE).superRefine(singleLine).describe('计划名称'),
  year: z.number().int().min(2000).max(2100).describe('年度: every deadline falls in it'),
  timezone: z.string().max(64).default('Asia/Shanghai').describe('IANA time zone of the dates'),
  units: z.array(Unit).min(1).max(MAX_UNITS).describe('责任单位: towns, streets, districts, counties, cities, zones and departments'),
  goals: z.array(Goal).min(1).max(MAX_GOALS).describe('目标任务'),
  tracking: Tracking.default(() => ({ ...defaultTracking, ladder: { ...defaultLadder } })).describe(
    '跟踪设置: review levels, warning margin and escalation ladder',
  ),
  assessment: AssessmentRules.prefault({}).describe(
    '考核规则: how the year-end assessment scores, grades and ranks the units (weights name goals of this plan)',
  ),
});
export type Plan = z.infer<typeof Plan>;
/** What a plan file may omit (defaults applied by the schema). */
export type PlanInput = z.input<typeof Plan>;
