import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { chainEvent, genesisHash, type StoredEvent } from '../../../shared/domain/audit-chain.js';
import { chainHeadOf, checkpointProblems, checkpointRoot, makeCheckpoint, parseCheckpoint, type ChainHead } from '../../../shared/domain/audit-checkpoint.js';

const taskId = 'cixi-2022.vocs-projects.hushan';
const AT = '2022-06-30T01:00:00.000Z';

/** Versions 2…`newest` of a task's chain, each revising the target. */
function chain(newest: number, id = taskId): StoredEvent[] {
  const events: StoredEvent[] = [];
  let prevHash = genesisHash(id);
  for (let version = 2; version <= newest; version++) {
    const event = chainEvent({ taskId: id, type: 'target_revised', at: `2022-06-0${version}T02:00:00.000Z`, by: 'breakdown:exec', version, from: { target: version }, to: { target: version + 1 } }, prevHash);
    events.push(event);
    prevHash = event.hash;
  }
  return events;
}

const headOf = (events: StoredEvent[]) => ({ version: events.at(-1)!.version, hash: events.at(-1)!.hash });
const current = (events: StoredEvent[]) => ({ taskVersion: events.at(-1)!.version, head: headOf(events), events });

describe('checkpointRoot', () => {
  it('is the SHA-256 of one "<taskId> <version> <hash>" line per chain in task id order, whatever the order given', () => {
    // Prepare
    const heads: ChainHead[] = [
      { taskId: 'p.g.b', version: 3, hash: 'bb' },
      { taskId: 'p.g.a', version: 1, hash: 'aa' },
    ];
    const expected = createHash('sha256').update('p.g.a 1 aa\np.g.b 3 bb\n').digest('hex');

    // Assess
    expect(checkpointRoot(heads)).toBe(expected);
    expect(checkpointRoot([...heads].reverse())).toBe(expected);
    expect(checkpointRoot([])).toBe(createHash('sha256').update('').digest('hex'));
  });
});

describe('makeCheckpoint and parseCheckpoint', () => {
  const heads = [chainHeadOf('p.g.b', 4, headOf(chain(4, 'p.g.b'))), chainHeadOf('p.g.a', 1, undefined)];

  it('record the heads sorted, counted and rooted, and read back what was made', () => {
    // Act
    const checkpoint = makeCheckpoint(AT, heads);

    // Assess
    expect(checkpoint).toEqual({ at: AT, chains: 2, root: checkpointRoot(heads), heads: [heads[1], heads[0]] });
    expect(parseCheckpoint(JSON.parse(JSON.stringify(checkpoint)))).toEqual(checkpoint);
  });

  it('refuse a checkpoint whose heads, count or root were changed, and anything that is not one', () => {
    // Prepare
    const checkpoint = makeCheckpoint(AT, heads);

    // Assess
    expect(parseCheckpoint({ ...checkpoint, heads: [{ ...checkpoint.heads[0], version: 7 }, checkpoint.heads[1]] })).toBeUndefined();
    expect(parseCheckpoint({ ...checkpoint, heads: checkpoint.heads.slice(1) })).toBeUndefined();
    expect(parseCheckpoint({ ...checkpoint, chains: 3 })).toBeUndefined();
    expect(parseCheckpoint({ ...checkpoint, root: checkpointRoot([]) })).toBeUndefined();
    expect(parseCheckpoint({ ...checkpoint, heads: [{ taskId: 'p.g.a', version: '1', hash: 'x' }] })).toBeUndefined();
    for (const value of [null, 'text', [], { at: AT }]) expect(parseCheckpoint(value)).toBeUndefined();
  });
});

describe('chainHeadOf', () => {
  it('is the audit head, or for a chain without events the genesis hash at the task’s version', () => {
    // Assess
    expect(chainHeadOf(taskId, 4, { version: 4, hash: 'h4' })).toEqual({ taskId, version: 4, hash: 'h4' });
    expect(chainHeadOf(taskId, 1, undefined)).toEqual({ taskId, version: 1, hash: genesisHash(taskId) });
  });
});

describe('checkpointProblems', () => {
  const recordedAt5 = chainHeadOf(taskId, 5, headOf(chain(5)));

  it('find nothing in a chain that is the one recorded, or has grown from it', () => {
    // Assess
    expect(checkpointProblems(recordedAt5, current(chain(5)), AT)).toEqual([]);
    expect(checkpointProblems(recordedAt5, current(chain(7)), AT)).toEqual([]);
  });

  it('find a chain behind the checkpoint: newest events removed and the head rolled back', () => {
    // Act
    const problems = checkpointProblems(recordedAt5, current(chain(3)), AT);

    // Assess
    expect(problems).toEqual([
      {
        taskId,
        version: 5,
        recorded: { version: 5, hash: recordedAt5.hash },
        problem: 'behind_checkpoint',
        message: expect.stringContaining('ends at version 3'),
        messageZh: expect.stringContaining('第 3 版'),
      },
    ]);
  });

  it('find a chain that differs at the recorded version: an earlier event changed and every later hash recomputed', () => {
    // Prepare: version 3 changed, 3…6 re-chained.
    const original = chain(6);
    const rewritten: StoredEvent[] = [original[0]!];
    for (const event of original.slice(1)) {
      const { hash: _hash, prevHash: _prev, ...content } = event;
      const changed = event.version === 3 ? { ...content, to: { target: 40 } } : content;
      rewritten.push(chainEvent(changed, rewritten.at(-1)!.hash));
    }

    // Act
    const problems = checkpointProblems(recordedAt5, current(rewritten), AT);

    // Assess
    expect(problems).toEqual([expect.objectContaining({ taskId, version: 5, problem: 'differs_from_checkpoint', recorded: { version: 5, hash: recordedAt5.hash } })]);
    expect(problems[0]!.message).toContain(rewritten[3]!.hash);
  });

  it('find a task that is gone, and nothing against a chain recorded empty', () => {
    // Assess
    expect(checkpointProblems(recordedAt5, undefined, AT)).toEqual([expect.objectContaining({ taskId, version: 5, problem: 'behind_checkpoint', message: expect.stringContaining('gone') })]);
    expect(checkpointProblems(chainHeadOf(taskId, 1, undefined), current(chain(3)), AT)).toEqual([]);
  });
});
