import * as z from 'zod';
import { slug } from '../ids.js';
import type { Level } from '../lateness.js';
import { singleLine } from '../text.js';
import { unitKindNamesZh, unitKinds } from '../unit-kinds.js';

/*
 * A plan's year-end assessment settings (`plan.assessment`, 考核规则): every field has a default, so a plan
 * that leaves them out is scored by the defaults. Figures the scorer turns into points are numbers with at
 * most two decimals, because it adds points in integer hundredths (score.ts) and a third decimal would be
 * rounded silently. docs/plan-format.md, "Assessment", explains each point.
 *
 * Groups left out are `prefault({})`: parsed as an empty group, so each field's own default applies and
 * every default is written once.
 */

/** As many weights as a plan has goals (plan.ts MAX_GOALS; plan.ts imports this module, so not from there). */
export const MAX_WEIGHTS = 500;
const MAX_WEIGHT = 1000;

export const tieBreakKeys = ['completion', 'deductions', 'timeliness', 'bonus'] as const;
export type TieBreakKey = (typeof tieBreakKeys)[number];

/** A refinement's issue, read back by zod-problems.ts as a problem with this rule and Chinese message. */
const issue = (path: PropertyKey[], input: unknown, rule: string, message: string, messageZh: string) =>
  ({ code: 'custom', path, input, message, params: { rule, messageZh } }) as const;

const twoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-9;

/** Points from 0 to `max` with at most two decimals (rule `precision`). */
const points = (max: number, fallback: number, description: string) =>
  z
    .number()
    .min(0)
    .max(max)
    .refine(twoDecimals, {
      message: 'has more than two decimals',
      params: { rule: 'precision', messageZh: '最多保留两位小数' },
    })
    .default(fallback)
    .describe(description);

const share = (fallback: number, description: string) => z.number().min(0).max(1).default(fallback).describe(description);

export const AssessmentPoints = z
  .strictObject({
    completion: points(100, 80, '完成度: points for completing the tasks, split over a unit\'s tasks by weight'),
    timeliness: points(100, 20, '及时性: points for closing the tasks on time, split over a unit\'s tasks by weight'),
  })
  .superRefine((value, context) => {
    const sum = Math.round(value.completion * 100) + Math.round(value.timeliness * 100);
    if (sum === 10_000) return;
    context.addIssue(
      issue(
        [],
        value,
        'sum',
        `completion (${value.completion}) and timeliness (${value.timeliness}) must sum to 100`,
        `完成度（${value.completion}）与及时性（${value.timeliness}）之和必须为 100`,
      ),
    );
  });

export const indicatorModes = ['attained', 'graded'] as const;

export const AssessmentIndicator = z.strictObject({
  mode: z
    .enum(indicatorModes)
    .default('graded')
    .describe('指标评分: attained = all points on the right side of the target, none otherwise; graded = fewer the further off'),
  tolerance: z
    .number()
    .gt(0)
    .max(1)
    .default(0.2)
    .describe('容差: graded, the shortfall (a share of |target|) at which an indicator scores 0; 0.2 = 20 %'),
});

export const AssessmentDeductions = z.strictObject({
  remind: points(100, 0, '提醒: points deducted per escalation period that reached it'),
  urge: points(100, 0, '催办: points deducted per escalation period that reached it'),
  supervise: points(100, 0, '督办: points deducted per escalation period that reached it'),
  notice: points(100, 2, '通报: points deducted per escalation period that reached it'),
  summon: points(100, 5, '约谈: points deducted per escalation period that reached it'),
  rebound: points(100, 1, '回头看反弹: points deducted per re-open of a closed task'),
});

type DeductedLevel = Exclude<keyof z.infer<typeof AssessmentDeductions>, 'rebound'>;
// Every level of the ladder (lateness.ts) has its deduction, and nothing else does.
true satisfies [Level] extends [DeductedLevel] ? ([DeductedLevel] extends [Level] ? true : false) : false;

const gradeNamesZh = { excellent: '优秀', good: '良好', pass: '合格' } as const;
const gradeBands = ['excellent', 'good', 'pass'] as const;

export const AssessmentGrades = z
  .strictObject({
    excellent: points(100, 90, '优秀: the least total for Excellent'),
    good: points(100, 80, '良好: the least total for Good'),
    pass: points(100, 60, '合格: the least total for Pass; below it 不合格 (Fail)'),
  })
  .superRefine((grades, context) => {
    for (const [index, band] of gradeBands.entries()) {
      const above = gradeBands[index - 1];
      if (above === undefined || grades[band] < grades[above]) continue;
      context.addIssue(
        issue(
          [band],
          grades[band],
          'order',
          `${band} (${grades[band]}) must be less than ${above} (${grades[above]})`,
          `${gradeNamesZh[band]}（${grades[band]}）必须小于${gradeNamesZh[above]}（${grades[above]}）`,
        ),
      );
    }
  });

export const AssessmentGroup = z.strictObject({
  id: slug.describe('Group id, e.g. towns: what a ranked unit\'s `group` says'),
  name: z.string().min(1).max(50).superRefine(singleLine).describe('Name as the reports print it, e.g. 镇街道'),
  kinds: z
    .array(z.enum(unitKinds))
    .min(1)
    .max(unitKinds.length)
    .describe('The unit kinds ranked in this group: town, street, district, county, city, zone, department'),
  grades: AssessmentGrades.optional().describe('等次: this group\'s own grade bands; left out, the rules\' `grades`'),
});
export type AssessmentGroup = z.infer<typeof AssessmentGroup>;

/**
 * 分类考核: towns and streets are ranked apart from the departments, whose work is not alike, and apart from
 * the districts, counties, cities and zones of a city's plan, units a level above them. A group no unit
 * falls in is not shown.
 */
const defaultGroups = (): AssessmentGroup[] => [
  { id: 'towns', name: '镇街道', kinds: ['town', 'street'] },
  { id: 'counties', name: '区县（市）和开发区', kinds: ['district', 'county', 'city', 'zone'] },
  { id: 'departments', name: '部门', kinds: ['department'] },
];

/**
 * No unit kind in two groups, and no group id twice. A kind of the plan's units in no group is a problem
 * of the plan (plan-rules.ts): a county's plan need not rank districts.
 */
export const AssessmentGroups = z
  .array(AssessmentGroup)
  .min(1)
  .max(unitKinds.length)
  .superRefine((groups, context) => {
    const ids = new Map<string, number>();
    const kinds = new Map<string, number>();
    groups.forEach((group, index) => {
      const sameId = ids.get(group.id);
      if (sameId !== undefined)
        context.addIssue(issue([index, 'id'], group.id, 'duplicate', `"${group.id}" is already groups[${sameId}]`, `分组编号"${group.id}"与 groups[${sameId}] 重复`));
      else ids.set(group.id, index);
      group.kinds.forEach((kind, k) => {
        const other = kinds.get(kind);
        if (other !== undefined)
          context.addIssue(
            issue([index, 'kinds', k], kind, 'duplicate', `"${kind}" is already in groups[${other}]`, `"${kind}"（${unitKindNamesZh[kind]}）已在 groups[${other}] 中`),
          );
        else kinds.set(kind, index);
      });
    });
  });

const tieBreakNamesZh: Record<TieBreakKey, string> = { completion: '完成度', deductions: '扣分', timeliness: '及时性', bonus: '加分' };

export const AssessmentTieBreak = z
  .array(z.enum(tieBreakKeys))
  .max(tieBreakKeys.length)
  .superRefine((keys, context) => {
    keys.forEach((key, index) => {
      const first = keys.indexOf(key);
      if (first === index) return;
      context.addIssue(
        issue(
          [index],
          key,
          'duplicate',
          `"${key}" is already tieBreak[${first}]`,
          `"${key}"（${tieBreakNamesZh[key]}）与 tieBreak[${first}] 重复`,
        ),
      );
    });
  });

export const AssessmentWeights = z.record(slug, z.number().gt(0).max(MAX_WEIGHT)).superRefine((weights, context) => {
  const count = Object.keys(weights).length;
  if (count <= MAX_WEIGHTS) return;
  context.addIssue(
    issue([], weights, 'too_many', `has ${count} goals, more than ${MAX_WEIGHTS}`, `共 ${count} 个目标，超过 ${MAX_WEIGHTS} 个`),
  );
});

export const AssessmentRules = z.strictObject({
  weights: AssessmentWeights.prefault({}).describe(
    '权重: per goal id, more than 0; a goal left out weighs 1. A unit\'s points are split over its tasks by weight',
  ),
  points: AssessmentPoints.prefault({}).describe(
    '分值: a unit\'s 100 points, completion (完成度) + timeliness (及时性)',
  ),
  indicator: AssessmentIndicator.prefault({}).describe(
    '指标类任务: how an indicator\'s value for the year scores against its target',
  ),
  timeliness: z
    .strictObject({
      perLateDay: share(0.1, '每逾期一个工作日: the share of a task\'s timeliness points lost per working day late'),
    })
    .prefault({})
    .describe('及时性: closed on time, or late by N working days'),
  deductions: AssessmentDeductions.prefault({}).describe(
    '扣分: points deducted per escalation level reached (per task and period) and per re-open (回头看)',
  ),
  floorAtZero: z
    .boolean()
    .default(true)
    .describe(
      '扣完为止: true = deductions stop at the points a unit has, so no total is below 0 (the lines past it show what they deduct after the cap); false = totals may be negative',
    ),
  bonusCap: points(100, 5, '加分上限: the most bonus points (加分) a unit can get in a year'),
  coUnitShare: share(
    0,
    '配合单位: 0 = co-units get no credit; s in (0, 1] = each co-unit also scores the task, at its weight × s',
  ),
  grades: AssessmentGrades.prefault({}).describe(
    '等次: the least total for 优秀 (excellent), 良好 (good) and 合格 (pass); below pass 不合格',
  ),
  groups: AssessmentGroups.default(defaultGroups).describe(
    '分类考核: the groups ranked and graded apart, each naming the unit kinds in it; by default 镇街道 (towns, streets), 区县（市）和开发区 (districts, counties, cities, zones) and 部门 (departments). One group with every kind ranks all units together',
  ),
  tieBreak: AssessmentTieBreak.default(() => ['completion' as const, 'deductions' as const, 'timeliness' as const]).describe(
    '同分排序: after equal totals, compare these subtotals in turn (deductions: fewer deducted first); still equal, the same rank',
  ),
  appealDays: z
    .number()
    .int()
    .min(0)
    .max(60)
    .default(5)
    .describe('申诉期: working days after publication in which a unit may appeal a line item'),
});
export type AssessmentRules = z.infer<typeof AssessmentRules>;
export type AssessmentRulesInput = z.input<typeof AssessmentRules>;

function deepFreeze<T>(value: T): Readonly<T> {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The rules of a plan that leaves `assessment` out: the schema's own defaults, so the two cannot differ. */
export const defaultAssessmentRules: Readonly<AssessmentRules> = deepFreeze(AssessmentRules.parse({}));
