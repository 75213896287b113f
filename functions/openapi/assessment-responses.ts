import * as z from 'zod';
import { grades, lineRules } from '../../shared/domain/assessment/types.js';

/*
 * What the year-end assessment's routes answer (functions/assessments, functions/public), for the API
 * description only, like responses.ts: objects are open, so a field added later is not a breaking change.
 */

const dateTime = z.iso.datetime();
const date = z.iso.date();
const points = z.number().meta({ description: 'Two decimals' });
const grade = z.enum(grades).meta({ description: 'excellent 优秀 / good 良好 / pass 合格 / fail 不合格' });
const signedLink = z.object({ url: z.url(), expiresAt: dateTime });
const lights = z.object({ green: z.number().int(), yellow: z.number().int(), red: z.number().int() });

/** `functions/assessments/run-routes.ts` start. */
export const AssessmentStarted = z
  .object({ year: z.number().int(), runId: z.string(), status: z.literal('RUNNING') })
  .meta({ id: 'AssessmentStarted' });

const group = z.string().meta({ description: 'The ranking group (分类考核, rules `groups`): by default towns (镇街道) or departments (部门)' });
const rankInGroup = z.number().int().meta({ description: 'Competition ranking within the group (1, 2, 2, 4); vetoed units after all others of the group' });
const figures = z.object({ group, total: points, grade, rank: rankInGroup });

/** `shared/domain/assessment/types.ts` RankChange. */
const RankChange = z.object({
  unitId: z.string(),
  unitName: z.string(),
  before: figures.nullable(),
  after: figures.nullable(),
  rankDelta: z.number().int().nullable().meta({ description: 'before.rank − after.rank within one group: positive moved up; null when ranked on one side only or in another group' }),
});

/** `shared/store/assessment-runs.ts` AssessmentRun. */
export const AssessmentRun = z
  .object({
    runId: z.string(),
    year: z.number().int(),
    status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED']),
    dryRun: z.boolean(),
    rules: z.record(z.string(), z.unknown()).optional().meta({ description: 'The rules override of the run, defaults applied' }),
    appealId: z.string().optional().meta({ description: 'A re-score run started by an upheld appeal' }),
    startedAt: dateTime,
    startedBy: z.string(),
    executionArn: z.string().optional(),
    units: z.number().int().optional(),
    published: z.boolean().optional(),
    revision: z.number().int().optional(),
    changes: z.array(RankChange).optional().meta({ description: 'Dry run: rank moves against the published ranking' }),
    error: z.object({ Error: z.string(), Cause: z.string() }).optional(),
    finishedAt: dateTime.optional(),
  })
  .meta({ id: 'AssessmentRun' });

/** `shared/domain/assessment/types.ts` RankedUnit. */
const RankedUnit = z.object({
  unitId: z.string(),
  unitName: z.string(),
  group,
  groupName: z.string().meta({ description: 'The group\'s name, e.g. 镇街道' }),
  total: points,
  grade: grade.meta({ description: 'By the group\'s grade bands: excellent 优秀 / good 良好 / pass 合格 / fail 不合格' }),
  rank: rankInGroup,
  vetoed: z.boolean(),
  completion: points,
  timeliness: points,
  deductions: points,
  bonus: points,
});

/** `functions/assessments/run-routes.ts` published. */
export const PublishedAssessment = z
  .object({
    year: z.number().int(),
    runId: z.string(),
    revision: z.number().int(),
    publishedOn: date,
    appealsUntil: date.meta({ description: 'The last day a unit may appeal a line item' }),
    lang: z.enum(['zh', 'en']).meta({ description: 'The language of the reports linked: en when asked for and published in English' }),
    units: z.array(RankedUnit).meta({ description: 'Group by group (in the rules\' order), each by rank' }),
    reports: z.object({ csv: signedLink, xlsx: signedLink, html: signedLink }).meta({ description: 'The published report (presigned GETs, a few minutes)' }),
  })
  .meta({ id: 'PublishedAssessment' });

/** `shared/domain/assessment/types.ts` LineItem. */
const LineItem = z.object({
  lineId: z.string().meta({ description: 'Stable across runs: what an appeal names' }),
  taskId: z.string().nullable(),
  role: z.enum(['own', 'co']).optional(),
  rule: z.enum(lineRules),
  points,
  max: points.optional(),
  eventIds: z.array(z.string()).meta({ description: 'Task events (<taskId>@<version>), actual:<taskId>, adjustment and appeal ids' }),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  waivedBy: z.string().optional(),
});

/** `functions/assessments/run-routes.ts` unit. */
const Words = z.object({ zh: z.string(), en: z.string() });
/** A line as a unit reads it: its task's title and the points in words (`shared/domain/assessment/line-words.ts`). */
const LineInWords = LineItem.extend({
  taskTitle: z.string().nullable().meta({ description: 'The task line is for; null for a bonus or veto' }),
  words: Words.meta({ description: 'The points explained: 按期完成 / 逾期3个工作日，扣0.30分 …' }),
  basis: Words.nullable().meta({ description: 'The dated events behind the line (依据：…); null when none' }),
});
export const UnitAssessment = RankedUnit.extend({ runId: z.string(), lineItems: z.array(LineInWords).meta({ description: 'They sum exactly to total' }) }).meta({
  id: 'UnitAssessment',
});

export const ActualsSaved = z.object({ saved: z.number().int() }).meta({ id: 'ActualsSaved' });

const Actual = z.object({
  actualId: z.string(),
  taskId: z.string(),
  planId: z.string(),
  goalId: z.string(),
  unitId: z.string(),
  value: z.number(),
  enteredBy: z.string(),
  enteredAt: dateTime,
});
export const ActualList = z.object({ items: z.array(Actual) }).meta({ id: 'ActualList' });

/** `shared/domain/assessment/types.ts` Adjustment. */
export const Adjustment = z
  .object({
    adjustmentId: z.string(),
    year: z.number().int(),
    unitId: z.string(),
    kind: z.enum(['bonus', 'veto']),
    points: points.optional(),
    reason: z.string(),
    recordedBy: z.string(),
    recordedAt: dateTime,
  })
  .meta({ id: 'Adjustment' });
export const AdjustmentList = z.object({ items: z.array(Adjustment) }).meta({ id: 'AdjustmentList' });

/** `shared/domain/assessment/types.ts` Appeal. */
export const Appeal = z
  .object({
    appealId: z.string(),
    year: z.number().int(),
    unitId: z.string(),
    lineId: z.string(),
    reason: z.string(),
    filedBy: z.string(),
    filedAt: dateTime,
    runId: z.string().meta({ description: 'The published run whose line is appealed' }),
    status: z.enum(['pending', 'upheld', 'rejected']),
    decision: z.object({ by: z.string(), at: dateTime, reason: z.string(), points: points.optional() }).optional(),
    rescoreRunId: z.string().optional(),
  })
  .meta({ id: 'Appeal' });
export const AppealList = z.object({ items: z.array(Appeal) }).meta({ id: 'AppealList' });

export const AppealDecided = z
  .object({ appeal: Appeal, runId: z.string().optional().meta({ description: 'Upheld: the re-score run that republishes' }) })
  .meta({ id: 'AppealDecided' });

export const Disclosure = z
  .object({ approvedBy: z.string(), approvedAt: dateTime, runId: z.string().optional() })
  .loose()
  .meta({ id: 'Disclosure' });

/** `functions/public/routes.ts` assessment: the allow-list, nothing else. */
export const PublicAssessment = z
  .object({
    year: z.number().int(),
    publishedOn: date,
    units: z.array(
      z.object({
        unitId: z.string(),
        unitName: z.string(),
        group: z.string().nullable().meta({ description: 'The unit\'s group (分类考核); null in a ranking published before groups' }),
        groupName: z.string().nullable(),
        total: points,
        grade,
        rank: z.number().int().meta({ description: 'Within the group' }),
      }),
    ),
  })
  .meta({ id: 'PublicAssessment' });

const publicFigures = {
  tasks: z.number().int(),
  closed: z.number().int(),
  completionRate: z.number().nullable().meta({ description: 'closed / tasks (4 decimals); null without tasks' }),
  lights: lights.meta({ description: 'Of the open tasks, today' }),
};

/** `functions/public/progress.ts` PublicProgress. */
export const PublicProgress = z
  .object({
    planId: z.string(),
    name: z.string(),
    year: z.number().int(),
    asOf: date,
    units: z.array(z.object({ unitId: z.string(), unitName: z.string(), ...publicFigures })),
    goals: z.array(z.object({ goalId: z.string(), title: z.string(), ...publicFigures })),
  })
  .meta({ id: 'PublicProgress' });
