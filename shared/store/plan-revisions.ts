import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from './batch.js';
import { dynamo } from './client.js';
import { keys } from './keys.js';
import type { PlanChanges } from './plan-changes.js';
import type { PlanSummary } from './plan-items.js';
import { tableName } from './table.js';

/** The revisions a plan's page lists: the newest, each a few KB (plan-changes.ts caps its names). */
export const MAX_LISTED_REVISIONS = 20;

/** One import that changed a plan: when, by whom, its size, and what changed since the revision before. */
export interface PlanRevision {
  planId: string;
  revision: number;
  name: string;
  year: number;
  importedAt: string;
  importedBy: string;
  goals: number;
  units: number;
  /** Null for the first revision, and for one imported before revisions were recorded. */
  changes: PlanChanges | null;
}

/** Written in the transaction that makes the revision current (plans-repo.ts savePlan). */
export function planRevisionItem(revision: PlanRevision): Item {
  return { ...keys.planRevision(revision.planId, revision.revision), entity: 'planRevision', ...revision };
}

export function revisionOf(meta: PlanSummary, changes: PlanChanges | null): PlanRevision {
  const { planId, revision, name, year, importedAt, importedBy, goals, units } = meta;
  return { planId, revision, name, year, importedAt, importedBy, goals, units, changes };
}

/**
 * The newest revisions of a plan, newest first (one Query). The current one is always there: a plan
 * imported before revisions were recorded lists its current revision from the meta item, without changes.
 */
export async function listPlanRevisions(meta: PlanSummary): Promise<PlanRevision[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.planRevisionsPartition(meta.planId) },
      ScanIndexForward: false,
      Limit: MAX_LISTED_REVISIONS,
    }),
  );
  const recorded = Items.map(toPlanRevision);
  return recorded[0]?.revision === meta.revision ? recorded : [revisionOf(meta, null), ...recorded].slice(0, MAX_LISTED_REVISIONS);
}

function toPlanRevision(item: Item): PlanRevision {
  const { pk: _pk, sk: _sk, entity: _entity, ...revision } = item;
  return revision as PlanRevision;
}
