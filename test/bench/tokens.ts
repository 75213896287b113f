import type { LocalStack } from '../../infra/local/local-stack.js';
import { api } from './breakdown.js';
import type { countCapacity } from './capacity.js';
import { figuresOf, type OperationFigures } from './task-changes.js';

/**
 * What the token routes and the authorizer cost in DynamoDB requests and capacity: making a unit's token
 * (the unit is looked up in the plans), its first use of the day (the authorizer's read and its once-a-day
 * `lastUsedAt` write), a second use (the local stack, like API Gateway, answers from the authorizer cache),
 * the admin's list, and a revocation.
 */
export async function benchTokenRoutes(stack: LocalStack, unitId: string, counter: ReturnType<typeof countCapacity>): Promise<OperationFigures[]> {
  const figures: OperationFigures[] = [];
  const measure = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    counter.reset();
    const result = await call();
    figures.push(figuresOf(operation, counter.tally));
    return result;
  };
  const made = await measure('POST /tokens (unit)', () => api<{ token: string; tokenId: string }>(stack, 'POST', '/tokens', { role: 'unit', unitId }));
  await measure('first use of a token today', () => api(stack, 'GET', '/me/notifications?limit=1', undefined, made.token));
  await measure('next use (authorizer cached)', () => api(stack, 'GET', '/me/notifications?limit=1', undefined, made.token));
  await measure('GET /tokens', () => api(stack, 'GET', '/tokens'));
  await measure('DELETE /tokens/{tokenId}', () => api(stack, 'DELETE', `/tokens/${made.tokenId}`));
  return figures;
}
