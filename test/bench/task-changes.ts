import type { LocalStack } from '../../infra/local/local-stack.js';
import { api } from './breakdown.js';
import type { CapacityTally, countCapacity } from './capacity.js';

export interface OperationFigures {
  operation: string;
  requests: Record<string, number>;
  readCapacityUnits: number;
  writeCapacityUnits: number;
  itemsRead: number;
}

interface TaskRow {
  id: string;
  unitId: string;
  lead: string;
  kind: string;
  version: number;
}

/**
 * What one call of each progress and review route costs in DynamoDB requests and capacity, on a task of
 * the benchmark plan: read at its version, reported on, closed out, accepted, closed, re-opened, and
 * its history and the unit's own list read.
 */
export async function benchTaskChanges(
  stack: LocalStack,
  plan: { id: string; year: number },
  counter: ReturnType<typeof countCapacity>,
): Promise<OperationFigures[]> {
  const page = await api<{ items: TaskRow[] }>(stack, 'GET', `/plans/${plan.id}/tasks?limit=50`);
  const task = page.items.find((t) => t.kind === 'quantity' && t.unitId !== t.lead);
  if (!task) throw new Error('the benchmark plan has no quantity task of a unit other than its lead');
  const unit = (await api<{ token: string }>(stack, 'POST', '/tokens', { role: 'unit', unitId: task.unitId })).token;
  const lead = (await api<{ token: string }>(stack, 'POST', '/tokens', { role: 'reviewer', unitId: task.lead })).token;
  const asOf = `${plan.year}-03-31`;

  const figures: OperationFigures[] = [];
  const measure = async (operation: string, call: () => Promise<unknown>) => {
    counter.reset();
    await call();
    figures.push(figuresOf(operation, counter.tally));
  };
  let version = task.version;
  const change = (path: string, body: object, token: string) => async () => {
    const changed = await api<{ version: number }>(stack, 'POST', `/tasks/${task.id}/${path}`, { ...body, version }, token);
    version = changed.version;
  };

  await measure('GET /tasks/{id} (with light)', () => api(stack, 'GET', `/tasks/${task.id}`, undefined, unit));
  await measure('POST /tasks/{id}/updates', change('updates', { asOf, done: 1 }, unit));
  await measure('POST /tasks/{id}/closeout', change('closeout', {}, unit));
  await measure('POST /tasks/{id}/review (accept)', change('review', { decision: 'accept' }, lead));
  await measure('POST /tasks/{id}/close', change('close', {}, stack.adminToken));
  await measure('POST /tasks/{id}/reopen', change('reopen', { reason: 'bench' }, lead));
  await measure('GET /tasks/{id}/history', () => api(stack, 'GET', `/tasks/${task.id}/history`, undefined, unit));
  await measure('GET /me/tasks (50)', () => api(stack, 'GET', '/me/tasks?limit=50', undefined, unit));
  return figures;
}

export function figuresOf(operation: string, tally: CapacityTally): OperationFigures {
  // The authorizer's token lookup is cached per token by the HTTP API; counted here only on first use.
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    operation,
    requests: { ...tally.requests },
    readCapacityUnits: round(tally.readCapacityUnits),
    writeCapacityUnits: round(tally.writeCapacityUnits),
    itemsRead: tally.itemsRead,
  };
}
