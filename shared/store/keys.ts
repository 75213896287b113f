import type { Level } from '../domain/lateness.js';

/**
 * Single-table keys. The design and the access patterns are documented in docs/architecture.md;
 * every key of every item is built here and nowhere else.
 */
export const OPEN_SHARDS = 10;

/** One shard of a year's open tasks (gsi3), as the chase reads it page by page. */
const openShard = (year: number, shard: number) => `OPEN#${year}#${shard}`;

export const keys = {
  plan: (planId: string) => ({ pk: `PLAN#${planId}`, sk: 'PLAN' }),
  planList: (year: number, planId: string) => ({ gsi1pk: 'PLANS', gsi1sk: `${year}#${planId}` }),
  planListPartition: () => 'PLANS',
  goal: (planId: string, goalId: string) => ({ pk: `PLAN#${planId}`, sk: `GOAL#${goalId}` }),
  unit: (planId: string, unitId: string) => ({ pk: `PLAN#${planId}`, sk: `UNIT#${unitId}` }),
  planPartition: (planId: string) => `PLAN#${planId}`,
  /** What each revision of a plan changed, beside the plan's partition so that reading the plan never reads its history. */
  planRevision: (planId: string, revision: number) => ({ pk: `PLAN#${planId}#REVISIONS`, sk: `REV#${String(revision).padStart(6, '0')}` }),
  planRevisionsPartition: (planId: string) => `PLAN#${planId}#REVISIONS`,

  task: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
  taskPartition: (taskId: string) => `TASK#${taskId}`,
  taskEvent: (taskId: string, at: string, seq: number) => ({
    pk: `TASK#${taskId}`,
    sk: `EVENT#${at}#${String(seq).padStart(6, '0')}`,
  }),
  /** A file attached to the task (its bytes are in the bucket under `evidence/<taskId>/<evidenceId>`). */
  evidence: (taskId: string, evidenceId: string) => ({ pk: `TASK#${taskId}`, sk: `EVIDENCE#${evidenceId}` }),
  taskByPlan: (planId: string, goalId: string, unitId: string) => ({
    gsi1pk: `PLAN#${planId}`,
    gsi1sk: `${goalId}#${unitId}`,
  }),
  taskByUnit: (unitId: string, year: number, deadline: string, taskId: string) => ({
    gsi2pk: `UNIT#${unitId}`,
    gsi2sk: `${year}#${deadline}#${taskId}`,
  }),
  /** gsi1 partition of a plan's tasks, and the sort-key prefix of one goal's tasks in it. */
  planTasks: (planId: string) => `PLAN#${planId}`,
  goalTasksPrefix: (goalId: string) => `${goalId}#`,
  /** gsi2 partition of a unit's tasks, and the sort-key bounds of a year's tasks due in an inclusive range. */
  unitTasks: (unitId: string) => `UNIT#${unitId}`,
  unitTasksDue: (year: number, dueAfter?: string, dueBefore?: string) => ({
    from: `${year}#${dueAfter ?? ''}`,
    // `~` sorts after every character of a date or a task id (slugs and dots).
    to: dueBefore ? `${year}#${dueBefore}#~` : `${year}#~`,
  }),
  /** Sparse: present only while the task is chased, keyed by its next check date (shared/store/check-dates.ts), so the chase reads only what may be late. */
  openTask: (year: number, taskId: string, checkDate: string) => ({
    gsi3pk: openShard(year, shardOf(taskId)),
    gsi3sk: `${checkDate}#${taskId}`,
  }),
  openShard,
  /** The gsi3 sort-key bound of a chase day: every key `<date>#<taskId>` on or before it (`~` sorts after ids). */
  openDueBy: (date: string) => `${date}#~`,

  /** An extension request lives with its task; while pending it is also on gsi1, oldest first. */
  extension: (taskId: string, n: number) => ({ pk: `TASK#${taskId}`, sk: `EXTENSION#${String(n).padStart(3, '0')}` }),
  pendingExtension: (requestedAt: string, extensionId: string) => ({ gsi1pk: 'EXTENSIONS#pending', gsi1sk: `${requestedAt}#${extensionId}` }),
  pendingExtensionsPartition: () => 'EXTENSIONS#pending',

  /**
   * A level of the ladder raised for a task in one escalation period (`overdue:<deadline>`, …): the item
   * exists at most once (conditional put), which is what makes each level once per task and period.
   */
  escalation: (taskId: string, period: string, level: Level) => ({ pk: `TASK#${taskId}`, sk: `ESCALATION#${period}#${level}` }),
  /** Sort-key prefix of a task's escalations: all of them, or one period's. */
  escalationsPrefix: (period?: string) => (period === undefined ? 'ESCALATION#' : `ESCALATION#${period}#`),
  /**
   * Its copy under the chase day, written in the same transaction: a base-table partition per day and
   * shard of the task (`shardOf`), so the digests read it consistently right after the pages wrote it (a
   * GSI might not show the last writes yet) and a day of many escalations is spread over OPEN_SHARDS
   * partitions. A unit's escalations sort together within a shard.
   */
  escalationOfDay: (date: string, unitId: string, taskId: string, level: Level) => ({
    pk: `ESCALATIONS#${date}#${shardOf(taskId)}`,
    sk: `${unitId}#${taskId}#${level}`,
  }),
  escalationsOfDayPartition: (date: string, shard: number) => `ESCALATIONS#${date}#${shard}`,

  /**
   * The plan's summary (shared/store/plan-summary.ts, decision 0017): one row per unit and per goal, and a
   * meta item saying whether a breakdown changed tasks the rows do not count yet. Its own partition, so that
   * reading the plan never reads it, and reading it is one Query of O(units + goals) items.
   */
  planSummaryPartition: (planId: string) => `PLAN#${planId}#SUMMARY`,
  planSummaryRow: (planId: string, row: string) => ({ pk: `PLAN#${planId}#SUMMARY`, sk: `ROW#${row}` }),
  planSummaryRowsPrefix: () => 'ROW#',
  planSummaryMeta: (planId: string) => ({ pk: `PLAN#${planId}#SUMMARY`, sk: 'META' }),

  breakdownPartition: (planId: string) => `PLAN#${planId}#BREAKDOWNS`,
  breakdown: (planId: string, executionId: string) => ({ pk: `PLAN#${planId}#BREAKDOWNS`, sk: `RUN#${executionId}` }),
  breakdownGoal: (planId: string, executionId: string, goalId: string) => ({
    pk: `PLAN#${planId}#BREAKDOWNS`,
    sk: `RUN#${executionId}#GOAL#${goalId}`,
  }),
  breakdownLock: (planId: string) => ({ pk: `PLAN#${planId}#BREAKDOWNS`, sk: 'LOCK' }),
  /** Sort-key prefixes: a run with its goal results, and the goal results alone. */
  breakdownRunPrefix: (executionId: string) => `RUN#${executionId}`,
  breakdownGoalsPrefix: (executionId: string) => `RUN#${executionId}#GOAL#`,

  /** The monthly bulletin of month `<YYYY-MM>` (its publication month): put once, when its objects are in the bucket. */
  bulletin: (month: string) => ({ pk: 'BULLETINS', sk: month }),

  /**
   * The year's assessment inputs and state, one partition per year (docs/architecture.md "Year-end
   * assessment"): read together by one Query (`readAssessmentInputs`).
   */
  assessmentPartition: (year: number) => `ASSESSMENT#${year}`,
  /** Put if absent by the first non-dry run: from then on the year's tasks change only by an admin. */
  freeze: (year: number) => ({ pk: `ASSESSMENT#${year}`, sk: 'FREEZE' }),
  actual: (year: number, taskId: string) => ({ pk: `ASSESSMENT#${year}`, sk: `ACTUAL#${taskId}` }),
  adjustment: (year: number, adjustmentId: string) => ({ pk: `ASSESSMENT#${year}`, sk: `ADJUSTMENT#${adjustmentId}` }),
  appeal: (year: number, appealId: string) => ({ pk: `ASSESSMENT#${year}`, sk: `APPEAL#${appealId}` }),
  /**
   * Present while the unit's appeal of the line is pending: put with the appeal if absent, deleted with its
   * decision, so a unit has one pending appeal per line. (`APPEALS#` sorts outside the `APPEAL#` prefix.)
   */
  pendingAppeal: (year: number, unitId: string, lineId: string) => ({ pk: `ASSESSMENT#${year}`, sk: `APPEALS#PENDING#${unitId}#${lineId}` }),
  /** How many appeals the unit filed in the year: counted up with each, conditioned on the limit. */
  appealCount: (year: number, unitId: string) => ({ pk: `ASSESSMENT#${year}`, sk: `APPEALS#COUNT#${unitId}` }),
  /** Numbers adjustments (`adj-<n>`) and appeals (`ap-<n>`) per year. */
  assessmentCounter: (year: number, of: 'adjustment' | 'appeal') => ({ pk: `ASSESSMENT#${year}`, sk: `COUNTER#${of}` }),
  /** Sort-key prefixes of the year's partition. */
  actualsPrefix: () => 'ACTUAL#',
  adjustmentsPrefix: () => 'ADJUSTMENT#',
  appealsPrefix: () => 'APPEAL#',
  /**
   * An assessment run and what it writes: the run item and the year lock in the year's partition; a run's
   * scores, line items and ranking under a partition of the run's own (`ASSESSMENT#<year>#RUN#<runId>`), so
   * a failed or dry run never touches what is published; `PUBLISHED` and the audit items are moved by Publish.
   */
  assessmentRun: (year: number, runId: string) => ({ pk: `ASSESSMENT#${year}`, sk: `RUN#${runId}` }),
  /** Held by the running run of a year (one at a time), released when it ends. */
  assessmentLock: (year: number) => ({ pk: `ASSESSMENT#${year}`, sk: 'LOCK' }),
  assessmentRunPartition: (year: number, runId: string) => `ASSESSMENT#${year}#RUN#${runId}`,
  unitScore: (year: number, runId: string, unitId: string) => ({ pk: `ASSESSMENT#${year}#RUN#${runId}`, sk: `SCORE#${unitId}` }),
  unitLines: (year: number, runId: string, unitId: string) => ({ pk: `ASSESSMENT#${year}#RUN#${runId}`, sk: `LINES#${unitId}` }),
  ranking: (year: number, runId: string) => ({ pk: `ASSESSMENT#${year}#RUN#${runId}`, sk: 'RANKING' }),
  unitScoresPrefix: () => 'SCORE#',
  unitLinesPrefix: () => 'LINES#',
  published: (year: number) => ({ pk: `ASSESSMENT#${year}`, sk: 'PUBLISHED' }),
  assessmentAudit: (year: number, at: string, runId: string) => ({ pk: `ASSESSMENT#${year}`, sk: `AUDIT#${at}#${runId}` }),
  assessmentAuditPrefix: () => 'AUDIT#',
  /** What the public endpoints may show: a year's published run, a plan's progress. */
  yearDisclosure: (year: number) => ({ pk: `ASSESSMENT#${year}`, sk: 'DISCLOSURE' }),
  planDisclosure: (planId: string) => ({ pk: `PLAN#${planId}`, sk: 'DISCLOSURE' }),

  /** The bureau's particulars (shared/domain/organisation.ts): one item, replaced whole by an admin. */
  organisation: () => ({ pk: 'SETTINGS', sk: 'ORGANISATION' }),
  /**
   * Document numbers of a year (the `{n}` of `慈环督〔{year}〕{n}号`): the last one given, and each document's
   * own, put once, so that a document keeps its number however often it is published again.
   */
  documentNumberCounter: (year: number) => ({ pk: `DOCNUMBERS#${year}`, sk: 'COUNTER' }),
  documentNumber: (year: number, documentId: string) => ({ pk: `DOCNUMBERS#${year}`, sk: `DOC#${documentId}` }),

  /** A token by its public id (the first 12 hex digits of its hash); on gsi1 `TOKENS` for the admin's list. */
  token: (tokenId: string) => ({ pk: `TOKEN#${tokenId}`, sk: 'TOKEN' }),
  tokenList: (createdAt: string, tokenId: string) => ({ gsi1pk: 'TOKENS', gsi1sk: `${createdAt}#${tokenId}` }),
  tokenListPartition: () => 'TOKENS',

  inboxPartition: (unitId: string) => `INBOX#${unitId}`,
  notification: (unitId: string, at: string, notificationId: string) => ({
    pk: `INBOX#${unitId}`,
    sk: `NOTE#${at}#${notificationId}`,
  }),
};

/** A stable shard (0..OPEN_SHARDS-1) from the task id, spreading the open-task index over partitions. */
export function shardOf(taskId: string): number {
  let hash = 0;
  for (let i = 0; i < taskId.length; i++) hash = (hash * 31 + taskId.charCodeAt(i)) >>> 0;
  return hash % OPEN_SHARDS;
}
