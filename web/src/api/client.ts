import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { session } from '../composables/session';

/** Every API answer's error body: `{ error, message: "English / 中文", fields?, moreFields? }`. */
export type ApiError = components['schemas']['Error'];
export type Task = components['schemas']['Task'];
export type TaskEvent = components['schemas']['TaskEvent'];
export type Notification = components['schemas']['Notification'];
export type Me = components['schemas']['Me'];
export type PublishedAssessment = components['schemas']['PublishedAssessment'];
export type UnitAssessment = components['schemas']['UnitAssessment'];
export type LineItem = UnitAssessment['lineItems'][number];
export type Appeal = components['schemas']['Appeal'];
export type Extension = components['schemas']['Extension'];
export type PublicProgress = components['schemas']['PublicProgress'];
export type PublicAssessment = components['schemas']['PublicAssessment'];
export type TokenMetadata = components['schemas']['TokenMetadata'];
export type CreatedToken = components['schemas']['CreatedToken'];
export type PlanSummary = components['schemas']['PlanSummary'];
export type PlanUnit = components['schemas']['UnitPage']['items'][number];
export type PlanRevision = components['schemas']['PlanRevision'];
export type SavedPlan = components['schemas']['SavedPlan'];
export type BreakdownRun = components['schemas']['BreakdownRun'];
export type PlanProgressSummary = components['schemas']['PlanProgressSummary'];
export type SummaryUnit = PlanProgressSummary['units'][number];
export type SummaryGoal = PlanProgressSummary['goals'][number];
export type ChaseRun = components['schemas']['ChaseRun'];
export type Bulletin = components['schemas']['Bulletin'];

/** The bearer token of the signed-in session on every call; a 401 ends the session with its reason. */
const auth: Middleware = {
  onRequest({ request }) {
    const token = session.token();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ response }) {
    if (response.status === 401) {
      const body = (await response.clone().json().catch(() => ({}))) as Partial<ApiError>;
      session.expire(body.error === 'token_revoked' || body.error === 'token_expired' ? body.error : 'unauthorized');
    }
    return response;
  },
};

/** The API on the same origin (one origin on AWS through CloudFront, and locally): typed from docs/openapi.json. */
export const api = createClient<paths>({ baseUrl: '' });
api.use(auth);

/** The failure an API call answered, for the page to show (`ApiErrorAlert`). */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

/** The data of an answer, or ApiFailure carrying its error body (a network failure has status 0). */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined && result.response.ok) return result.data;
  const body = (result.error ?? {}) as Partial<ApiError>;
  throw new ApiFailure(result.response.status, {
    error: body.error ?? 'http_error',
    message: body.message ?? `HTTP ${result.response.status}`,
    ...(body.fields ? { fields: body.fields } : {}),
  } as ApiError);
}
