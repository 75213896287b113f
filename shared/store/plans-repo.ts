import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../clock/clock.js';
import { Conflict } from '../domain/errors.js';
import type { Plan, Unit } from '../domain/plan.js';
import { type SettingWarning, settingWarnings } from '../plans/setting-warnings.js';
import { batchWriteAll, type WriteRequest } from './batch.js';
import { dynamo } from './client.js';
import { contentHash } from './content-hash.js';
import { projectionOf } from './expressions.js';
import { cancellationCodes } from './faults.js';
import { keys } from './keys.js';
import {
  goalItem,
  planMetaItem,
  planOf,
  summaryAttributes,
  toPlanPartition,
  toPlanSummary,
  unitItem,
  type PlanMeta,
  type PlanPartition,
  type PlanSummary,
} from './plan-items.js';
import { planChanges, type PlanChanges } from './plan-changes.js';
import { planRevisionItem, revisionOf } from './plan-revisions.js';
import { queryAll } from './query.js';
import { indexes, tableName } from './table.js';

export type { PlanSummary } from './plan-items.js';

export interface StoredPlan {
  plan: Plan;
  revision: number;
  importedAt: string;
  importedBy: string;
  contentHash: string;
}

export interface SavedPlan {
  planId: string;
  revision: number;
  /** False when the content equals the current revision's: nothing was written. */
  changed: boolean;
  goals: number;
  units: number;
  /** Tracking and assessment settings this revision changes (left out when none): said loudly, not refused. */
  warnings?: SettingWarning[];
}

/**
 * Stores a plan as a new revision when its content differs from the current one. Goal and unit items that
 * changed are written first and the meta item last, conditioned on the revision read: until then readers
 * keep the current revision (its meta names its goals and units), a failure midway is finished by a retry,
 * and of two concurrent imports one gets `Conflict`. Items of goals and units the plan no longer has are
 * deleted only after the switch, so the current revision never loses one while it is current.
 */
export async function savePlan(plan: Plan, by: string, clock: Clock): Promise<SavedPlan> {
  const hash = contentHash(plan);
  const current = await readPartition(plan.id);
  const counts = { goals: plan.goals.length, units: plan.units.length };
  if (current.meta?.contentHash === hash) return { planId: plan.id, revision: current.meta.revision, changed: false, ...counts };

  const items = [...plan.goals.map((goal) => goalItem(plan.id, goal)), ...plan.units.map((unit) => unitItem(plan.id, unit))];
  const stored = (item: (typeof items)[number]) =>
    item.entity === 'goal' ? current.goals.get(item.goalId)?.hash : current.units.get(item.unitId)?.hash;
  await batchWriteAll(items.filter((item) => stored(item) !== item.hash).map((Item): WriteRequest => ({ PutRequest: { Item } })));

  const revision = (current.meta?.revision ?? 0) + 1;
  const previous = current.meta ? planOf(current.meta, current) : undefined;
  const changes = previous ? planChanges(previous, plan) : null;
  await putMeta(
    {
      planId: plan.id,
      name: plan.name,
      year: plan.year,
      timezone: plan.timezone,
      tracking: plan.tracking,
      assessment: plan.assessment,
      revision,
      importedAt: clock.now().toISOString(),
      importedBy: by,
      contentHash: hash,
      goalIds: plan.goals.map((goal) => goal.id),
      unitIds: plan.units.map((unit) => unit.id),
      ...counts,
    },
    changes,
    current.meta?.revision,
  );

  const goalIds = new Set(plan.goals.map((goal) => goal.id));
  const unitIds = new Set(plan.units.map((unit) => unit.id));
  const leftovers = [
    ...[...current.goals.keys()].filter((id) => !goalIds.has(id)).map((id) => keys.goal(plan.id, id)),
    ...[...current.units.keys()].filter((id) => !unitIds.has(id)).map((id) => keys.unit(plan.id, id)),
  ];
  await batchWriteAll(leftovers.map((Key): WriteRequest => ({ DeleteRequest: { Key } })));
  const warnings = previous ? settingWarnings(previous, plan) : [];
  return { planId: plan.id, revision, changed: true, ...counts, ...(warnings.length > 0 && { warnings }) };
}

/** The current revision of a plan with its goals and units (one Query of the plan partition), if imported. */
export async function loadPlan(planId: string): Promise<StoredPlan | undefined> {
  const partition = await readPartition(planId);
  if (!partition.meta) return undefined;
  const { meta } = partition;
  return {
    plan: planOf(meta, partition),
    revision: meta.revision,
    importedAt: meta.importedAt,
    importedBy: meta.importedBy,
    contentHash: meta.contentHash,
  };
}

/** A plan's meta data without its goals and units (one GetItem). */
export async function getPlanSummary(planId: string): Promise<PlanSummary | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(), Key: keys.plan(planId), ...projectionOf(summaryAttributes) }),
  );
  return Item ? toPlanSummary(Item) : undefined;
}

/** Every plan, newest year first (gsi1 `PLANS`). */
export async function listPlans(): Promise<PlanSummary[]> {
  const { ExpressionAttributeNames, ProjectionExpression } = projectionOf(summaryAttributes);
  const items = await queryAll({
    IndexName: indexes.byPlan,
    KeyConditionExpression: '#gsi1pk = :plans',
    ExpressionAttributeNames: { ...ExpressionAttributeNames, '#gsi1pk': 'gsi1pk' },
    ExpressionAttributeValues: { ':plans': keys.planListPartition() },
    ProjectionExpression,
    ScanIndexForward: false,
  });
  return items.map(toPlanSummary);
}

/**
 * The unit as the newest plan that names it has it (one Query of gsi1 `PLANS`, its unit lists only, then one
 * GetItem of the unit), or undefined when no plan names it.
 */
export async function findUnitInPlans(unitId: string): Promise<{ planId: string; year: number; unit: Unit } | undefined> {
  const plans = await queryAll({
    IndexName: indexes.byPlan,
    KeyConditionExpression: '#gsi1pk = :plans',
    ExpressionAttributeNames: { '#gsi1pk': 'gsi1pk', '#unitIds': 'unitIds', '#planId': 'planId', '#year': 'year' },
    ExpressionAttributeValues: { ':plans': keys.planListPartition() },
    ProjectionExpression: '#unitIds, #planId, #year',
    ScanIndexForward: false,
  });
  const newest = plans.find((item) => Array.isArray(item.unitIds) && (item.unitIds as unknown[]).includes(unitId));
  if (!newest) return undefined;
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.unit(newest.planId as string, unitId) }));
  return Item ? { planId: newest.planId as string, year: newest.year as number, unit: Item.unit as Unit } : undefined;
}

/** Strongly consistent: a breakdown started right after an import must see that import. */
async function readPartition(planId: string): Promise<PlanPartition> {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.planPartition(planId) },
    ConsistentRead: true,
  });
  return toPlanPartition(items);
}

/** The meta item, conditioned on the revision read, and the record of what the revision changed, in one transaction. */
async function putMeta(meta: PlanMeta, changes: PlanChanges | null, previousRevision: number | undefined): Promise<void> {
  const condition =
    previousRevision === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : {
          ConditionExpression: '#revision = :previous',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':previous': previousRevision },
        };
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName(), Item: planMetaItem(meta), ...condition } },
          { Put: { TableName: tableName(), Item: planRevisionItem(revisionOf(meta, changes)), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  } catch (error) {
    if (!cancellationCodes(error)?.includes('ConditionalCheckFailed')) throw error;
    throw new Conflict(
      `plan ${meta.planId} was imported by someone else at the same time; reload it and try again`,
      `计划 ${meta.planId} 刚被他人同时导入，请重新加载后再试`,
    );
  }
}
