import { vi } from 'vitest';
import { dynamo } from '../../../shared/store/client.js';

const writeCommands = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand', 'TransactWriteCommand']);

/** Records the commands sent through the store's client from now on, to assert what a call wrote. */
export function recordCommands() {
  const spy = vi.spyOn(dynamo(), 'send');
  const names = () => spy.mock.calls.map(([command]) => command.constructor.name);
  return {
    names,
    writes: () => names().filter((name) => writeCommands.has(name)),
    stop: () => spy.mockRestore(),
  };
}
