import { createHash } from 'node:crypto';
import type { TaskEvent } from './task-event.js';
import type { FieldDifference } from './task-projection.js';

/**
 * The audit hash chain of a task's history (pure). Every event carries `prevHash`, the hash of the event
 * before it (the first event: `genesisHash(taskId)`), and `hash` = sha256 hex of the canonical JSON of the
 * event itself, `prevHash` included, `hash` left out. The task item keeps `auditHead` = the version and
 * hash of its newest event, moved in the same transaction as the event is written; its version equals
 * the task's. So an event changed, deleted or added behind the application's back shows.
 *
 * How `verifyChain` names what it finds (events first sorted by version; `sk`, where an event was found,
 * is not part of its content):
 *
 * - `altered`: an event whose content no longer matches its own `hash` (any field changed, `prevHash` and
 *   `version` included, or `hash` itself). An event whose content matches its hash but whose hash was
 *   recomputed after a change shows as a broken link instead, and is blamed like this: when event v+1's
 *   `prevHash` is not event v's hash, and event v+1 is itself linked forward (event v+2 names its hash, or
 *   it is the newest and the head does), event v is the one altered; otherwise event v+1 is (linked
 *   neither to the event before it nor from the one after it: changed and re-hashed, or replaced).
 * - `removed`: a gap in the versions (one problem per gap, at its first missing version; the message
 *   names the range), or a first event whose `prevHash` is not the genesis hash (its predecessors are
 *   missing; reported at the first event's version − 1).
 * - `inserted`: an event that is not part of the chain and matches its own hash: a second event at a
 *   version that already has one (the event kept at a version is the one linked forward, else backward,
 *   else matching its hash, else the first by `sk`), an event beyond the head's version, or one below the
 *   event that links to the genesis. An event outside the chain that does not match its own hash is
 *   reported `altered` instead (e.g. a real event whose version was changed).
 * - `head_mismatch`: the head names a version above the newest event (the newest events were deleted),
 *   or names another hash than the event at its version, or the task has events but no head, or a head
 *   but no events, or the head's version is not the task's (a change written without its event).
 *
 * A task with neither events nor head is a valid empty chain, whatever its version: it was never changed
 * since it was created (or only by writes older than the chain). Versions need not start at 2; the chain
 * must be contiguous from its first event up to `head.version`, and `head.version` must be the task's.
 */

export interface ChainHashes {
  prevHash: string;
  hash: string;
}

/** An event as written: the task event with its place in the chain. */
export type ChainedEvent<E extends TaskEvent = TaskEvent> = E & ChainHashes;

/** An event as read back; `sk`, when given, names where it was found and is not part of its content. */
export type StoredEvent = ChainedEvent & { sk?: string };

/** The newest event of a task's chain, as the task item records it (`auditHead`). */
export interface AuditHead {
  version: number;
  hash: string;
}

/**
 * What `verifyChain` finds, then what `auditTask` (audit-task.ts) adds: an event stored in another event's
 * slot (`out_of_order`), a task whose stored state is not what its events make of it (`state_mismatch`),
 * and a chain shorter than or different from what a checkpoint recorded (`behind_checkpoint`,
 * `differs_from_checkpoint`, audit-checkpoint.ts).
 */
export const chainProblemKinds = [
  'altered',
  'removed',
  'inserted',
  'head_mismatch',
  'out_of_order',
  'state_mismatch',
  'behind_checkpoint',
  'differs_from_checkpoint',
] as const;
export type ChainProblemKind = (typeof chainProblemKinds)[number];

export interface ChainProblem {
  taskId: string;
  version?: number;
  sk?: string;
  problem: ChainProblemKind;
  message: string;
  messageZh: string;
  /** state_mismatch: each field whose stored value differs from what the events make of it (`null`: absent). */
  fields?: FieldDifference[];
  /** behind_checkpoint, differs_from_checkpoint: the head the checkpoint recorded for the chain. */
  recorded?: AuditHead;
}

/**
 * JSON with object keys sorted and no whitespace. Undefined is left out everywhere, list elements
 * included, as the document client stores a value (`removeUndefinedValues`): an event hashes the same
 * before it is written and after it is read back.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.filter(stored).map((element) => canonicalJson(element)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const entries = Object.keys(record)
    .filter((key) => stored(record[key]))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${entries.join(',')}}`;
}

/** Undefined, functions and symbols are not stored (nor part of JSON). */
const stored = (value: unknown) => value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The `prevHash` of a task's first event. */
export function genesisHash(taskId: string): string {
  return sha256(`genesis:${taskId}`);
}

/** The hash an event should carry: of its content, `prevHash` included, `hash` (and where it was found) not. */
export function eventHash(event: object): string {
  const { hash: _hash, sk: _sk, ...content } = event as Record<string, unknown>;
  return sha256(canonicalJson(content));
}

/** The event with its link to the one before it (`prevHash`: that event's hash, or `genesisHash`) and its own hash. */
export function chainEvent<E extends TaskEvent>(event: E, prevHash: string): E & ChainHashes {
  const { hash: _hash, ...content } = event as E & { hash?: string };
  const linked = { ...content, prevHash } as E & { prevHash: string };
  return { ...linked, hash: eventHash(linked) };
}

/** What `prevHash` the next event of a task takes: the head's hash, or the genesis when it has none. */
export function nextPrevHash(taskId: string, head: AuditHead | undefined): string {
  return head?.hash ?? genesisHash(taskId);
}

interface Checked {
  event: StoredEvent;
  version: number;
  /** The content matches the event's own hash. */
  intact: boolean;
}

/** Every problem of a task's chain (see the rules above); an empty list for a sound chain. */
export function verifyChain(
  taskId: string,
  events: readonly StoredEvent[],
  head: AuditHead | undefined,
  taskVersion: number,
): ChainProblem[] {
  const report = new Reporter(taskId);
  const genesis = genesisHash(taskId);

  const checked: Checked[] = [];
  for (const event of events) {
    const intact = typeof event.hash === 'string' && eventHash(event) === event.hash;
    if (Number.isSafeInteger(event.version)) checked.push({ event, version: event.version, intact });
    else report.altered(event, 'its version is not a whole number', '其版本号不是整数');
  }
  checked.sort((a, b) => a.version - b.version || compareSk(a.event.sk, b.event.sk));
  if (checked.length === 0 && head === undefined) return report.sorted();

  const atVersion = new Map<number, Checked[]>();
  for (const entry of checked) atVersion.set(entry.version, [...(atVersion.get(entry.version) ?? []), entry]);

  // One event per version: the one that fits the chain best.
  const linkedForward = (entry: Checked) =>
    (atVersion.get(entry.version + 1) ?? []).some((next) => next.event.prevHash === entry.event.hash) ||
    (head !== undefined && head.version === entry.version && head.hash === entry.event.hash);
  const linkedBackward = (entry: Checked) =>
    entry.event.prevHash === genesis || (atVersion.get(entry.version - 1) ?? []).some((before) => before.event.hash === entry.event.prevHash);
  const fit = (entry: Checked) => (linkedForward(entry) ? 4 : 0) + (linkedBackward(entry) ? 2 : 0) + (entry.intact ? 1 : 0);
  let chain: Checked[] = [];
  for (const [version, candidates] of atVersion) {
    const kept = candidates.reduce((best, candidate) => (fit(candidate) > fit(best) ? candidate : best));
    chain.push(kept);
    for (const other of candidates) {
      if (other !== kept) report.outside(other, `it is a second event at version ${version}`, `第 ${version} 版已有事件`);
    }
  }
  chain.sort((a, b) => a.version - b.version);

  // Nothing the head does not cover belongs to the chain.
  if (head !== undefined) {
    for (const entry of chain.filter((e) => e.version > head.version)) {
      report.outside(entry, `it lies beyond the task's audit head (version ${head.version})`, `超出任务的审计链头（第 ${head.version} 版）`);
    }
    chain = chain.filter((e) => e.version <= head.version);
  }

  const linksToNext = (index: number) => {
    const entry = chain[index]!;
    const next = chain[index + 1];
    if (next) return next.version === entry.version + 1 && next.event.prevHash === entry.event.hash;
    return head !== undefined && head.version === entry.version && head.hash === entry.event.hash;
  };

  // The chain starts at the event linked to the genesis (preferably one linked forward too).
  const fromGenesis = chain.map((_, index) => index).filter((index) => chain[index]!.event.prevHash === genesis);
  const start = fromGenesis.find(linksToNext) ?? fromGenesis[0];
  if (start !== undefined) {
    const first = chain[start]!;
    for (const entry of chain.slice(0, start)) {
      report.outside(
        entry,
        `it lies before the start of the chain (version ${first.version} links to the genesis)`,
        `位于链的起点之前（第 ${first.version} 版事件连接起始哈希）`,
      );
    }
    chain = chain.slice(start);
  } else if (chain[0]?.intact) {
    const first = chain[0];
    report.add({
      version: first.version - 1,
      problem: 'removed',
      message: `the event(s) before version ${first.version} of task ${taskId} are missing (removed): the prevHash of version ${first.version} does not lead back to the task's genesis`,
      messageZh: `任务 ${taskId} 第 ${first.version} 版之前的事件缺失（被删除）：第 ${first.version} 版的 prevHash 无法追溯到任务的起始哈希`,
    });
  }

  for (const [index, entry] of chain.entries()) {
    if (!entry.intact) report.altered(entry.event, 'its content no longer matches its hash', '内容与其哈希不符');
    const before = chain[index - 1];
    if (!before) continue;
    if (entry.version > before.version + 1) {
      const from = before.version + 1;
      const to = entry.version - 1;
      const range = from === to ? `version ${from} is` : `versions ${from}–${to} are`;
      const rangeZh = from === to ? `第 ${from} 版` : `第 ${from}–${to} 版`;
      report.add({
        version: from,
        problem: 'removed',
        message: `event ${range} missing from task ${taskId} (removed): the chain jumps from version ${before.version} to ${entry.version}`,
        messageZh: `任务 ${taskId} 的${rangeZh}事件缺失（被删除）：链从第 ${before.version} 版跳到第 ${entry.version} 版`,
      });
    } else if (entry.event.prevHash !== before.event.hash && entry.intact) {
      if (linksToNext(index)) {
        report.altered(
          before.event,
          `its hash is not the one the next event (version ${entry.version}) recorded`,
          `其哈希与下一事件（第 ${entry.version} 版）记录的不符`,
        );
      } else {
        report.altered(
          entry.event,
          `it links neither to the event before it (version ${before.version}) nor from the one after it: changed and re-hashed, or replaced`,
          `既不连接前一事件（第 ${before.version} 版），也不被后一事件连接：被修改后重算哈希，或被替换`,
        );
      }
    }
  }

  const newest = chain.at(-1);
  if (head === undefined) {
    report.add({
      problem: 'head_mismatch',
      message: `task ${taskId} has ${checked.length} event(s) but no audit head`,
      messageZh: `任务 ${taskId} 有 ${checked.length} 条事件，但没有审计链头`,
    });
    return report.sorted();
  }
  if (!newest) {
    report.add({
      version: head.version,
      problem: 'head_mismatch',
      message: `the audit head of task ${taskId} names version ${head.version}, but the task has no events in its chain (removed)`,
      messageZh: `任务 ${taskId} 的审计链头为第 ${head.version} 版，但链中没有任何事件（被删除）`,
    });
  } else if (newest.version < head.version) {
    report.add({
      version: head.version,
      problem: 'head_mismatch',
      message: `the newest event(s) of task ${taskId} are missing (removed): its audit head names version ${head.version}, the newest event is version ${newest.version}`,
      messageZh: `任务 ${taskId} 的最新事件缺失（被删除）：审计链头为第 ${head.version} 版，最新事件为第 ${newest.version} 版`,
    });
  } else if (newest.event.hash !== head.hash && newest.intact) {
    report.add({
      version: newest.version,
      ...(newest.event.sk === undefined ? {} : { sk: newest.event.sk }),
      problem: 'head_mismatch',
      message: `the audit head of task ${taskId} names another hash than its newest event (version ${newest.version}${where(newest.event)}): the event was re-hashed or replaced, or the head changed`,
      messageZh: `任务 ${taskId} 的审计链头与其最新事件（第 ${newest.version} 版${whereZh(newest.event)}）的哈希不符：事件被重算哈希或替换，或链头被改动`,
    });
  }
  if (head.version !== taskVersion) {
    report.add({
      version: taskVersion,
      problem: 'head_mismatch',
      message: `task ${taskId} is at version ${taskVersion} but its audit head at version ${head.version}: a change without its event, or the head or version was changed`,
      messageZh: `任务 ${taskId} 当前为第 ${taskVersion} 版，但审计链头为第 ${head.version} 版：有修改未记录事件，或链头、版本号被改动`,
    });
  }
  return report.sorted();
}

/** Collects problems, at most one per event. */
class Reporter {
  private readonly problems: ChainProblem[] = [];
  private readonly named = new Set<StoredEvent>();

  constructor(private readonly taskId: string) {}

  /** By version (problems without one last), then where the event was found; otherwise in the order found. */
  sorted(): ChainProblem[] {
    const versionOf = (problem: ChainProblem) => problem.version ?? Number.POSITIVE_INFINITY;
    return [...this.problems].sort((a, b) => versionOf(a) - versionOf(b) || compareSk(a.sk, b.sk));
  }

  add(problem: Omit<ChainProblem, 'taskId'>): void {
    this.problems.push({ taskId: this.taskId, ...problem });
  }

  altered(event: StoredEvent, why: string, whyZh: string): void {
    if (this.named.has(event)) return;
    this.named.add(event);
    this.add({
      ...located(event),
      problem: 'altered',
      message: `event ${label(event)} of task ${this.taskId} was altered: ${why}`,
      messageZh: `任务 ${this.taskId} 的${labelZh(event)}事件被篡改：${whyZh}`,
    });
  }

  /** An event left out of the chain: inserted, or altered when it does not even match its own hash. */
  outside(entry: Checked, why: string, whyZh: string): void {
    if (!entry.intact) return this.altered(entry.event, `its content no longer matches its hash, and ${why}`, `内容与其哈希不符，且${whyZh}`);
    if (this.named.has(entry.event)) return;
    this.named.add(entry.event);
    this.add({
      ...located(entry.event),
      problem: 'inserted',
      message: `event ${label(entry.event)} of task ${this.taskId} was inserted: ${why}, and it is not part of the chain`,
      messageZh: `任务 ${this.taskId} 的${labelZh(entry.event)}事件是插入的：${whyZh}，且不在链中`,
    });
  }
}

function located(event: StoredEvent): Pick<ChainProblem, 'version' | 'sk'> {
  return {
    ...(Number.isSafeInteger(event.version) ? { version: event.version } : {}),
    ...(event.sk === undefined ? {} : { sk: event.sk }),
  };
}

/** The version as stored, whatever a tampered item made of it. */
const versionText = (event: StoredEvent) => (Number.isSafeInteger(event.version) ? String(event.version) : canonicalJson(event.version));

function label(event: StoredEvent): string {
  return `version ${versionText(event)}${where(event)}`;
}

function labelZh(event: StoredEvent): string {
  return `第 ${versionText(event)} 版${whereZh(event)}`;
}

const where = (event: StoredEvent) => (event.sk === undefined ? '' : ` (${event.sk})`);
const whereZh = (event: StoredEvent) => (event.sk === undefined ? '' : `（${event.sk}）`);

function compareSk(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -1 : 1;
}
