import { vi } from 'vitest';
import { dynamo } from '../../../shared/store/client.js';

const writeCommands = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand', 'TransactWriteCommand']);

type Written = { Item?: { pk: string }; Key?: { pk: string } };
type WriteInput = Written & {
  RequestItems?: Record<string, { PutRequest?: Written; DeleteRequest?: Written }[]>;
  TransactItems?: { Put?: Written; Update?: Written; Delete?: Written }[];
};

/** Records the commands sent through the store's client from now on, to assert what a call wrote. */
export function recordCommands() {
  const spy = vi.spyOn(dynamo(), 'send');
  const commands = () => spy.mock.calls.map(([command]) => command as unknown as { constructor: { name: string }; input: WriteInput });
  const names = () => commands().map((command) => command.constructor.name);
  return {
    names,
    writes: () => names().filter((name) => writeCommands.has(name)),
    /** The partition keys of every item written, whatever the command. */
    writtenPartitions: () =>
      commands()
        .filter((command) => writeCommands.has(command.constructor.name))
        .flatMap(({ input }) => [
          input,
          ...Object.values(input.RequestItems ?? {}).flat().flatMap((request) => [request.PutRequest, request.DeleteRequest]),
          ...(input.TransactItems ?? []).flatMap((item) => [item.Put, item.Update, item.Delete]),
        ])
        .flatMap((written) => [written?.Item?.pk, written?.Key?.pk])
        .filter((pk): pk is string => pk !== undefined),
    stop: () => spy.mockRestore(),
  };
}
