import * as z from 'zod';
import { documentLanguages } from '../../shared/bulletin/labels.js';
import { AssessmentRules } from '../../shared/domain/assessment/rules.js';
import { slug } from '../../shared/domain/ids.js';
import { parseTaskId } from '../../shared/domain/task.js';
import { multiLine, singleLine } from '../../shared/domain/text.js';
import { bilingual } from '../../shared/domain/zod-problems.js';
import { MAX_YEAR, MIN_YEAR, yearPath } from '../../shared/http/params.js';

/*
 * The year-end assessment's requests (docs/architecture.md, "HTTP API: every route"). Bodies are strict
 * and every text and list is capped, as everywhere else.
 */

export const MAX_ACTUALS = 2000;
export const MAX_BONUS_POINTS = 20;
const MAX_ADJUSTMENT_REASON = 500;
const MAX_REASON = 1000;

/** `assess-<year>-<8 hex>`: the run id the start route chose, which is also the execution's name. */
export const runIdPattern = /^assess-\d{4}-[0-9a-f]{8}$/;
const runId = z.string().regex(runIdPattern, bilingual('pattern', 'Must be a run id (assess-<year>-…)', '应为考核运行编号（assess-<年份>-…）'));

/** `ap-<n>`, numbered per year. */
const appealId = z.string().regex(/^ap-[1-9]\d{0,5}$/, bilingual('pattern', 'Must be an appeal id (ap-<n>)', '应为申诉编号（ap-<序号>）'));

const taskId = z
  .string()
  .max(150)
  .refine((id) => parseTaskId(id) !== undefined, bilingual('task_id', 'Must be <planId>.<goalId>.<unitId>', '应为 <计划>.<目标>.<单位> 形式的任务编号'));

const reason = (max: number) => z.string().trim().min(1).max(max).superRefine(multiLine);

export const YearParams = z.strictObject({ year: yearPath });

/** `GET /assessments/{year}?lang=en`: the reports linked in English; Chinese, as the bureau sends them, by default. */
export const PublishedQuery = z.strictObject({
  lang: z.enum(documentLanguages).optional().meta({ description: 'zh (default) or en: the language of the reports linked' }),
});
export const RunParams = z.strictObject({ year: yearPath, runId });
export const UnitParams = z.strictObject({ year: yearPath, unitId: slug });
export const AppealParams = z.strictObject({ year: yearPath, appealId });

/** `POST /assessments`: a run of the year; `rules` replaces every plan's rules for this run (a what-if with `dryRun`). */
export const StartAssessmentBody = z.strictObject({
  year: z.number().int().min(MIN_YEAR).max(MAX_YEAR),
  rules: AssessmentRules.optional(),
  dryRun: z.boolean().optional(),
});

/** `PUT /assessments/{year}/actuals`: indicator values for the year, one row per task. */
export const ActualsBody = z.strictObject({
  actuals: z
    .array(z.strictObject({ taskId, value: z.number().min(-1e12).max(1e12) }))
    .min(1)
    .max(MAX_ACTUALS)
    .superRefine((rows, ctx) => {
      const seen = new Set<string>();
      rows.forEach((row, i) => {
        if (seen.has(row.taskId)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'taskId'],
            message: `${row.taskId} is listed twice`,
            params: { rule: 'duplicate', messageZh: `${row.taskId} 重复出现` },
          });
        }
        seen.add(row.taskId);
      });
    }),
});

/** `POST /assessments/{year}/adjustments`: a bonus (加分) carries its points, a veto (一票否决) none. */
export const AdjustmentBody = z
  .strictObject({
    unitId: slug,
    kind: z.enum(['bonus', 'veto']),
    points: z.number().gt(0).max(MAX_BONUS_POINTS).optional(),
    reason: reason(MAX_ADJUSTMENT_REASON),
  })
  .superRefine((body, ctx) => {
    if (body.kind === 'bonus' && body.points === undefined) {
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'A bonus needs its points', params: { rule: 'required', messageZh: '加分须填写分值' } });
    }
    if (body.kind === 'veto' && body.points !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['points'], message: 'A veto has no points: it fails the unit', params: { rule: 'not_allowed', messageZh: '一票否决不设分值' } });
    }
  });

/** `POST /assessments/{year}/appeals` (申诉): a line item of the caller's unit in the published run. */
export const AppealBody = z.strictObject({
  lineId: z.string().min(1).max(200).superRefine(singleLine),
  reason: reason(MAX_REASON),
});

/** `POST /assessments/{year}/appeals/{appealId}/decision`: an upheld appeal may set the line's points. */
export const AppealDecisionBody = z
  .strictObject({
    decision: z.enum(['uphold', 'reject']),
    reason: reason(MAX_REASON),
    points: z.number().min(-100).max(100).optional(),
  })
  .refine(
    (body) => body.decision === 'uphold' || body.points === undefined,
    bilingual('not_allowed', 'Only an upheld appeal sets points', '仅在支持申诉时可设定分值', ['points']),
  );

/** The disclosure routes take no body (an empty one is accepted too). */
export const EmptyBody = z.strictObject({}).optional();

export const PlanParams = z.strictObject({ planId: slug });
