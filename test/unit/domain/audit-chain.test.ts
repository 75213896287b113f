import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  chainEvent,
  eventHash,
  genesisHash,
  verifyChain,
  type AuditHead,
  type StoredEvent,
} from '../../../shared/domain/audit-chain.js';
import { taskEventTypes, type TaskEvent } from '../../../shared/domain/task-event.js';

const taskId = 'cixi-2026.vocs-cleanup.hushan';

/** A task's history as the application writes it: each event chained onto the one before, from `firstVersion`. */
function history(changes: Pick<TaskEvent, 'type' | 'from' | 'to'>[], firstVersion = 2, id = taskId): { events: StoredEvent[]; head: AuditHead | undefined } {
  const events: StoredEvent[] = [];
  let prevHash = genesisHash(id);
  for (const [index, change] of changes.entries()) {
    const version = firstVersion + index;
    const at = `2026-02-0${index + 1}T02:00:00.000Z`;
    const event = chainEvent({ ...change, taskId: id, at, by: 'breakdown:exec', version }, prevHash);
    events.push({ ...event, sk: `EVENT#${at}#${String(version).padStart(6, '0')}` });
    prevHash = event.hash;
  }
  const newest = events.at(-1);
  return { events, head: newest ? { version: newest.version, hash: newest.hash } : undefined };
}

const four = () =>
  history([
    { type: 'target_revised', from: { target: 3 }, to: { target: 4 } },
    { type: 'task_withdrawn', from: { status: 'assigned' }, to: { status: 'withdrawn' } },
    { type: 'task_reinstated', from: { status: 'withdrawn' }, to: { status: 'assigned' } },
    { type: 'target_revised', from: { target: 4 }, to: { target: 5 } },
  ]);

const brief = (problems: ReturnType<typeof verifyChain>) => problems.map(({ problem, version, sk }) => ({ problem, version, sk }));

describe('canonicalJson', () => {
  it('sorts keys at every depth, leaves out undefined, in lists too, like the store does, and adds no whitespace', () => {
    // Act
    const text = canonicalJson({ b: 1, a: { d: [3, undefined, { z: 1, y: undefined }], c: null }, u: undefined });

    // Assess
    expect(text).toBe('{"a":{"c":null,"d":[3,{"z":1}]},"b":1}');
  });

  it('gives an event the same hash after a round trip through the store as before it', () => {
    const content = fc.object({
      key: fc.stringMatching(/^[a-z]{1,6}$/),
      values: [fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined)],
      maxDepth: 3,
    });
    fc.assert(
      fc.property(content, content, (from, to) => {
        // Prepare
        const event = chainEvent({ taskId, type: 'task_revised', at: '2026-02-01T02:00:00.000Z', by: 'x', version: 2, from, to }, genesisHash(taskId));

        // Act: as the document client writes and reads it (shared/store/client.ts)
        const read = unmarshall(marshall(event, { removeUndefinedValues: true, convertEmptyValues: false }));

        // Assess
        expect(eventHash(read)).toBe(event.hash);
      }),
    );
  });

  it('is the same whatever order the attributes come in', () => {
    // Assess
    expect(canonicalJson({ to: { target: 4 }, from: { target: 3 }, version: 3 })).toBe(
      canonicalJson({ version: 3, from: { target: 3 }, to: { target: 4 } }),
    );
  });
});

describe('chainEvent', () => {
  it('links the first event to the genesis and hashes its content with prevHash, without hash', () => {
    // Act
    const event = chainEvent({ taskId, type: 'task_withdrawn', at: '2026-02-01T02:00:00.000Z', by: 'x', version: 2, from: {}, to: {} }, genesisHash(taskId));

    // Assess
    expect(genesisHash(taskId)).toBe(createHash('sha256').update(`genesis:${taskId}`).digest('hex'));
    expect(event.prevHash).toBe(genesisHash(taskId));
    const { hash, ...content } = event;
    expect(hash).toBe(createHash('sha256').update(canonicalJson(content)).digest('hex'));
    expect(eventHash(event)).toBe(hash);
  });
});

describe('verifyChain', () => {
  it('finds nothing wrong in a chain as written, given in any order', () => {
    // Prepare
    const { events, head } = four();

    // Act
    const problems = verifyChain(taskId, [events[2]!, events[0]!, events[3]!, events[1]!], head, 5);

    // Assess
    expect(problems).toEqual([]);
  });

  it('accepts a task never changed since it was created: no events and no head', () => {
    // Assess
    expect(verifyChain(taskId, [], undefined, 1)).toEqual([]);
  });

  it('accepts a chain that does not start at version 2', () => {
    // Prepare
    const { events, head } = history([{ type: 'task_withdrawn', from: {}, to: {} }, { type: 'task_reinstated', from: {}, to: {} }], 7);

    // Assess
    expect(verifyChain(taskId, events, head, 8)).toEqual([]);
  });

  it('names an event whose content was changed as altered', () => {
    // Prepare
    const { events, head } = four();
    events[1] = { ...events[1]!, to: { status: 'closed' } };

    // Act
    const problems = verifyChain(taskId, events, head, 5);

    // Assess
    expect(brief(problems)).toEqual([{ problem: 'altered', version: 3, sk: events[1]!.sk }]);
    expect(problems[0]!.message).toContain('altered');
    expect(problems[0]!.messageZh).toContain('篡改');
  });

  it('names the event whose hash was recomputed after a change: the next event no longer links to it', () => {
    // Prepare
    const { events, head } = four();
    const changed = { ...events[1]!, to: { status: 'closed' } };
    events[1] = { ...changed, hash: eventHash(changed) };

    // Act
    const problems = verifyChain(taskId, events, head, 5);

    // Assess
    expect(brief(problems)).toEqual([{ problem: 'altered', version: 3, sk: events[1]!.sk }]);
  });

  it('names a removed middle event by its version', () => {
    // Prepare
    const { events, head } = four();
    events.splice(1, 1);

    // Act
    const problems = verifyChain(taskId, events, head, 5);

    // Assess
    expect(brief(problems)).toEqual([{ problem: 'removed', version: 3, sk: undefined }]);
    expect(problems[0]!.message).toContain('from version 2 to 4');
  });

  it('names the removed first event: the new first one does not lead back to the genesis', () => {
    // Prepare
    const { events, head } = four();
    events.shift();

    // Act
    const problems = verifyChain(taskId, events, head, 5);

    // Assess
    expect(brief(problems)).toEqual([{ problem: 'removed', version: 2, sk: undefined }]);
  });

  it('names a removed newest event as a head mismatch at the head version', () => {
    // Prepare
    const { events, head } = four();
    events.pop();

    // Act
    const problems = verifyChain(taskId, events, head, 5);

    // Assess
    expect(brief(problems)).toEqual([{ problem: 'head_mismatch', version: 5, sk: undefined }]);
  });

  it('names a head whose version is not the task version: a change without its event', () => {
    // Prepare
    const { events, head } = four();

    // Act
    const problems = verifyChain(taskId, events, head, 6);

    // Assess
    expect(brief(problems)).toEqual([{ problem: 'head_mismatch', version: 6, sk: undefined }]);
  });

  it('names events without a head, and a head without events', () => {
    // Prepare
    const { events, head } = four();

    // Assess
    expect(brief(verifyChain(taskId, events, undefined, 5))).toEqual([{ problem: 'head_mismatch', version: undefined, sk: undefined }]);
    expect(brief(verifyChain(taskId, [], head, 5))).toEqual([{ problem: 'head_mismatch', version: 5, sk: undefined }]);
  });

  it('names a forged second event at an existing version as inserted, even with a valid hash and link', () => {
    // Prepare
    const { events, head } = four();
    const forged = chainEvent({ ...events[2]!, to: { status: 'closed' }, at: '2026-02-03T09:00:00.000Z' }, events[1]!.hash);
    const all = [...events, { ...forged, sk: 'EVENT#2026-02-03T09:00:00.000Z#000004' }];

    // Act
    const problems = verifyChain(taskId, all, head, 5);

    // Assess
    expect(brief(problems)).toEqual([{ problem: 'inserted', version: 4, sk: 'EVENT#2026-02-03T09:00:00.000Z#000004' }]);
  });

  it('names a forged event beyond the head as inserted', () => {
    // Prepare
    const { events, head } = four();
    const forged = chainEvent({ ...events[3]!, version: 6, at: '2026-02-09T02:00:00.000Z' }, events[3]!.hash);
    const all = [...events, { ...forged, sk: 'EVENT#2026-02-09T02:00:00.000Z#000006' }];

    // Act
    const problems = verifyChain(taskId, all, head, 5);

    // Assess
    expect(brief(problems)).toEqual([{ problem: 'inserted', version: 6, sk: 'EVENT#2026-02-09T02:00:00.000Z#000006' }]);
  });

  it('names an event replaced by a self-consistent forgery as altered', () => {
    // Prepare
    const { events, head } = four();
    const forged = chainEvent({ ...events[1]!, to: { status: 'closed' } }, 'f'.repeat(64));
    events[1] = { ...forged, sk: events[1]!.sk };

    // Act
    const problems = verifyChain(taskId, events, head, 5);

    // Assess
    expect(brief(problems)).toEqual([{ problem: 'altered', version: 3, sk: events[1]!.sk }]);
  });

  it('names an event moved from another task as inserted', () => {
    // Prepare
    const { events, head } = four();
    const other = history([{ type: 'task_withdrawn', from: {}, to: {} }], 2, 'cixi-2026.vocs-cleanup.zhouxiang');
    const all = [...events, { ...other.events[0]!, sk: 'EVENT#2026-02-01T05:00:00.000Z#000002' }];

    // Act
    const problems = verifyChain(taskId, all, head, 5);

    // Assess
    expect(brief(problems)).toEqual([{ problem: 'inserted', version: 2, sk: 'EVENT#2026-02-01T05:00:00.000Z#000002' }]);
  });
});

const json = fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.boolean());
const changes = fc.array(
  fc.record({
    type: fc.constantFrom(...taskEventTypes),
    from: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), json),
    to: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), json),
  }),
  { minLength: 1, maxLength: 8 },
);
/** A history, its first version, and the order the store hands its events back in. */
const histories = fc.tuple(changes, fc.integer({ min: 1, max: 50 }), fc.array(fc.double({ noNaN: true }), { minLength: 8, maxLength: 8 }));
const shuffled = (events: StoredEvent[], order: number[]) =>
  events.map((event, index) => ({ event, key: order[index]! })).sort((a, b) => a.key - b.key).map(({ event }) => event);

const fields = ['taskId', 'type', 'at', 'by', 'version', 'from', 'to', 'reason', 'prevHash', 'hash'] as const;
const values = fc.oneof(fc.string(), fc.integer({ min: -3, max: 60 }), fc.constant(null), fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), fc.nat()));
/** One field of one event (by index, modulo the history's length) set to another value. */
const tampering = fc.record({ index: fc.nat(), field: fc.constantFrom(...fields), value: values });

function tamper(events: StoredEvent[], { index, field, value }: { index: number; field: (typeof fields)[number]; value: unknown }) {
  const at = index % events.length;
  const original = events[at]!;
  const changed = { ...original, [field]: value } as StoredEvent;
  const copy = [...events];
  copy[at] = changed;
  return { events: copy, original, changed };
}

describe('verifyChain, for any history', () => {
  it('finds nothing wrong in any chain built with chainEvent, given in any order', () => {
    fc.assert(
      fc.property(histories, ([list, firstVersion, order]) => {
        // Prepare
        const { events, head } = history(list, firstVersion);

        // Act
        const problems = verifyChain(taskId, shuffled(events, order), head, head!.version);

        // Assess
        expect(problems).toEqual([]);
      }),
    );
  });

  it('names the event as altered when any one field of any one event changes', () => {
    fc.assert(
      fc.property(histories, tampering, ([list, firstVersion, order], change) => {
        // Prepare
        const { events: written, head } = history(list, firstVersion);
        const { events, original, changed } = tamper(written, change);
        fc.pre(canonicalJson(changed) !== canonicalJson(original));

        // Act
        const problems = verifyChain(taskId, shuffled(events, order), head, head!.version);

        // Assess
        expect(problems).toContainEqual(expect.objectContaining({ problem: 'altered', sk: original.sk }));
      }),
    );
  });

  it('finds a change even when the changed event is hashed again', () => {
    fc.assert(
      fc.property(histories, tampering, ([list, firstVersion, order], change) => {
        // Prepare
        const { events: written, head } = history(list, firstVersion);
        const { events, original, changed } = tamper(written, { ...change, field: change.field === 'hash' ? 'to' : change.field });
        fc.pre(canonicalJson(changed) !== canonicalJson(original));
        const rehashed = events.map((event) => (event === changed ? { ...changed, hash: eventHash(changed) } : event));

        // Act
        const problems = verifyChain(taskId, shuffled(rehashed, order), head, head!.version);

        // Assess
        expect(problems).not.toEqual([]);
      }),
    );
  });
});
