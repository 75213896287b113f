import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import * as z from 'zod';
import { ledgerContentTypes } from '../../shared/documents/ledger-formats.js';
import { Plan } from '../../shared/domain/plan.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../../shared/http/params.js';
import { planJsonSchemaText } from '../../shared/plans/plan-json-schema.js';
import {
  ActualsBody,
  AdjustmentBody,
  AppealBody,
  AppealDecisionBody,
  AppealParams,
  EmptyBody,
  PlanParams as DisclosePlanParams,
  PublishedQuery,
  RunParams,
  StartAssessmentBody,
  UnitParams,
  YearParams,
} from '../assessments/schema.js';
import { BreakdownParams, StartBody, StartParams } from '../breakdowns/schema.js';
import { BulletinParams, BulletinQuery } from '../bulletins/schema.js';
import { ChaseParams, StartChaseBody } from '../chases/schema.js';
import { MarkReadBody, NotificationsQuery } from '../inbox/schema.js';
import { PlanParams, planMediaTypes } from '../plans/schema.js';
import { Organisation } from '../../shared/domain/organisation.js';
import {
  DecisionBody,
  EvidenceBody,
  EvidenceParams,
  ExtensionBody,
  ExtensionParams,
  ExtensionsQuery,
  HistoryQuery,
  MyTasksQuery,
  NoteBody,
  PlanTasksParams,
  PlanTasksQuery,
  ReopenBody,
  ReportBody,
  ReviewBody,
  TaskParams,
  UnitTasksParams,
  UnitTasksQuery,
} from '../tasks/schema.js';
import { LedgerParams, LedgerQuery } from '../documents/ledger-schema.js';
import { SummaryParams } from '../tasks/summary-schema.js';
import { CreateTokenBody, ListTokensQuery, TokenParams } from '../tokens/schema.js';
import * as assessmentAnswers from './assessment-responses.js';
import * as answers from './responses.js';
import * as summaryAnswers from './summary-responses.js';

/*
 * The OpenAPI 3.1 document of the HTTP API, built from the request schemas the handlers validate with
 * (functions/<group>/schema.ts) and the answer schemas of responses.ts. One entry per route of
 * infra/constructs/http-api.ts (a test checks the two sets are equal).
 */

type Method = 'get' | 'post' | 'put' | 'delete';
type JsonSchema = Record<string, unknown>;

interface Operation {
  summary: string;
  /** Who may call it (docs/architecture.md). */
  who: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /**
   * A JSON body read by this schema (`optional`: the body may be left out), or a body in other media
   * types described by `content` and accepted only when it satisfies `accepts` (at least).
   */
  body?: { schema: z.ZodType; optional?: boolean } | { content: Record<string, { schema: JsonSchema }>; accepts: z.ZodType };
  /** A task change: the version read, by `If-Match` or body `version` (428 without either). */
  precondition?: true;
  /** `files`: the answer is a file in one of these media types (base64 on the wire, decoded by the gateway), not JSON. */
  ok: { status: 200 | 201 | 202; description: string; schema: z.ZodType; headers?: Record<string, string>; files?: readonly string[] };
  /** A second success status with the same answer, and when it is given. */
  okAlso?: { status: 200; description: string };
  /** Route-specific 4xx beyond the ones every route of its kind can give, with why. */
  also?: Partial<Record<404 | 409 | 422, string>>;
  public?: true;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const taskEtag = { etag: 'The task version in quotes, for If-Match' };

/** The plan file, in any of the media types `POST /plans` reads; the same structure in each. */
const planContent = Object.fromEntries(Object.keys(planMediaTypes).map((mediaType) => [mediaType, { schema: ref('Plan') }]));

const operations: Record<string, Operation> = {
  'POST /plans': {
    summary: 'Import a plan as a new revision / 导入年度计划',
    who: 'admin',
    body: { content: planContent, accepts: Plan },
    ok: { status: 201, description: 'A new revision', schema: answers.SavedPlan, headers: { location: 'The plan' } },
    okAlso: { status: 200, description: 'No new revision: `changed: false`, the content equals the current one' },
    also: { 409: 'conflict: another import of the plan landed first' },
  },
  'GET /plans': {
    summary: 'List the plans / 计划列表',
    who: 'admin, reviewer, viewer',
    ok: { status: 200, description: 'Every plan, one page', schema: answers.PlanSummaryPage },
  },
  'GET /plans/{planId}': {
    summary: 'A plan of its current revision / 计划详情',
    who: 'admin, reviewer, viewer, unit',
    params: PlanParams,
    ok: { status: 200, description: 'The plan', schema: answers.StoredPlan },
  },
  'GET /plans/{planId}/units': {
    summary: 'The units of a plan / 计划的责任单位',
    who: 'every role',
    params: PlanParams,
    ok: { status: 200, description: 'Every unit, one page, in plan order', schema: answers.UnitPage },
  },
  'GET /plans/{planId}/revisions': {
    summary: "A plan's revisions and what each changed / 计划的修订记录",
    who: 'admin, reviewer, viewer',
    params: PlanParams,
    ok: { status: 200, description: 'The newest 20 revisions, newest first', schema: answers.PlanRevisionList },
  },
  'GET /settings/organisation': {
    summary: "The bureau's particulars printed on its documents / 单位信息",
    who: 'all roles',
    ok: { status: 200, description: 'The particulars, or nulls before an admin has set them', schema: answers.OrganisationSettings },
  },
  'PUT /settings/organisation': {
    summary: "Set the bureau's particulars (replaced whole) / 设置单位信息",
    who: 'admin',
    body: { schema: Organisation },
    ok: { status: 200, description: 'The particulars as saved; the documents published from now on carry them', schema: answers.OrganisationSettings },
  },
  'POST /plans/{planId}/breakdowns': {
    summary: 'Break the plan down into tasks / 分解任务',
    who: 'admin',
    params: StartParams,
    body: { schema: StartBody, optional: true },
    ok: { status: 202, description: 'Started; poll the location until it is no longer RUNNING', schema: answers.BreakdownStarted, headers: { location: 'The breakdown run' } },
    also: { 409: 'conflict: a breakdown of the plan is already running' },
  },
  'GET /plans/{planId}/breakdowns/{executionId}': {
    summary: 'A breakdown run / 分解进度',
    who: 'admin, viewer',
    params: BreakdownParams,
    ok: { status: 200, description: 'The run', schema: answers.BreakdownRun },
  },
  'POST /chases': {
    summary: 'Run the chase of a day (today in Asia/Shanghai by default) / 运行督办',
    who: 'admin',
    body: { schema: StartChaseBody, optional: true },
    ok: { status: 202, description: 'Started; poll the location until it is no longer RUNNING', schema: answers.ChaseStarted, headers: { location: 'The chase run' } },
  },
  'GET /chases/{executionId}': {
    summary: 'A chase run and, once it succeeded, its output / 督办运行结果',
    who: 'admin, viewer',
    params: ChaseParams,
    ok: { status: 200, description: 'The run', schema: answers.ChaseRun },
  },
  'GET /bulletins/{month}': {
    summary: 'The monthly bulletin published in a month, with links to its HTML and XLSX / 月度通报',
    who: 'admin, reviewer, viewer',
    params: BulletinParams,
    query: BulletinQuery,
    ok: { status: 200, description: 'The bulletin (404 not_found until the chase of the month’s first working day has published it)', schema: answers.Bulletin },
  },
  'GET /plans/{planId}/tasks': {
    summary: "A plan's tasks / 计划的任务",
    who: 'admin, reviewer, viewer; a unit gets its own only',
    params: PlanTasksParams,
    query: PlanTasksQuery,
    ok: { status: 200, description: 'A page of tasks', schema: answers.TaskPage },
  },
  'GET /plans/{planId}/ledger': {
    summary: "A plan's task ledger as a spreadsheet / 任务台账导出",
    who: 'admin, reviewer, viewer; a unit gets its own rows only',
    params: LedgerParams,
    query: LedgerQuery,
    ok: {
      status: 200,
      description:
        'One row per task, grouped by unit in plan order, as of today in the plan’s time zone (400 ledger_too_large over 5,000 tasks or 4 MB: ask for one unitId)',
      schema: z.string(),
      files: Object.values(ledgerContentTypes),
      headers: { 'content-disposition': "attachment; filename*=UTF-8''<plan>-任务台账-<date>.xlsx", 'x-ledger-rows': 'The number of task rows' },
    },
  },
  'GET /plans/{planId}/summary': {
    summary: "A plan's figures per unit and goal: lights, statuses, escalation levels / 计划汇总（台账与驾驶舱）",
    who: 'admin, reviewer, viewer; a unit gets its own row only',
    params: SummaryParams,
    ok: {
      status: 200,
      description: "Counts by light (on today in the plan's time zone), status and escalation level per unit and goal in plan order, read from the plan's summary (O(units + goals) items, never every task)",
      schema: summaryAnswers.PlanSummary,
    },
  },
  'GET /units/{unitId}/tasks': {
    summary: "A unit's tasks by due date / 单位的任务",
    who: 'admin, reviewer, viewer, the unit itself',
    params: UnitTasksParams,
    query: UnitTasksQuery,
    ok: { status: 200, description: 'A page of tasks', schema: answers.TaskPage },
  },
  'GET /tasks/{taskId}': {
    summary: 'A task / 任务详情',
    who: "admin, reviewer, viewer, the task's unit (others: 404)",
    params: TaskParams,
    ok: { status: 200, description: 'The task', schema: answers.Task, headers: taskEtag },
  },
  'GET /tasks/{taskId}/history': {
    summary: "A task's history, oldest first, hash-chained / 任务记录",
    who: 'whoever may read the task',
    params: TaskParams,
    query: HistoryQuery,
    ok: { status: 200, description: 'A page of events', schema: answers.TaskEventPage },
  },
  'POST /tasks/{taskId}/updates': {
    summary: 'Report progress / 报送进度',
    who: 'owner (the task’s unit)',
    params: TaskParams,
    body: { schema: ReportBody },
    precondition: true,
    ok: { status: 200, description: 'The task as changed', schema: answers.Task, headers: taskEtag },
  },
  'POST /tasks/{taskId}/evidence': {
    summary: 'Announce an evidence file and get where to upload it / 上传证明材料',
    who: 'owner',
    params: TaskParams,
    body: { schema: EvidenceBody },
    ok: { status: 201, description: 'PUT the file to `upload.url` with exactly `upload.headers`', schema: answers.EvidenceUpload, headers: { location: 'The evidence' } },
  },
  'GET /tasks/{taskId}/evidence/{evidenceId}': {
    summary: 'An evidence file, with a download URL / 下载证明材料',
    who: 'whoever may read the task',
    params: EvidenceParams,
    ok: { status: 200, description: 'The evidence record and a short-lived download URL', schema: answers.EvidenceDownload },
  },
  'POST /tasks/{taskId}/closeout': {
    summary: 'Ask for the task to be closed / 申请销号',
    who: 'owner',
    params: TaskParams,
    body: { schema: NoteBody, optional: true },
    precondition: true,
    ok: { status: 200, description: 'The task as changed', schema: answers.Task, headers: taskEtag },
  },
  'POST /tasks/{taskId}/review': {
    summary: 'Accept or reject a close-out request / 审核销号申请',
    who: 'lead, admin',
    params: TaskParams,
    body: { schema: ReviewBody },
    precondition: true,
    ok: { status: 200, description: 'The task as changed', schema: answers.Task, headers: taskEtag },
  },
  'POST /tasks/{taskId}/close': {
    summary: 'Close an accepted task / 销号',
    who: 'admin',
    params: TaskParams,
    body: { schema: NoteBody, optional: true },
    precondition: true,
    ok: { status: 200, description: 'The task as changed', schema: answers.Task, headers: taskEtag },
  },
  'POST /tasks/{taskId}/reopen': {
    summary: 'Re-open a closed task (回头看) / 回头看重新打开',
    who: 'lead, admin',
    params: TaskParams,
    body: { schema: ReopenBody },
    precondition: true,
    ok: { status: 200, description: 'The task as changed', schema: answers.Task, headers: taskEtag },
  },
  'POST /tasks/{taskId}/extensions': {
    summary: 'Request a later deadline / 申请延期',
    who: 'owner',
    params: TaskParams,
    body: { schema: ExtensionBody },
    precondition: true,
    ok: { status: 201, description: 'The request, and the task that now names it as pending', schema: answers.ExtensionWithTask, headers: taskEtag },
    also: { 409: 'conflict: another request of the task waits for a decision' },
  },
  'GET /extensions': {
    summary: 'Extension requests waiting for a decision / 待审批的延期申请',
    who: 'admin, viewer',
    query: ExtensionsQuery,
    ok: { status: 200, description: 'A page of requests, oldest first', schema: answers.ExtensionPage },
  },
  'POST /extensions/{extensionId}/decision': {
    summary: 'Approve or refuse an extension request / 审批延期申请',
    who: 'admin',
    params: ExtensionParams,
    body: { schema: DecisionBody },
    ok: { status: 200, description: 'The decided request and the task', schema: answers.ExtensionWithTask },
    also: { 409: 'conflict: the request is no longer pending' },
  },
  'GET /me': {
    summary: 'Who I am: role, unit and token expiry / 当前用户',
    who: 'every role',
    ok: { status: 200, description: 'The caller', schema: answers.Me },
  },
  'GET /me/tasks': {
    summary: 'My tasks, with their lights / 我的任务',
    who: 'unit, reviewer (own unit)',
    query: MyTasksQuery,
    ok: { status: 200, description: 'A page of tasks (a light filter may leave a page short)', schema: answers.TaskPage },
  },
  'GET /me/notifications': {
    summary: 'My notifications, newest first / 我的通知',
    who: 'every role (its inbox)',
    query: NotificationsQuery,
    ok: { status: 200, description: 'A page of notifications', schema: answers.NotificationPage },
  },
  'POST /me/notifications/read': {
    summary: 'Mark notifications read / 标记已读',
    who: 'every role',
    body: { schema: MarkReadBody },
    ok: { status: 200, description: 'How many were marked', schema: answers.MarkedRead },
  },
  'POST /tokens': {
    summary: 'Create an access token / 创建访问令牌',
    who: 'admin',
    body: { schema: CreateTokenBody },
    ok: { status: 201, description: 'The token; its secret is shown this once', schema: answers.CreatedToken },
    also: {
      409: 'token_already_issued: a replay with the same Idempotency-Key (answers the tokenId, never the secret again)',
    },
  },
  'GET /tokens': {
    summary: 'List access tokens (never their secrets) / 令牌列表',
    who: 'admin',
    query: ListTokensQuery,
    ok: { status: 200, description: 'Every token, newest first', schema: answers.TokenList },
  },
  'DELETE /tokens/{tokenId}': {
    summary: 'Revoke an access token / 吊销令牌',
    who: 'admin',
    params: TokenParams,
    ok: { status: 200, description: 'The revoked token (revoking again answers the first revocation)', schema: answers.TokenMetadata },
  },
  'POST /assessments': {
    summary: 'Run the year-end assessment (or a what-if dry run with other rules) / 年度考核',
    who: 'admin',
    body: { schema: StartAssessmentBody },
    ok: { status: 202, description: 'Started; poll the location until it is no longer RUNNING', schema: assessmentAnswers.AssessmentStarted, headers: { location: 'The run' } },
    also: { 409: 'assessment_running: a run of the year is under way' },
  },
  'GET /assessments/{year}': {
    summary: 'The published ranking, with links to the report / 考核结果',
    who: 'every role',
    params: YearParams,
    query: PublishedQuery,
    ok: { status: 200, description: 'The published run (404 not_found before publication)', schema: assessmentAnswers.PublishedAssessment },
  },
  'GET /assessments/{year}/runs/{runId}': {
    summary: 'An assessment run / 考核运行',
    who: 'admin, viewer',
    params: RunParams,
    ok: { status: 200, description: 'The run', schema: assessmentAnswers.AssessmentRun },
  },
  'GET /assessments/{year}/units/{unitId}': {
    summary: "A unit's published score and the line items behind it / 单位得分明细",
    who: 'admin, reviewer, viewer; a unit its own (others: 404)',
    params: UnitParams,
    ok: { status: 200, description: 'The score; its line items sum exactly to the total', schema: assessmentAnswers.UnitAssessment },
  },
  'PUT /assessments/{year}/actuals': {
    summary: "Indicators' actual values for the year / 指标年度实际值",
    who: 'admin',
    params: YearParams,
    body: { schema: ActualsBody },
    ok: { status: 200, description: 'How many were saved (every row is checked first: the task exists, is an indicator, of the year)', schema: assessmentAnswers.ActualsSaved },
  },
  'GET /assessments/{year}/actuals': {
    summary: "The year's actual values / 指标实际值",
    who: 'admin, viewer',
    params: YearParams,
    ok: { status: 200, description: 'Every actual of the year', schema: assessmentAnswers.ActualList },
  },
  'POST /assessments/{year}/adjustments': {
    summary: 'Record a bonus (加分) or a veto (一票否决) / 加分或一票否决',
    who: 'admin',
    params: YearParams,
    body: { schema: AdjustmentBody },
    ok: { status: 201, description: 'The adjustment; every later run of the year counts it', schema: assessmentAnswers.Adjustment },
  },
  'GET /assessments/{year}/adjustments': {
    summary: "The year's bonuses and vetoes / 加分与一票否决",
    who: 'admin, viewer',
    params: YearParams,
    ok: { status: 200, description: 'Every adjustment of the year', schema: assessmentAnswers.AdjustmentList },
  },
  'POST /assessments/{year}/appeals': {
    summary: 'Appeal one of your line items (申诉) / 提出申诉',
    who: 'unit (its own lines)',
    params: YearParams,
    body: { schema: AppealBody },
    ok: { status: 201, description: 'The appeal, pending', schema: assessmentAnswers.Appeal, headers: { location: 'The appeal' } },
    also: {
      404: 'not_found: not published, or no such line of your unit',
      409: 'appeal_closed: after appealsUntil; appeal_pending: your appeal of this line is not decided yet; appeal_limit: your unit filed 50 appeals of the year already',
    },
  },
  'GET /assessments/{year}/appeals': {
    summary: "The year's appeals / 申诉列表",
    who: 'admin, viewer; a unit its own',
    params: YearParams,
    ok: { status: 200, description: 'Every appeal the caller may see', schema: assessmentAnswers.AppealList },
  },
  'POST /assessments/{year}/appeals/{appealId}/decision': {
    summary: 'Uphold or reject an appeal; upheld, the year is re-scored and republished / 处理申诉',
    who: 'admin',
    params: AppealParams,
    body: { schema: AppealDecisionBody },
    ok: { status: 200, description: 'The decided appeal and, upheld, the re-score run', schema: assessmentAnswers.AppealDecided },
    also: { 409: 'appeal_decided: decided already; assessment_running: a run of the year is under way' },
  },
  'POST /assessments/{year}/disclosure': {
    summary: 'Approve the published result for the public / 批准公开考核结果',
    who: 'admin',
    params: YearParams,
    body: { schema: EmptyBody, optional: true },
    ok: { status: 200, description: 'The approval of the published run', schema: assessmentAnswers.Disclosure },
  },
  'POST /plans/{planId}/disclosure': {
    summary: "Approve a plan's progress for the public / 批准公开计划进展",
    who: 'admin',
    params: DisclosePlanParams,
    body: { schema: EmptyBody, optional: true },
    ok: { status: 200, description: 'The approval', schema: assessmentAnswers.Disclosure },
  },
  'GET /public/assessments/{year}': {
    summary: 'The ranking an admin approved for the public / 考核结果公开',
    who: 'anyone, without a token',
    params: YearParams,
    ok: { status: 200, description: 'Units, totals, grades and ranks only (404 not_found unless approved)', schema: assessmentAnswers.PublicAssessment },
    public: true,
  },
  'GET /public/plans/{planId}/progress': {
    summary: "A plan's progress as approved for the public / 计划进展公开",
    who: 'anyone, without a token',
    params: DisclosePlanParams,
    ok: { status: 200, description: 'Completion rates and lights per unit and goal, today (404 not_found unless approved)', schema: assessmentAnswers.PublicProgress },
    public: true,
  },
  'GET /openapi.json': {
    summary: 'This description of the API / 接口说明',
    who: 'anyone, without a token',
    ok: { status: 200, description: 'The OpenAPI 3.1 document', schema: z.object({ openapi: z.string() }).loose() },
    public: true,
  },
};

/** Every `METHOD /path` the document describes. */
export const documentedRoutes = Object.keys(operations);

/**
 * The schema a route's body must satisfy to be accepted (undefined: the route reads no body), for tests
 * that need bodies the route refuses.
 */
export function bodySchemaOf(routeKey: string): z.ZodType | undefined {
  const body = Object.hasOwn(operations, routeKey) ? operations[routeKey]!.body : undefined;
  if (!body) return undefined;
  return 'accepts' in body ? body.accepts : body.schema;
}

/** The committed docs/openapi.json, which the handler serves: built here, at build time, not at cold start. */
export function openApiDocumentText(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}

/** The document, as generated from the routes' schemas. */
export function openApiDocument(): Record<string, unknown> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An access token created by POST /tokens (`gb_…`) / 访问令牌',
  });
  registry.registerComponent('schemas', 'Plan', planJsonSchema());

  for (const [routeKey, operation] of Object.entries(operations)) {
    const [method, path] = routeKey.split(' ') as [string, string];
    registry.registerPath(routeConfig(method.toLowerCase() as Method, path, operation));
  }

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Goal breakdown API / 目标任务分解接口',
      version: '1',
      description:
        'Turns an environmental bureau’s annual goals into tasks of its towns, streets, districts, counties, zones and departments, and follows them up. ' +
        'Errors answer `{ error, message, fields?, moreFields? }` with English / 中文 messages. Every POST accepts `Idempotency-Key`. See docs/architecture.md.',
    },
    // The API and this document are served by the same host: a client resolves paths against it.
    servers: [{ url: '/', description: 'The host serving this document / 提供本文档的服务地址' }],
    tags: [...new Set(Object.keys(operations).map((routeKey) => tagOf(routeKey.split(' ')[1]!)))].map((name) => {
      const description = tagDescriptions[name];
      if (description === undefined) throw new Error(`the OpenAPI tag ${name} has no description`);
      return { name, description };
    }),
    security: [{ bearer: [] }],
  }) as unknown as Record<string, unknown>;
}

/** What each group of routes is for, as a reader of the document sees the groups. */
const tagDescriptions: Record<string, string> = {
  plans: 'Annual plans, their breakdown into tasks, ledgers and summaries / 年度计划、任务分解、台账',
  tasks: 'One task: progress, close-out, review, extensions, evidence, history / 任务进展、销号、验收',
  me: 'The caller: who it is, its tasks and notifications / 当前用户',
  units: "A unit's tasks / 单位任务",
  extensions: 'Extension requests and their decisions / 延期申请',
  chases: 'The daily chase up the escalation ladder / 督办',
  bulletins: 'The monthly bulletin / 月度通报',
  assessments: 'The year-end assessment: runs, actuals, adjustments, appeals, ranking / 年度考核',
  public: 'What the bureau discloses to the public, without a token / 信息公开',
  tokens: 'Access tokens / 访问令牌',
  settings: "The bureau's particulars printed on its documents / 单位信息",
  openapi: 'This document / 接口说明',
};

/** A route's tag: the first segment of its path (`/plans/{planId}` → plans). */
function tagOf(path: string): string {
  const first = path.split('/')[1]!;
  return first.replace('.json', '');
}

function routeConfig(method: Method, path: string, operation: Operation): RouteConfig {
  const headers = {
    ...(operation.precondition
      ? {
          'If-Match': z.string().optional().meta({
            description: 'The version of the task you read, as its ETag: "3". Or send `version` in the body; neither is a 428.',
          }),
        }
      : {}),
    ...(method === 'post'
      ? {
          'Idempotency-Key': z.string().regex(/^[\x20-\x7e]{1,128}$/).optional().meta({
            description: 'Any 1–128 printable ASCII characters. A retry with the same key and body answers the first 2xx answer again and changes nothing, for 24 h.',
          }),
        }
      : {}),
  };
  return {
    method,
    path,
    summary: operation.summary,
    description: `Who: ${operation.who}.`,
    operationId: operationId(method, path),
    tags: [tagOf(path)],
    ...(operation.public ? { security: [] } : {}),
    request: {
      ...(operation.params ? { params: documentedParams(operation.params) } : {}),
      ...(operation.query ? { query: documentedQuery(operation.query) } : {}),
      ...(Object.keys(headers).length ? { headers: z.object(headers) } : {}),
      ...(operation.body ? { body: requestBody(operation.body) } : {}),
    },
    responses: {
      [operation.ok.status]: success(operation.ok),
      ...(operation.okAlso ? { [operation.okAlso.status]: success({ ...operation.ok, ...operation.okAlso, headers: {} }) } : {}),
      ...errorAnswers(method, operation),
    },
  };
}

function requestBody(body: NonNullable<Operation['body']>): NonNullable<NonNullable<RouteConfig['request']>['body']> {
  if ('content' in body) return { required: true, content: body.content };
  return {
    required: !body.optional,
    content: { 'application/json': { schema: body.schema } },
  };
}

function success(ok: Operation['ok']): ResponseConfig {
  return {
    description: ok.description,
    ...(ok.headers
      ? { headers: Object.fromEntries(Object.entries(ok.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
      : {}),
    content: ok.files
      ? Object.fromEntries(ok.files.map((mediaType) => [mediaType, { schema: { type: 'string' as const, format: 'binary' } }]))
      : { 'application/json': { schema: ok.schema } },
  };
}

function errorAnswers(method: Method, operation: Operation): Record<number, ResponseConfig> {
  const error = (description: string): ResponseConfig => ({ description, content: { 'application/json': { schema: answers.ErrorBody } } });
  // A public route has no token to refuse: only its parameters and what is not (yet) public.
  if (operation.public) {
    return operation.params
      ? { 400: error('invalid_input: a malformed path parameter'), 404: error('not_found: not published, or not approved for the public') }
      : {};
  }
  const gatewayOrError = (description: string): ResponseConfig => ({
    description,
    content: { 'application/json': { schema: z.union([answers.ErrorBody, answers.GatewayMessage]) } },
  });
  const answersOf: Record<number, ResponseConfig> = {
    400: error(
      'invalid_input (the problems in `fields`, at most 50, and how many more in `moreFields`: unknown or malformed parameters, query or body fields, text with invisible, direction-changing or control characters (control_character)' +
        (method === 'post' ? ', a malformed Idempotency-Key' : '') +
        (operation.precondition ? ', a malformed If-Match' : '') +
        ')' +
        (operation.body ? ', or malformed_json' : ''),
    ),
    401: gatewayOrError('No bearer token (answered by the gateway: `{ message }`), or token_revoked / token_expired: a token an admin revoked, or past its expiresAt'),
    403: gatewayOrError('forbidden: the role may not call this route, or the token is unknown (answered by the gateway: `{ message }`)'),
  };
  if (operation.params || operation.also?.[404]) answersOf[404] = error(operation.also?.[404] ?? 'not_found: it does not exist, or the caller may not see it');
  const conflicts = [
    operation.also?.[409],
    operation.precondition ? 'stale_version: the task changed since you read it; illegal_transition: not from its current status' : undefined,
    method === 'post' ? 'request_in_progress: the first request with this Idempotency-Key still runs' : undefined,
  ].filter((reason): reason is string => reason !== undefined);
  if (conflicts.length) answersOf[409] = error(conflicts.join('; '));
  if (operation.body) {
    answersOf[413] = error('payload_too_large: the body is over 1 MiB');
    answersOf[415] = error('unsupported_media_type: the body is not of a media type the route reads');
  }
  if (method === 'post') answersOf[422] = error('idempotency_key_reused: the Idempotency-Key was already used with another body');
  if (operation.precondition) answersOf[428] = error('precondition_required: neither If-Match nor body `version`');
  answersOf[503] = {
    ...error('service_unavailable: busy (throttled, a colliding write); nothing was changed, send it again'),
    headers: { 'retry-after': { description: 'Seconds to wait', schema: { type: 'string' } } },
  };
  return answersOf;
}

/** Path parameters with what their schemas check by code (a refinement) said in words. */
function documentedParams(params: z.ZodObject): z.ZodObject {
  const { taskId } = params.shape;
  if (!taskId) return params;
  return params.extend({ taskId: (taskId as z.ZodType).meta({ description: 'A task id: <planId>.<goalId>.<unitId>' }) });
}

/**
 * The query schema as a client sends it: every field of the route's schema, with `limit` and `cursor`
 * described as what they are on the wire (the schemas parse them from text).
 */
function documentedQuery(query: z.ZodObject): z.ZodObject {
  const wire: Record<string, z.ZodType> = {
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT).meta({ description: `Page size, 1–${MAX_LIMIT}` }),
    cursor: z.string().meta({ description: '`nextCursor` of the previous page, as it was answered' }).optional(),
  };
  return z.object(Object.fromEntries(Object.entries(query.shape).map(([name, schema]) => [name, wire[name] ?? schema])));
}

function operationId(method: Method, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/^\{(.+)\}$/, 'by-$1').replace(/\.json$/, ''))
    .flatMap((part) => part.split(/[-_]/));
  return [method, ...words].map((word, i) => (i === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join('');
}

/** docs/plan.schema.json (the plan file's JSON Schema), as a schema of this document. */
function planJsonSchema(): JsonSchema {
  const { $schema: _dialect, ...schema } = JSON.parse(planJsonSchemaText()) as JsonSchema;
  return schema;
}
