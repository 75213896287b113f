import * as z from 'zod';
import { roles } from '../../shared/auth/principal.js';
import { levels } from '../../shared/domain/lateness.js';
import { lights } from '../../shared/domain/light.js';
import { Organisation } from '../../shared/domain/organisation.js';
import { Direction, Milestone, Tracking, Unit } from '../../shared/domain/plan.js';
import { taskEventTypes } from '../../shared/domain/task-event.js';
import { taskStatuses } from '../../shared/domain/task.js';
import { planSettings } from '../../shared/store/plan-changes.js';
import { EVIDENCE_TYPES } from '../tasks/schema.js';

/*
 * What the routes answer, for the API description only (nothing is validated with these): each mirrors
 * the type the route returns (named beside each schema). Objects are open (`z.object`): a client should
 * ignore fields it does not know, so that adding one is not a breaking change.
 */

const dateTime = z.iso.datetime();
const date = z.iso.date();

/** `shared/domain/problem.ts` Problem. */
export const FieldProblem = z
  .object({
    path: z.string().meta({ description: 'The field, query or path parameter or header, e.g. `goals[3].deadline`, `limit`, `Idempotency-Key`' }),
    rule: z.string().meta({ description: 'A stable rule name: required, type, one_of, date, slug, unknown_field, too_small, too_big, too_long, pattern, …' }),
    message: z.string(),
    messageZh: z.string(),
    itemId: z.string().optional().meta({ description: 'A plan problem of a goal or unit: its id as written, e.g. `pm25` for `goals[4].target`' }),
    line: z.number().int().min(1).optional().meta({ description: 'A YAML plan: the line of the offending key (1-based)' }),
    column: z.number().int().min(1).optional().meta({ description: 'A YAML plan: the column of the offending key (1-based)' }),
    suggestion: z.string().optional().meta({ description: 'An unknown field: the known field nearest to it, e.g. `unitOfMeasure` for `unitOfMesure`' }),
  })
  .meta({ id: 'FieldProblem' });

/** `shared/http/error-response.ts` ErrorBody: every 4xx and 5xx the functions answer. */
export const ErrorBody = z
  .object({
    error: z.string().meta({ description: 'A stable code: invalid_input, malformed_json, not_found, stale_version, illegal_transition, precondition_required, idempotency_key_reused, request_in_progress, …' }),
    message: z.string().meta({ description: 'English / 中文' }),
    fields: z
      .array(FieldProblem)
      .max(50)
      .optional()
      .meta({ description: 'The problems of the input, all at once up to 50 (invalid_input only); names and values quoted in them are cut to 100 characters (…)' }),
    moreFields: z.number().int().min(1).optional().meta({ description: 'How many problems there were beyond the 50 in `fields`; absent when `fields` lists them all' }),
  })
  .meta({ id: 'Error', description: 'An error answer of the API / 错误应答' });

/** What API Gateway itself answers when it refuses a request before any function runs (no or an unknown token). */
export const GatewayMessage = z.object({ message: z.string() }).meta({ id: 'GatewayMessage' });

const nextCursor = z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' });
const page = <T extends z.ZodType>(items: T) => z.object({ items: z.array(items), nextCursor });

// ——— plans ———

/** `shared/store/plans-repo.ts` SavedPlan. */
export const SavedPlan = z
  .object({
    planId: z.string(),
    revision: z.number().int(),
    changed: z.boolean().meta({ description: 'False when the content equals the current revision: nothing was written' }),
    goals: z.number().int(),
    units: z.number().int(),
    warnings: z
      .array(
        z.object({
          setting: z.string().meta({ description: 'The plan path of the setting, e.g. `assessment.grades.good`' }),
          from: z.unknown(),
          to: z.unknown(),
          message: z.string(),
          messageZh: z.string(),
        }),
      )
      .max(50)
      .optional()
      .meta({
        description:
          'Tracking and assessment settings this revision changes from the one before (at most 50), e.g. a workbook without 考核设置 imported over a plan with its own rules; left out when none. The import is not refused',
      }),
  })
  .meta({ id: 'SavedPlan' });

/**
 * A plan's tracking as answered. zod-to-openapi 9.1.0 describes a literal of several values by its first alone
 * (`z.literal([1, 2])` became `enum: [1]`, and a generated client refused an answer of 2), so the values of
 * reviewLevels are given again, read from the domain's schema.
 */
const reviewLevels = Tracking.shape.reviewLevels;
const AnsweredTracking = Tracking.extend({ reviewLevels: reviewLevels.meta({ enum: [...reviewLevels.unwrap().values] }) });

/** `shared/store/plan-items.ts` PlanSummary. */
export const PlanSummary = z
  .object({
    planId: z.string(),
    name: z.string(),
    year: z.number().int(),
    timezone: z.string(),
    tracking: AnsweredTracking,
    revision: z.number().int(),
    importedAt: dateTime,
    importedBy: z.string(),
    goals: z.number().int(),
    units: z.number().int(),
  })
  .meta({ id: 'PlanSummary' });

export const PlanSummaryPage = page(PlanSummary).meta({ id: 'PlanSummaryPage' });

/** `GET /plans/{planId}`: the plan as imported (see the Plan schema), with its revision. */
export const StoredPlan = z
  .object({
    id: z.string(),
    name: z.string(),
    year: z.number().int(),
    timezone: z.string(),
    units: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
    goals: z.array(z.object({ id: z.string(), kind: z.string(), title: z.string(), deadline: date, lead: z.union([z.string(), z.array(z.string())]) })),
    tracking: AnsweredTracking,
    revision: z.number().int(),
    importedAt: dateTime,
    importedBy: z.string(),
    contentHash: z.string(),
  })
  .meta({ id: 'StoredPlan', description: 'The plan of the current revision: every field of the Plan schema, plus its revision' });

export const UnitPage = page(Unit).meta({ id: 'UnitPage' });

const named = z.object({ id: z.string(), name: z.string().meta({ description: 'The goal’s title or the unit’s name' }) });

/** `shared/store/plan-changes.ts` ListChanges. */
const ListChanges = z.object({
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  names: z
    .object({ added: z.array(named), changed: z.array(named), removed: z.array(named) })
    .meta({ description: 'The first 20 of each, in plan order' }),
});

/** `shared/store/plan-revisions.ts` PlanRevision. */
export const PlanRevision = z
  .object({
    planId: z.string(),
    revision: z.number().int(),
    name: z.string(),
    year: z.number().int(),
    importedAt: dateTime,
    importedBy: z.string(),
    goals: z.number().int(),
    units: z.number().int(),
    changes: z
      .object({ goals: ListChanges, units: ListChanges, settings: z.array(z.enum(planSettings)) })
      .nullable()
      .meta({ description: 'Since the revision before; null for the first, and for one imported before revisions were recorded' }),
  })
  .meta({ id: 'PlanRevision' });

export const PlanRevisionList = z
  .object({
    items: z.array(PlanRevision),
    older: z.number().int().meta({ description: 'How many older revisions are not listed' }),
  })
  .meta({ id: 'PlanRevisionList' });

// ——— breakdowns ———

const taskCounts = {
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  withdrawn: z.number().int(),
};

export const BreakdownStarted = z
  .object({ executionId: z.uuid(), status: z.literal('RUNNING'), planId: z.string(), revision: z.number().int() })
  .meta({ id: 'BreakdownStarted' });

/** `functions/breakdowns/routes.ts` get: BreakdownProgress with the execution as Step Functions sees it. */
export const BreakdownRun = z
  .object({
    executionId: z.uuid(),
    planId: z.string(),
    revision: z.number().int(),
    status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED']),
    goalsTotal: z.number().int(),
    goalsDone: z.number().int(),
    tasks: z.object(taskCounts),
    startedAt: dateTime,
    finishedAt: dateTime.optional(),
    error: z.object({ Error: z.string(), Cause: z.string() }).optional(),
    notified: z.number().int().optional().meta({ description: 'Units notified of their new, revised or withdrawn tasks; present once the execution has succeeded (the run is SUCCEEDED a moment before: it notifies last)' }),
    execution: z.object({ status: z.string(), startDate: dateTime.nullable(), stopDate: dateTime.nullable() }).nullable(),
  })
  .meta({ id: 'BreakdownRun' });

// ——— chases ———

const chaseExecutionId = z.string().meta({ description: '`chase-<date>-<8 hex>`' });

export const ChaseStarted = z
  .object({ executionId: chaseExecutionId, date: z.iso.date(), status: z.literal('RUNNING') })
  .meta({ id: 'ChaseStarted' });

/** The chase state machine's output (workflows/chase/tasks/summarize.ts). */
export const ChaseOutput = z
  .object({
    date: z.iso.date(),
    examined: z.number().int(),
    escalations: z.object({
      提醒: z.number().int(),
      催办: z.number().int(),
      督办: z.number().int(),
      通报: z.number().int(),
      约谈: z.number().int(),
    }),
    notifications: z.number().int(),
    bulletin: z
      .object({ month: z.string(), covers: z.string(), published: z.boolean().meta({ description: 'False: an earlier run of the day published it' }) })
      .optional()
      .meta({ description: 'The first working day of a month only: the monthly bulletin it published' }),
  })
  .meta({ id: 'ChaseOutput' });

/** `functions/chases/routes.ts` get: the execution as Step Functions sees it. */
export const ChaseRun = z
  .object({
    executionId: chaseExecutionId,
    status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']),
    date: z.iso.date(),
    output: ChaseOutput.optional(),
    error: z.object({ Error: z.string(), Cause: z.string() }).optional(),
  })
  .meta({ id: 'ChaseRun' });

// ——— bulletins ———

/** `functions/plans/organisation-routes.ts`: the bureau's particulars (shared/domain/organisation.ts). */
export const OrganisationSettings = z
  .object({
    organisation: Organisation.nullable(),
    updatedAt: dateTime.nullable(),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: 'OrganisationSettings' });

const levelCounts = z.object({
  remind: z.number().int(),
  urge: z.number().int(),
  supervise: z.number().int(),
  notice: z.number().int(),
  summon: z.number().int(),
});

/** `shared/bulletin/bulletin.ts` UnitFigures. */
const BulletinFigures = z.object({
  tasks: z.number().int().meta({ description: 'Tasks, withdrawn ones left out' }),
  closed: z.number().int(),
  completionRate: z.number().nullable().meta({ description: 'closed / tasks (4 decimals); null without tasks' }),
  lights: z.object({ green: z.number().int(), yellow: z.number().int(), red: z.number().int() }).meta({ description: 'Of the open tasks, on the publication day' }),
  escalations: levelCounts.meta({ description: 'Levels raised in the covered month' }),
});

const signedLink = z.object({ url: z.url(), expiresAt: dateTime });

/** `functions/bulletins/routes.ts` get: the bulletin's JSON (shared/bulletin/bulletin.ts Bulletin) and links to its documents. */
export const Bulletin = z
  .object({
    month: z.string().meta({ description: 'The month of publication, YYYY-MM' }),
    covers: z.string().meta({ description: 'The month reported on (the one before), YYYY-MM' }),
    publishedOn: date,
    publishedAt: dateTime,
    plans: z.array(z.object({ planId: z.string(), name: z.string() })),
    units: z.array(BulletinFigures.extend({ unitId: z.string(), unitName: z.string() })),
    noticed: z
      .array(
        z.object({
          taskId: z.string(),
          planId: z.string(),
          unitId: z.string(),
          unitName: z.string(),
          title: z.string(),
          level: z.enum(['notice', 'summon']),
          date: date.meta({ description: 'The chase day that raised the level' }),
          kind: z.enum(['overdue', 'behind', 'due_soon']),
          since: date,
          workingDays: z.number().int(),
        }),
      )
      .meta({ description: 'Tasks that reached 通报 or 约谈 in the covered month, at the highest of the two' }),
    totals: BulletinFigures,
    particulars: z
      .object({
        issuer: z.string().nullable().meta({ description: '发文机关: the issuer, else the full name; null before the bureau set its particulars' }),
        documentNumber: z.string().nullable().meta({ description: '文号, its running number claimed once at publication; null without a number pattern' }),
        cc: z.array(z.string()).meta({ description: '抄送, in order' }),
      })
      .optional()
      .meta({ description: 'As printed on the documents (absent from bulletins published before particulars existed)' }),
    lang: z.enum(['zh', 'en']).meta({ description: 'The language of the documents linked: zh unless lang=en was asked (and the bulletin has English ones)' }),
    html: signedLink.meta({ description: 'The bulletin as an HTML page (presigned GET, a few minutes)' }),
    xlsx: signedLink.meta({ description: 'The bulletin as a workbook: units ranked, tasks noticed or summoned, an annex of ids (presigned GET, a few minutes)' }),
  })
  .meta({ id: 'Bulletin' });

// ——— tasks ———

/** `shared/domain/task.ts` TaskProgress. */
export const TaskProgress = z
  .object({
    asOf: date,
    done: z.number().optional(),
    value: z.number().optional(),
    period: z.string().optional(),
    complete: z.boolean().optional(),
    note: z.string().optional(),
    evidence: z.array(z.string()).optional(),
    reportedBy: z.string(),
    reportedAt: dateTime,
    offTargetSince: date.optional().meta({ description: 'indicator off its target: the first report of this spell off target / 指标连续未达标的起始日' }),
  })
  .meta({ id: 'TaskProgress' });

/** `shared/tasks/task-view.ts` TaskView: the task with its traffic light. */
export const Task = z
  .object({
    id: z.string().meta({ description: '<planId>.<goalId>.<unitId>' }),
    planId: z.string(),
    goalId: z.string(),
    unitId: z.string(),
    year: z.number().int(),
    kind: z.enum(['quantity', 'indicator', 'action']),
    title: z.string(),
    target: z.number().nullable(),
    direction: Direction.optional(),
    relative: z
      .object({ baseline: z.number(), change: z.number(), baselineYear: z.number().int().optional() })
      .optional()
      .meta({ description: 'indicator of a relative goal: target = baseline × (1 + change), rounded to 2 decimals / 相对目标的基准值与变化' }),
    atLeast: z.literal(true).optional().meta({ description: 'quantity: the target is a floor (以上); more is reported as excess / 目标值为下限' }),
    unitOfMeasure: z.string().optional(),
    deadline: date,
    milestones: z.array(Milestone),
    lead: z.string().meta({ description: 'The goal\'s primary lead (牵头单位)' }),
    coLeads: z.array(z.string()).optional().meta({ description: 'The goal\'s other leads (联合牵头), each may review the task; absent with one lead' }),
    coUnits: z.array(z.string()),
    note: z.string().optional().meta({ description: '备注: the plan\'s note for this unit\'s task (allocation details)' }),
    status: z.enum(taskStatuses),
    progress: TaskProgress.nullable(),
    rebounds: z.number().int().optional(),
    originalDeadline: date.optional(),
    pendingExtension: z.string().optional(),
    escalation: z
      .object({
        level: z.enum(levels),
        period: z.string().meta({ description: 'The escalation period: overdue:<deadline>, behind:<since> or due:<since>' }),
        date: date.meta({ description: 'The chase day that raised it' }),
      })
      .optional()
      .meta({ description: 'The highest level of the ladder (提醒 remind → 催办 urge → 督办 supervise → 通报 notice → 约谈 summon) raised in the current escalation period; absent when never escalated' }),
    version: z.number().int().meta({ description: 'Send it back as If-Match: "<version>" (or body `version`) to change the task' }),
    planRevision: z.number().int(),
    createdAt: dateTime,
    updatedAt: dateTime,
    light: z.enum(lights).nullable().meta({ description: 'Traffic light as of today; null for a withdrawn task' }),
    workingDaysLeft: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Working days from today to the deadline in the shipped calendar, negative once overdue; null when the task is no longer open' }),
  })
  .meta({ id: 'Task' });

export const TaskPage = page(Task).meta({ id: 'TaskPage' });

/** `shared/domain/audit-chain.ts` ChainedEvent: one entry of a task's history, chained by hash. */
export const TaskEvent = z
  .object({
    taskId: z.string(),
    type: z.enum(taskEventTypes),
    at: dateTime,
    by: z.string(),
    version: z.number().int(),
    from: z.record(z.string(), z.unknown()),
    to: z.record(z.string(), z.unknown()),
    reason: z.string().optional(),
    note: z.string().optional().meta({ description: 'The note of a close-out request or a close (申请销号、销号说明)' }),
    extensionId: z.string().optional(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .meta({ id: 'TaskEvent' });

export const TaskEventPage = page(TaskEvent).meta({ id: 'TaskEventPage' });

const evidenceFields = {
  evidenceId: z.string(),
  fileName: z.string(),
  contentType: z.enum(EVIDENCE_TYPES),
  size: z.number().int(),
  sha256: z.string(),
};

/** `functions/tasks/evidence-routes.ts` attach: where to PUT the file, with exactly these headers. */
export const EvidenceUpload = z
  .object({
    ...evidenceFields,
    upload: z.object({
      url: z.url(),
      method: z.literal('PUT'),
      headers: z.object({ 'content-type': z.string(), 'content-length': z.string(), 'x-amz-checksum-sha256': z.string() }),
      expiresAt: dateTime,
    }),
  })
  .meta({ id: 'EvidenceUpload' });

/** `functions/tasks/evidence-routes.ts` download: the record and a short-lived URL. */
export const EvidenceDownload = z
  .object({
    ...evidenceFields,
    taskId: z.string(),
    uploadedBy: z.string(),
    createdAt: dateTime,
    download: z.object({ url: z.url(), expiresAt: dateTime }),
  })
  .meta({ id: 'EvidenceDownload' });

/** `shared/store/extension-items.ts` Extension. */
export const Extension = z
  .object({
    extensionId: z.string().meta({ description: '<taskId>~<n>' }),
    taskId: z.string(),
    planId: z.string(),
    unitId: z.string(),
    status: z.enum(['pending', 'approved', 'refused']),
    from: date.meta({ description: 'The deadline when asked' }),
    to: date.meta({ description: 'The deadline asked for' }),
    reason: z.string(),
    requestedBy: z.string(),
    requestedAt: dateTime,
    decidedBy: z.string().optional(),
    decidedAt: dateTime.optional(),
    note: z.string().optional(),
  })
  .meta({ id: 'Extension' });

export const ExtensionWithTask = Extension.extend({ task: Task }).meta({ id: 'ExtensionWithTask' });

export const ExtensionPage = page(Extension).meta({ id: 'ExtensionPage' });

// ——— inbox ———

/** `shared/store/notification-items.ts` Notification, as listed. */
export const Notification = z
  .object({
    id: z.string().meta({ description: '<ISO time>#<notificationId>: what POST /me/notifications/read takes' }),
    notificationId: z.string(),
    unitId: z.string().meta({ description: 'The inbox: a unit id, _admin or _leaders' }),
    kind: z.string().meta({ description: 'breakdown, or the task event type' }),
    title: z.string(),
    body: z.string(),
    planId: z.string(),
    revision: z.number().int().optional(),
    executionId: z.string().optional(),
    counts: z.record(z.string(), z.number()).optional(),
    taskId: z.string().optional(),
    read: z.boolean(),
    readAt: dateTime.optional(),
    createdAt: dateTime,
  })
  .meta({ id: 'Notification' });

export const NotificationPage = page(Notification).meta({ id: 'NotificationPage' });

export const MarkedRead = z.object({ marked: z.number().int().meta({ description: 'How many were unread and are read now' }) }).meta({ id: 'MarkedRead' });

// ——— tokens ———

const tokenFields = {
  tokenId: z.string().meta({ description: 'The token’s public id (12 hex digits), for listing and revoking' }),
  role: z.enum(roles),
  unitId: z.string().nullable(),
  label: z.string().nullable(),
  createdAt: dateTime,
  createdBy: z.string(),
  expiresAt: dateTime.nullable().meta({ description: 'When it stops working (401 token_expired after)' }),
  lastUsedAt: dateTime.nullable().meta({ description: 'Its first use of the latest day it was used (written at most once a day)' }),
  revokedAt: dateTime.nullable().meta({ description: 'When an admin revoked it (401 token_revoked after)' }),
  revokedBy: z.string().nullable(),
};

export const TokenMetadata = z.object(tokenFields).meta({ id: 'TokenMetadata' });

export const CreatedToken = z
  .object({
    token: z.string().meta({ description: 'The secret, shown this once: only its hash is stored' }),
    ...tokenFields,
  })
  .meta({ id: 'CreatedToken' });

export const Me = z
  .object({
    role: z.enum(roles),
    unitId: z.string().nullable(),
    unitName: z.string().nullable().meta({ description: 'As the newest plan that names the unit has it' }),
    unitKind: z.string().nullable(),
    tokenId: z.string().nullable(),
    expiresAt: dateTime.nullable(),
  })
  .meta({ id: 'Me' });

export const TokenList = z.object({ items: z.array(TokenMetadata) }).meta({ id: 'TokenList' });
