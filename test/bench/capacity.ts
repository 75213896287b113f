import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface CapacityTally {
  requests: Record<string, number>;
  /** Write requests that touch tasks, their events or notifications, vs. a run's own records (lock, progress). */
  dataWriteRequests: number;
  bookkeepingWriteRequests: number;
  writeCapacityUnits: number;
  readCapacityUnits: number;
  itemsRead: number;
  scans: number;
  /** The same, by request: `Query gsi3`, `GetItem`, `TransactWriteItems`… (the index when one is read). */
  byOperation: Record<string, OperationTally>;
}

export interface OperationTally {
  requests: number;
  itemsRead: number;
  readCapacityUnits: number;
  writeCapacityUnits: number;
}

const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);
const DATA_PARTITIONS = /^(TASK|INBOX)#/;

type Consumed = { CapacityUnits?: number; WriteCapacityUnits?: number; ReadCapacityUnits?: number };

/**
 * Counts what a workload costs, from DynamoDB's own answers: every request asks for
 * `ReturnConsumedCapacity: INDEXES`, so the units include the writes to every index.
 */
export function countCapacity(client: DynamoDBDocumentClient): { tally: CapacityTally; reset(): void } {
  const fresh = (): CapacityTally => ({
    requests: {},
    dataWriteRequests: 0,
    bookkeepingWriteRequests: 0,
    writeCapacityUnits: 0,
    readCapacityUnits: 0,
    itemsRead: 0,
    scans: 0,
    byOperation: {},
  });
  const holder = { tally: fresh() };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      const tally = holder.tally;
      tally.requests[command] = (tally.requests[command] ?? 0) + 1;
      if (command === 'ScanCommand') tally.scans++;
      if (WRITES.has(command)) {
        if (partitionsOf(input).some((pk) => DATA_PARTITIONS.test(pk))) tally.dataWriteRequests++;
        else tally.bookkeepingWriteRequests++;
      }
      const output = result.output as { ConsumedCapacity?: Consumed | Consumed[]; Count?: number; ScannedCount?: number; Item?: unknown; Responses?: Record<string, unknown[]> };
      const operationName = `${command.replace(/Command$/, '')}${typeof input.IndexName === 'string' ? ` ${input.IndexName}` : ''}`;
      const operation = (tally.byOperation[operationName] ??= { requests: 0, itemsRead: 0, readCapacityUnits: 0, writeCapacityUnits: 0 });
      operation.requests++;
      for (const consumed of [output.ConsumedCapacity ?? []].flat()) {
        const units = consumed.CapacityUnits ?? 0;
        if (WRITES.has(command)) {
          tally.writeCapacityUnits += consumed.WriteCapacityUnits ?? units;
          operation.writeCapacityUnits += consumed.WriteCapacityUnits ?? units;
        } else {
          tally.readCapacityUnits += consumed.ReadCapacityUnits ?? units;
          operation.readCapacityUnits += consumed.ReadCapacityUnits ?? units;
        }
      }
      let itemsRead = 0;
      if (output.ScannedCount !== undefined) itemsRead = output.ScannedCount;
      else if (output.Item) itemsRead = 1;
      else if (command === 'BatchGetItemCommand' && output.Responses)
        itemsRead = Object.values(output.Responses).reduce((sum, items) => sum + items.length, 0);
      tally.itemsRead += itemsRead;
      operation.itemsRead += itemsRead;
      return result;
    },
    { step: 'initialize', name: 'benchCapacityCounter' },
  );
  return { get tally() { return holder.tally; }, reset: () => (holder.tally = fresh()) };
}

function partitionsOf(input: Record<string, unknown>): string[] {
  const pkOf = (item: unknown) => ((item as { pk?: unknown } | undefined)?.pk as string | undefined) ?? '';
  const found: string[] = [pkOf(input.Item), pkOf(input.Key)];
  for (const requests of Object.values((input.RequestItems as Record<string, unknown[]>) ?? {})) {
    for (const request of requests as { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }[]) {
      found.push(pkOf(request.PutRequest?.Item), pkOf(request.DeleteRequest?.Key));
    }
  }
  for (const entry of (input.TransactItems as Record<string, { Item?: unknown; Key?: unknown }>[]) ?? []) {
    for (const op of Object.values(entry)) found.push(pkOf(op.Item), pkOf(op.Key));
  }
  return found.filter(Boolean);
}
