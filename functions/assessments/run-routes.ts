import { randomBytes } from 'node:crypto';
import type { Clock } from '../../shared/clock/clock.js';
import { AssessmentRunning } from '../../shared/domain/assessment/errors.js';
import { describeBasis, describeLine } from '../../shared/domain/assessment/line-words.js';
import type { LineItem } from '../../shared/domain/assessment/types.js';
import { NotFound } from '../../shared/domain/errors.js';
import { objectStore } from '../../shared/evidence/object-store.js';
import { launchLockedRun, openLockedRun, type LockedRun } from '../../shared/executions/locked-run.js';
import { reportedStatus } from '../../shared/executions/run-status.js';
import { describeExecution, executionArn } from '../../shared/executions/step-functions.js';
import { jsonBody } from '../../shared/http/body.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { createRun, failRun, getPublished, getRanking, getRun, getUnitLines, type AssessmentRun, type NewRun } from '../../shared/store/assessment-runs.js';
import { getTasks } from '../../shared/store/task-queries.js';
import { PublishedQuery, RunParams, StartAssessmentBody, UnitParams, YearParams } from './schema.js';

export interface AssessmentDeps {
  stateMachineArn: string;
  bucket: string;
  clock: Clock;
}

/** The run id, which is also the execution's name: the year and 8 random hex digits. */
export const newRunId = (year: number) => `assess-${year}-${randomBytes(4).toString('hex')}`;

const reportTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
} as const;

/**
 * Records a run (taking the year's lock: 409 `assessment_running` while another runs) and starts the state
 * machine on it.
 */
export async function startRun(run: RunRequest, deps: AssessmentDeps): Promise<AssessmentRun> {
  const created = await openRun(run, deps);
  await launchRun(created, deps);
  return created;
}

export type RunRequest = Omit<NewRun, 'runId' | 'executionArn' | 'startedAt'>;

/** A year's assessment as a locked run: the year's lock is taken with the run's record (shared/executions/locked-run.ts). */
function assessmentRun(run: RunRequest, deps: AssessmentDeps): LockedRun<AssessmentRun> {
  const { year } = run;
  return {
    stateMachineArn: deps.stateMachineArn,
    name: { en: 'The assessment', zh: '考核' },
    open: () => {
      const runId = newRunId(year);
      return createRun({ ...run, runId, executionArn: executionArn(deps.stateMachineArn, runId), startedAt: deps.clock.now().toISOString() }, deps.clock);
    },
    holderIn: async (error) => {
      const holder = error instanceof AssessmentRunning && error.runId !== undefined ? await getRun(year, error.runId) : undefined;
      return holder && { executionId: holder.runId, since: holder.startedAt };
    },
    closeGone: (runId, cause) => failRun(year, runId, { Error: 'ExecutionEnded', Cause: cause }, deps.clock),
    execution: ({ runId }) => ({ name: runId, input: { year, runId } }),
    abandon: ({ runId }, error) => failRun(year, runId, { Error: 'StartExecutionFailed', Cause: error.message }, deps.clock),
  };
}

/**
 * Records the run as RUNNING under a new id, taking the year's lock; nothing runs yet. A lock whose run's
 * execution has ended without releasing it (stopped in the console, or cut off by a restart of the local
 * runtime) is taken over: that run is recorded FAILED first, as a breakdown's lock is.
 */
export function openRun(run: RunRequest, deps: AssessmentDeps): Promise<AssessmentRun> {
  return openLockedRun(assessmentRun(run, deps), deps.clock);
}

/** Starts the state machine on `{ year, runId }`; if it cannot start, the run is recorded FAILED, which releases the lock. */
export function launchRun(run: AssessmentRun, deps: AssessmentDeps): Promise<void> {
  return launchLockedRun(assessmentRun(run, deps), run);
}

/**
 * The run as recorded; while it says RUNNING, an execution that ended badly without recording it (timed out,
 * aborted, failed outside the Catch) tells the real state.
 */
async function withEndedExecution(run: AssessmentRun, deps: AssessmentDeps): Promise<AssessmentRun> {
  if (run.status !== 'RUNNING' || !run.executionArn) return run;
  const execution = await describeExecution(deps.stateMachineArn, run.runId);
  if (execution === 'MISSING' || execution === undefined) return run;
  const status = reportedStatus(run.status, execution.status);
  return status === 'RUNNING' ? run : { ...run, status: 'FAILED', error: { Error: execution.error ?? status, Cause: execution.cause ?? '' } };
}

/**
 * Each line with its task's title and its points in words (考核明细 as a unit reads it: 按期完成 / 逾期3个
 * 工作日，扣0.30分), the events behind in a dated reference; the ids stay in the line for appeals.
 */
async function inWords(lineItems: readonly LineItem[]) {
  const tasks = new Map((await getTasks(lineItems.flatMap((line) => (line.taskId ? [line.taskId] : [])))).map((task) => [task.id, task]));
  return lineItems.map((line) => {
    const task = line.taskId ? tasks.get(line.taskId) : undefined;
    return { ...line, taskTitle: task?.title ?? null, words: describeLine(line, task), basis: describeBasis(line) };
  });
}

export function runRoutes(deps: AssessmentDeps) {
  /** `POST /assessments`: a run of the year; a dry run (what-if, with other rules) scores and ranks without publishing. */
  const start = route({
    action: 'assessment:start',
    body: jsonBody(StartAssessmentBody),
    handle: async ({ body, principal }) => {
      const run = await startRun(
        { year: body.year, dryRun: body.dryRun ?? false, startedBy: principal.subject ?? principal.role, ...(body.rules ? { rules: body.rules } : {}) },
        deps,
      );
      return json(202, { year: run.year, runId: run.runId, status: run.status }, { location: `/assessments/${run.year}/runs/${run.runId}` });
    },
  });

  /**
   * The run item. A run still RUNNING whose execution has ended without recording it (stopped in the console,
   * or cut off by a restart of the local runtime) is answered FAILED with the execution's error, so that a
   * client waiting for it stops.
   */
  const getRunRoute = route({
    action: 'assessment:readRun',
    params: RunParams,
    handle: async ({ params }) => {
      const run = await getRun(params.year, params.runId);
      if (!run) throw new NotFound(`No assessment run ${params.runId} of ${params.year}`, `没有 ${params.year} 年度的考核运行 ${params.runId}`);
      return json(200, await withEndedExecution(run, deps));
    },
  });

  /**
   * `GET /assessments/{year}`: the published ranking and short-lived links to its reports, in Chinese unless
   * `lang=en` (a result published before English copies were written has Chinese ones only: `lang` says which).
   */
  const published = route({
    action: 'assessment:read',
    params: YearParams,
    query: PublishedQuery,
    handle: async ({ params, query }) => {
      const { year } = params;
      const current = await getPublished(year);
      const units = current && (await getRanking(year, current.runId));
      if (!current || !units) throw new NotFound(`The ${year} assessment is not published (yet)`, `${year} 年度考核结果尚未发布`);
      const english = query.lang === 'en' && current.reports.en !== undefined;
      const link = (format: keyof typeof reportTypes) =>
        objectStore.presignDownload({
          bucket: deps.bucket,
          key: (english ? current.reports.en! : current.reports)[format],
          fileName: english ? `assessment-${year}-r${current.revision}.en.${format}` : `年度考核-${year}-r${current.revision}.${format}`,
          contentType: reportTypes[format],
        });
      const [csv, xlsx, html] = await Promise.all([link('csv'), link('xlsx'), link('html')]);
      return json(200, {
        year,
        runId: current.runId,
        revision: current.revision,
        publishedOn: current.publishedOn,
        appealsUntil: current.appealsUntil,
        lang: english ? 'en' : 'zh',
        units,
        reports: { csv, xlsx, html },
      });
    },
  });

  /** `GET /assessments/{year}/units/{unitId}`: one unit's published score with the line items behind it. */
  const unit = route({
    action: 'assessment:readUnit',
    params: UnitParams,
    resource: (params) => ({ unitId: params.unitId }),
    handle: async ({ params }) => {
      const { year, unitId } = params;
      const current = await getPublished(year);
      const [ranking, lineItems] = current ? await Promise.all([getRanking(year, current.runId), getUnitLines(year, current.runId, unitId)]) : [];
      const ranked = ranking?.find((row) => row.unitId === unitId);
      if (!ranked || !lineItems) throw new NotFound(`No published ${year} score of unit ${unitId}`, `未找到单位 ${unitId} 的 ${year} 年度考核结果`);
      return json(200, { ...ranked, runId: current!.runId, lineItems: await inWords(lineItems) });
    },
  });

  return { start, getRun: getRunRoute, published, unit };
}
