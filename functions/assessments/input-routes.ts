import { localDate } from '../../shared/clock/clock.js';
import { AppealClosed } from '../../shared/domain/assessment/errors.js';
import { NotFound } from '../../shared/domain/errors.js';
import { jsonBody } from '../../shared/http/body.js';
import { planNotFound } from '../../shared/http/errors.js';
import { json } from '../../shared/http/response.js';
import { route } from '../../shared/http/router.js';
import { decideAppeal, fileAppeal, listAppeals, setAppealRescoreRun } from '../../shared/store/assessment-appeals.js';
import { approveDisclosure, listActuals, listAdjustments, putActuals, recordAdjustment } from '../../shared/store/assessment-inputs.js';
import { failRun, getPublished, getUnitLines } from '../../shared/store/assessment-runs.js';
import { getPlanSummary } from '../../shared/store/plans-repo.js';
import { launchRun, openRun, type AssessmentDeps } from './run-routes.js';
import { yearTimeZone } from '../../shared/assessment/year-time-zone.js';
import { ActualsBody, AdjustmentBody, AppealBody, AppealDecisionBody, AppealParams, EmptyBody, PlanParams, YearParams } from './schema.js';

const notPublished = (year: number) => new NotFound(`The ${year} assessment is not published (yet)`, `${year} 年度考核结果尚未发布`);

export function inputRoutes(deps: AssessmentDeps) {
  const { clock } = deps;
  const by = (principal: { subject?: string | undefined; role: string }) => principal.subject ?? principal.role;

  /** `PUT /assessments/{year}/actuals`: indicator values for the year; every row is checked before any is saved. */
  const putActualsRoute = route({
    action: 'assessment:putActuals',
    params: YearParams,
    body: jsonBody(ActualsBody),
    handle: async ({ params, body, principal }) => {
      return json(200, await putActuals(params.year, body.actuals, by(principal), clock.now().toISOString()));
    },
  });

  const listActualsRoute = route({
    action: 'assessment:listActuals',
    params: YearParams,
    handle: async ({ params }) => json(200, { items: await listActuals(params.year) }),
  });

  /** A bonus (加分) or a veto (一票否决), with its reason; counted by every later run of the year. */
  const addAdjustment = route({
    action: 'assessment:adjust',
    params: YearParams,
    body: jsonBody(AdjustmentBody),
    handle: async ({ params, body, principal }) => {
      const adjustment = await recordAdjustment({
        year: params.year,
        unitId: body.unitId,
        kind: body.kind,
        points: body.points,
        reason: body.reason,
        by: by(principal),
        at: clock.now().toISOString(),
      });
      return json(201, adjustment);
    },
  });

  const listAdjustmentsRoute = route({
    action: 'assessment:listAdjustments',
    params: YearParams,
    handle: async ({ params }) => json(200, { items: await listAdjustments(params.year) }),
  });

  /**
   * 申诉: the caller's unit disputes one of its own line items of the published run, until `appealsUntil`
   * (a working-day count from publication, fixed when it was published).
   */
  const file = route({
    action: 'assessment:appeal',
    params: YearParams,
    body: jsonBody(AppealBody),
    handle: async ({ params, body, principal }) => {
      const { year } = params;
      const unitId = principal.unitId!;
      const published = await getPublished(year);
      if (!published) throw notPublished(year);
      if (localDate(clock, await yearTimeZone(year)) > published.appealsUntil) throw new AppealClosed(year, published.appealsUntil);
      const lines = await getUnitLines(year, published.runId, unitId);
      if (!lines?.some((line) => line.lineId === body.lineId)) {
        throw new NotFound(`Unit ${unitId} has no line ${body.lineId} in the published ${year} result`, `本单位 ${year} 年度考核结果中没有明细 ${body.lineId}`);
      }
      const appeal = await fileAppeal({ year, unitId, lineId: body.lineId, reason: body.reason, by: by(principal), at: clock.now().toISOString(), runId: published.runId });
      return json(201, appeal, { location: `/assessments/${year}/appeals/${appeal.appealId}` });
    },
  });

  const listAppealsRoute = route({
    action: 'assessment:listAppeals',
    params: YearParams,
    // A unit sees its own appeals only (`onlyUnit`).
    handle: async ({ params, onlyUnit }) => json(200, { items: await listAppeals(params.year, onlyUnit) }),
  });

  /**
   * Upholds or rejects a pending appeal. Upheld, it starts a re-score run (which republishes): the run is
   * recorded first, so while another run of the year is under way (409 `assessment_running`) nothing is
   * decided; a decision that fails after it (decided meanwhile) ends that run before it started.
   */
  const decide = route({
    action: 'assessment:decideAppeal',
    params: AppealParams,
    body: jsonBody(AppealDecisionBody),
    handle: async ({ params, body, principal }) => {
      const { year, appealId } = params;
      const decision = { year, appealId, reason: body.reason, points: body.points, by: by(principal), at: clock.now().toISOString() };
      if (body.decision === 'reject') return json(200, { appeal: await decideAppeal({ ...decision, decision: 'reject' }) });
      const run = await openRun({ year, dryRun: false, appealId, startedBy: by(principal) }, deps);
      let appeal;
      try {
        appeal = await decideAppeal({ ...decision, decision: 'uphold' });
        await setAppealRescoreRun(year, appealId, run.runId);
      } catch (error) {
        await failRun(year, run.runId, { Error: (error as Error).name, Cause: (error as Error).message }, clock);
        throw error;
      }
      await launchRun(run, deps);
      return json(200, { appeal: { ...appeal, rescoreRunId: run.runId }, runId: run.runId });
    },
  });

  /** Approves the year's published run for the public endpoints (信息公开). */
  const discloseYear = route({
    action: 'assessment:disclose',
    params: YearParams,
    body: jsonBody(EmptyBody),
    handle: async ({ params, principal }) => {
      const published = await getPublished(params.year);
      if (!published) throw notPublished(params.year);
      const disclosure = await approveDisclosure({ scope: { year: params.year }, runId: published.runId, by: by(principal), at: clock.now().toISOString() });
      return json(200, disclosure);
    },
  });

  /** Approves a plan's progress (rates and lights, nothing else) for the public endpoints. */
  const disclosePlan = route({
    action: 'plan:disclose',
    params: PlanParams,
    body: jsonBody(EmptyBody),
    handle: async ({ params, principal }) => {
      if (!(await getPlanSummary(params.planId))) throw planNotFound(params.planId);
      return json(200, await approveDisclosure({ scope: { planId: params.planId }, by: by(principal), at: clock.now().toISOString() }));
    },
  });

  return { putActuals: putActualsRoute, listActuals: listActualsRoute, addAdjustment, listAdjustments: listAdjustmentsRoute, file, listAppeals: listAppealsRoute, decide, discloseYear, disclosePlan };
}
