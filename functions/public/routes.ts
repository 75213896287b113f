import * as z from 'zod';
import { localDate, type Clock } from '../../shared/clock/clock.js';
import { slug } from '../../shared/domain/ids.js';
import { NotFound } from '../../shared/domain/errors.js';
import { json, type HttpResponse } from '../../shared/http/response.js';
import { validate } from '../../shared/http/validation.js';
import type { HttpEvent } from '../../shared/http/event.js';
import { getDisclosure } from '../../shared/store/assessment-inputs.js';
import { getPublished, getRanking, listAssessmentAudit } from '../../shared/store/assessment-runs.js';
import { readPlanSummary } from '../../shared/store/plan-summary.js';
import { yearPath } from '../../shared/http/params.js';
import { yearTimeZone } from '../../shared/assessment/year-time-zone.js';
import { publicProgressOf } from './progress.js';

/*
 * The token-free routes (信息公开): only what an admin approved for publication, each answer built field by
 * field from an allow-list. No principal, so no `authorize`: the disclosure item is the permission.
 */

export type PublicRoute = (event: HttpEvent) => Promise<HttpResponse>;

/** Public answers may be cached briefly by browsers and proxies; the approved figures change rarely. */
const CACHE = { 'cache-control': 'public, max-age=60' };
const noQuery = z.strictObject({});

const YearParams = z.strictObject({ year: yearPath });
const PlanParams = z.strictObject({ planId: slug });

const notPublished = (what: string, whatZh: string) => new NotFound(`${what} is not published`, `${whatZh}尚未公开`);

export function publicRoutes({ clock }: { clock: Clock }) {
  /** The ranking of the run an admin approved: unit, total, grade, rank, and nothing else. */
  const assessment: PublicRoute = async (event) => {
    const { year } = validate(YearParams, event.pathParameters ?? {}, 'path');
    validate(noQuery, event.queryStringParameters ?? {}, 'query');
    const disclosure = await getDisclosure({ year });
    const runId = disclosure?.runId;
    const units = runId === undefined ? undefined : await getRanking(year, runId);
    if (runId === undefined || !units) throw notPublished(`The ${year} assessment`, `${year} 年度考核结果`);
    return json(
      200,
      {
        year,
        publishedOn: await publishedOn(year, runId),
        // 分类考核: each rank is within the unit's group (a ranking stored before groups has none).
        units: units.map((unit) => ({
          unitId: unit.unitId,
          unitName: unit.unitName,
          group: unit.group ?? null,
          groupName: unit.groupName ?? null,
          total: unit.total,
          grade: unit.grade,
          rank: unit.rank,
        })),
      },
      CACHE,
    );
  };

  /** A plan's completion rates and lights per unit and per goal, as of today in the plan's time zone, from its summary. */
  const planProgress: PublicRoute = async (event) => {
    const { planId } = validate(PlanParams, event.pathParameters ?? {}, 'path');
    validate(noQuery, event.queryStringParameters ?? {}, 'query');
    const notApproved = () => notPublished(`The progress of plan ${planId}`, `计划 ${planId} 的进展`);
    if (!(await getDisclosure({ planId }))) throw notApproved();
    const summary = await readPlanSummary(planId, { readOnly: true }, clock);
    if (!summary) throw notApproved();
    const progress = publicProgressOf(summary);
    return json(200, progress, CACHE);
  };

  return { assessment, planProgress };
}

/**
 * The day the approved run was published. Usually it is still the published one; after a republication the
 * admin has not approved yet, the public keeps the approved run, published on the day of its audit item.
 */
async function publishedOn(year: number, runId: string): Promise<string> {
  const published = await getPublished(year);
  if (published?.runId === runId) return published.publishedOn;
  const publication = (await listAssessmentAudit(year)).find((audit) => audit.runId === runId);
  if (!publication) throw new Error(`assessment ${year}: the approved run ${runId} has no publication`);
  return localDate({ now: () => new Date(publication.at) }, await yearTimeZone(year));
}
