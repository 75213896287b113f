import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../clock/clock.js';
import { escalationsOfDay } from '../store/escalations.js';
import { dynamo } from '../store/client.js';
import { retryableOnTransient } from '../store/faults.js';
import { keys } from '../store/keys.js';
import { listPlans, loadPlan } from '../store/plans-repo.js';
import { mapWithConcurrency } from '../store/pool.js';
import { tableName } from '../store/table.js';
import { allPlanTasks } from '../store/task-queries.js';
import { buildBulletin, previousMonth, type Bulletin, type BulletinInput, type BulletinPlan, type UnitFigures } from './bulletin.js';
import { putBulletinObject } from './bulletin-objects.js';
import { renderBulletinHtml } from './render-html.js';
import { renderBulletinXlsx } from './render-xlsx.js';

/*
 * Publishing the bulletin of a month (docs/architecture.md, "Monthly bulletin"): read what it covers, build
 * it, write its three objects to the bucket, then the `BULLETINS` / `<M>` item, put only if absent. The item
 * is the publication: until it exists nothing links the objects, so a run that stops between the puts and
 * the item (a crash, a timeout) is finished by its retry, which writes the objects again and then the item.
 * Once it exists a re-run publishes nothing.
 */

export const BULLETIN_PREFIX = 'reports/bulletins/';

export interface BulletinObjectKeys {
  html: string;
  xlsx: string;
  json: string;
}

/** The `BULLETINS` / `<M>` item: where the bulletin of a month is and what it counts. */
export interface BulletinRecord {
  month: string;
  covers: string;
  publishedOn: string;
  publishedAt: string;
  objects: BulletinObjectKeys;
  totals: UnitFigures;
}

export const contentTypes = {
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
} as const;

export function bulletinObjectKeys(month: string): BulletinObjectKeys {
  return { html: `${BULLETIN_PREFIX}${month}.html`, xlsx: `${BULLETIN_PREFIX}${month}.xlsx`, json: `${BULLETIN_PREFIX}${month}.json` };
}

/** Days of a covered month read at once for their escalations. */
const CONCURRENCY = 8;

/**
 * What the bulletin published on `publishedOn` covers: the plans of the covered month's year with their
 * units and tasks, and the escalations raised on each day of the covered month (one Query per day on the
 * day index, the partitions the digests read; never a Scan).
 */
export async function readBulletinInput(publishedOn: string): Promise<BulletinInput> {
  const covers = previousMonth(publishedOn.slice(0, 7));
  const year = Number(covers.slice(0, 4));
  const summaries = (await listPlans()).filter((plan) => plan.year === year);
  const plans = await mapWithConcurrency(summaries, CONCURRENCY, async (summary): Promise<BulletinPlan> => {
    const stored = await loadPlan(summary.planId);
    return {
      planId: summary.planId,
      name: summary.name,
      margin: summary.tracking.margin,
      units: (stored?.plan.units ?? []).map((unit) => ({ id: unit.id, name: unit.name })),
      tasks: await allPlanTasks(summary.planId, year),
    };
  });
  const days = daysOf(covers);
  const escalations = (await mapWithConcurrency(days, CONCURRENCY, (day) => escalationsOfDay(day))).flat();
  return { publishedOn, plans, escalations };
}

/** Every date of a month (`YYYY-MM`). */
function daysOf(month: string): string[] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const length = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from({ length }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** The bulletin item of a month, read consistently; undefined before it is published. */
export function getBulletinRecord(month: string): Promise<BulletinRecord | undefined> {
  return retryableOnTransient(async () => {
    const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.bulletin(month), ConsistentRead: true }));
    return Item ? recordOf(Item) : undefined;
  });
}

function recordOf(item: Record<string, unknown>): BulletinRecord {
  const { month, covers, publishedOn, publishedAt, objects, totals } = item as unknown as BulletinRecord;
  return { month, covers, publishedOn, publishedAt, objects, totals };
}

export interface PublishResult extends BulletinRecord {
  /** False when the bulletin was published already (an earlier run, or a concurrent one that got there first). */
  published: boolean;
}

export interface PublishDeps {
  bucket: string;
  clock: Clock;
}

/**
 * Publishes the bulletin of `publishedOn`'s month, once. The objects are written before the item, so a
 * published item always names objects that exist. Two runs at once may both write the objects (the later
 * writes win, both read as of the same day); the item is written by one of them only.
 */
export async function publishBulletin(publishedOn: string, deps: PublishDeps): Promise<PublishResult> {
  const month = publishedOn.slice(0, 7);
  const existing = await getBulletinRecord(month);
  if (existing) return { ...existing, published: false };

  const bulletin = buildBulletin(await retryableOnTransient(() => readBulletinInput(publishedOn)));
  const objects = bulletinObjectKeys(month);
  await writeObjects(deps.bucket, objects, bulletin);

  const record: BulletinRecord = {
    month,
    covers: bulletin.covers,
    publishedOn,
    publishedAt: deps.clock.now().toISOString(),
    objects,
    totals: bulletin.totals,
  };
  return retryableOnTransient(async () => {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...keys.bulletin(month), entity: 'bulletin', ...record },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { ...record, published: true };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      return { ...(await getBulletinRecord(month))!, published: false };
    }
  });
}

async function writeObjects(bucket: string, objects: BulletinObjectKeys, bulletin: Bulletin): Promise<void> {
  const [html, xlsx] = [renderBulletinHtml(bulletin), await renderBulletinXlsx(bulletin)];
  await Promise.all([
    putBulletinObject(bucket, objects.json, `${JSON.stringify(bulletin, null, 2)}\n`, contentTypes.json),
    putBulletinObject(bucket, objects.html, html, contentTypes.html),
    putBulletinObject(bucket, objects.xlsx, xlsx, contentTypes.xlsx),
  ]);
}
