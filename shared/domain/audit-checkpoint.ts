import { createHash } from 'node:crypto';
import { nextPrevHash, type AuditHead, type ChainProblem, type StoredEvent } from './audit-chain.js';

/**
 * Checkpoints of the audit trail (pure): the heads of every task's chain at one moment, kept outside the
 * table where nobody can rewrite them (docs/decisions/0012-audit-checkpoints.md). A chain only proves that
 * its events agree with each other: someone who can write the table can also drop its newest events and
 * roll the head back, or change an event and recompute every hash after it. Against a checkpoint both
 * show: the chain is shorter than recorded, or its event at the recorded version has another hash (and
 * since every event names the hash of the one before, that hash pins every event up to it).
 *
 * The root is the SHA-256 (hex) of the heads as text, one line `<taskId> <version> <hash>\n` per chain, in
 * byte order of the task id: anyone can recompute it with standard tools, e.g.
 * `jq -r '.heads[] | "\(.taskId) \(.version) \(.hash)"' CHECKPOINT | LC_ALL=C sort | sha256sum`. A Merkle tree
 * would prove one chain without the others; a verifier here always reads the whole checkpoint, so a flat
 * hash is enough.
 */

/** One chain as a checkpoint records it; a chain without events has its genesis hash at the task's version. */
export interface ChainHead {
  taskId: string;
  version: number;
  hash: string;
}

export interface Checkpoint {
  /** When the heads were read (ISO 8601): every head is at least as new as this. */
  at: string;
  /** How many chains it records. */
  chains: number;
  root: string;
  /** By task id, as the root hashes them. */
  heads: ChainHead[];
}

/** The head of a task's chain as its item records it: its audit head, or the genesis when it has no events. */
export function chainHeadOf(taskId: string, taskVersion: number, head: AuditHead | undefined): ChainHead {
  return { taskId, version: head?.version ?? taskVersion, hash: nextPrevHash(taskId, head) };
}

const byTaskId = (a: ChainHead, b: ChainHead) => (a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0);

export function checkpointRoot(heads: readonly ChainHead[]): string {
  const text = [...heads].sort(byTaskId).map((head) => `${head.taskId} ${head.version} ${head.hash}\n`).join('');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function makeCheckpoint(at: string, heads: readonly ChainHead[]): Checkpoint {
  const sorted = [...heads].sort(byTaskId);
  return { at, chains: sorted.length, root: checkpointRoot(sorted), heads: sorted };
}

/**
 * The checkpoint as read back, when it is one and its root and count are those of its heads; undefined for
 * anything else (a damaged or foreign file must not be taken for the truth).
 */
export function parseCheckpoint(value: unknown): Checkpoint | undefined {
  const candidate = value as Partial<Checkpoint> | null;
  if (candidate === null || typeof candidate !== 'object' || typeof candidate.at !== 'string' || !Array.isArray(candidate.heads)) return undefined;
  const heads = candidate.heads as Partial<ChainHead>[];
  const wellFormed = heads.every(
    (head) => typeof head?.taskId === 'string' && Number.isSafeInteger(head.version) && typeof head.hash === 'string',
  );
  if (!wellFormed || candidate.chains !== heads.length || candidate.root !== checkpointRoot(heads as ChainHead[])) return undefined;
  return { at: candidate.at, chains: heads.length, root: candidate.root, heads: heads as ChainHead[] };
}

/**
 * How the task's chain stands against the head a checkpoint recorded for it: behind (its head is at an
 * older version: newest events removed and the head rolled back) or different (the event at the recorded
 * version has another hash: an event changed and the hashes after it recomputed, or the chain replaced).
 * `head` is the chain's head as the task item records it now; undefined for a task that is gone.
 */
export function checkpointProblems(
  recorded: ChainHead,
  current: { taskVersion: number; head: AuditHead | undefined; events: readonly StoredEvent[] } | undefined,
  checkpointAt: string,
): ChainProblem[] {
  const { taskId, version } = recorded;
  const base = { taskId, version, recorded: { version, hash: recorded.hash } };
  if (!current) {
    return [
      {
        ...base,
        problem: 'behind_checkpoint',
        message: `task ${taskId} is gone: the checkpoint of ${checkpointAt} recorded its chain at version ${version}`,
        messageZh: `任务 ${taskId} 已不存在：${checkpointAt} 的检查点记录其审计链为第 ${version} 版`,
      },
    ];
  }
  const now = chainHeadOf(taskId, current.taskVersion, current.head);
  if (now.version < version) {
    return [
      {
        ...base,
        problem: 'behind_checkpoint',
        message: `the chain of task ${taskId} ends at version ${now.version}, behind the checkpoint of ${checkpointAt} (version ${version}): its newest events were removed and its head rolled back`,
        messageZh: `任务 ${taskId} 的审计链止于第 ${now.version} 版，落后于 ${checkpointAt} 的检查点（第 ${version} 版）：最新事件被删除且链头被回退`,
      },
    ];
  }
  // A chain without events then: whatever it has now must start at the genesis, which verifyChain checks.
  if (recorded.hash === nextPrevHash(taskId, undefined)) return [];
  const atVersion = current.events.filter((event) => event.version === version);
  if (atVersion.some((event) => event.hash === recorded.hash)) return [];
  const found = atVersion.length === 0 ? 'no event' : `an event with hash ${atVersion.map((event) => event.hash).join(', ')}`;
  const foundZh = atVersion.length === 0 ? '没有事件' : `事件的哈希为 ${atVersion.map((event) => event.hash).join('、')}`;
  return [
    {
      ...base,
      problem: 'differs_from_checkpoint',
      message: `the chain of task ${taskId} differs from the checkpoint of ${checkpointAt}: at version ${version} it has ${found}, the checkpoint recorded ${recorded.hash} (an event up to that version was changed and the hashes after it recomputed, or replaced)`,
      messageZh: `任务 ${taskId} 的审计链与 ${checkpointAt} 的检查点不符：第 ${version} 版${foundZh}，检查点记录为 ${recorded.hash}（该版本及之前的事件被修改并重算了其后的哈希，或被替换）`,
    },
  ];
}
