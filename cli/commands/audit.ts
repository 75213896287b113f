import type { Command } from 'commander';
import { s3CheckpointStore } from '../../shared/audit/checkpoint-objects.js';
import { DamagedCheckpoint, newestCheckpoint, takeCheckpoint, type CheckpointStore, type CheckpointSummary } from '../../shared/audit/checkpoints.js';
import { systemClock } from '../../shared/clock/clock.js';
import type { ChainProblem } from '../../shared/domain/audit-chain.js';
import type { Checkpoint } from '../../shared/domain/audit-checkpoint.js';
import { verifyAudit, type AuditReport } from '../../shared/store/audit-repo.js';
import { getPlanSummary } from '../../shared/store/plans-repo.js';
import { fileCheckpointStore } from '../../infra/local/checkpoint-files.js';
import { readLocalTable } from '../../infra/local/local-table-file.js';
import { CliError, type GlobalOptions } from '../context.js';

/** The table `npm start` creates in its DynamoDB Local (infra/local/local-stack.ts). */
const LOCAL_TABLE_NAME = 'goal-breakdown';
const DATA_DIR = process.env.DATA_DIR || '.data';
/** Where the `npm start` stack of `$DATA_DIR` says its table is, when it has run. */
const localTable = readLocalTable(DATA_DIR);

interface StoreOptions {
  table: string;
  endpoint?: string;
  bucket?: string;
  dataDir: string;
}

interface VerifyOptions extends StoreOptions {
  plan?: string;
}

/** What `audit verify --json` prints: the store's report and the checkpoint it was compared with. */
export interface VerifyReport extends AuditReport {
  checkpoint: { at: string; root: string; location: string } | null;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description("tasks' audit trail / 任务审计记录");

  withStoreOptions(
    audit
      .command('verify')
      .description(
        "check every task's chained history against its head, where its events are stored, the task against what its events make of it, " +
          'and every chain against the newest checkpoint, reading the table (and checkpoints) directly with your own AWS credentials; ' +
          'exit code 1 when anything was altered, removed, inserted, moved or rolled back / ' +
          '校验任务历史的哈希链、事件存放位置、任务状态与事件是否一致，以及各链与最新检查点是否相符；发现篡改、删除、插入、错位或回退时退出码为 1',
      )
      .option('--plan <planId>', 'only the tasks of this plan (default: every plan)'),
  ).action(async (options: VerifyOptions, command: Command) => {
    const json = command.optsWithGlobals<GlobalOptions>().json ?? false;
    useTable(options);
    const report = await verify(options);
    process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${humanReport(report)}\n`);
    if (report.broken.length > 0) process.exitCode = 1;
  });

  withStoreOptions(
    audit
      .command('checkpoint')
      .description(
        'record the head of every task\'s chain, hashed into one root, where it cannot be rewritten (the chase does it daily) / ' +
          '记录各任务审计链的链头并汇总为一个根哈希，写入不可改写的存储（每日催办时自动执行）',
      ),
  ).action(async (options: StoreOptions, command: Command) => {
    const json = command.optsWithGlobals<GlobalOptions>().json ?? false;
    useTable(options);
    const store = checkpointStore(options);
    if (!store) {
      throw new CliError(
        'no place for the checkpoint: pass --bucket (on AWS the AuditBucketName output of the GoalBreakdownStateless stack)',
        '没有写入检查点的位置：请使用 --bucket（AWS 上为 GoalBreakdownStateless 堆栈的 AuditBucketName 输出）',
      );
    }
    const summary = await reading(options, () => takeCheckpoint(store, systemClock));
    process.stdout.write(json ? `${JSON.stringify(summary, null, 2)}\n` : `${humanCheckpoint(summary)}\n`);
  });
}

function withStoreOptions(command: Command): Command {
  return command
    .option('--table <tableName>', 'the table: on AWS the TableName output of the GoalBreakdownStateless stack (default: $TABLE_NAME, else the running `npm start` stack\'s)', process.env.TABLE_NAME || localTable?.tableName || LOCAL_TABLE_NAME)
    .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS, e.g. DynamoDB Local (default: $DYNAMODB_ENDPOINT, else the running `npm start` stack\'s)', process.env.DYNAMODB_ENDPOINT || (process.env.TABLE_NAME ? undefined : localTable?.endpoint))
    .option('--bucket <bucketName>', 'for a table on AWS, the audit bucket where its checkpoints are kept: the AuditBucketName output of the GoalBreakdownStateless stack (default: $AUDIT_BUCKET)', process.env.AUDIT_BUCKET)
    .option('--data-dir <dir>', 'with a local table (--endpoint): the data dir whose audit/checkpoints/ keep its checkpoints (default: $DATA_DIR, else .data)', DATA_DIR);
}

/** The store reads both when it is first used. DynamoDB Local takes any credentials, but wants some. */
function useTable({ table, endpoint }: StoreOptions): void {
  process.env.TABLE_NAME = table;
  if (!endpoint) return;
  process.env.DYNAMODB_ENDPOINT = endpoint;
  process.env.AWS_REGION ||= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ||= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ||= 'local';
}

/**
 * A local table's (`--endpoint`) are the data dir's files, whatever else the environment says; a table on
 * AWS has its checkpoints in the audit bucket (`--bucket`), none without it: a local data dir's checkpoints
 * are never those of a table on AWS.
 */
function checkpointStore({ bucket, endpoint, dataDir }: StoreOptions): CheckpointStore | undefined {
  if (endpoint) return fileCheckpointStore(dataDir);
  return bucket ? s3CheckpointStore(bucket) : undefined;
}

async function verify(options: VerifyOptions): Promise<VerifyReport> {
  const store = checkpointStore(options);
  // The checkpoint first: every chain read after it is at least as new as what it recorded.
  const newest = store ? await newestOf(store, options) : undefined;
  const report = await reading(options, async () => {
    const checked = await verifyAudit({ ...(options.plan === undefined ? {} : { planId: options.plan }), ...(newest ? { checkpoint: newest.checkpoint } : {}) });
    // A mistyped plan id must not pass as a plan with a sound history.
    if (options.plan !== undefined && checked.chains === 0 && checked.broken.length === 0 && !(await getPlanSummary(options.plan))) {
      const where = options.endpoint ? ` at ${options.endpoint}` : '';
      throw new CliError(`no plan ${options.plan} in table ${options.table}${where}`, `表 ${options.table} 中没有计划 ${options.plan}`);
    }
    return checked;
  });
  return { ...report, checkpoint: newest ? { at: newest.checkpoint.at, root: newest.checkpoint.root, location: newest.location } : null };
}

async function newestOf(store: CheckpointStore, options: StoreOptions): Promise<{ checkpoint: Checkpoint; location: string } | undefined> {
  try {
    return await newestCheckpoint(store);
  } catch (error) {
    if (error instanceof DamagedCheckpoint) {
      throw new CliError(
        `${error.message}; it cannot be trusted, nor verified against`,
        `检查点 ${error.location} 已损坏：不是检查点的 JSON，或其根哈希与所记录的链不符；不能据以校验`,
      );
    }
    const place = options.bucket ? `bucket ${options.bucket}` : options.dataDir;
    const { message } = error as Error;
    throw new CliError(`cannot read the checkpoints in ${place}: ${message}`, `无法读取 ${place} 中的检查点：${message}`);
  }
}

/** Runs a read of the table, its failures said in the user's terms. */
async function reading<T>(options: StoreOptions, read: () => Promise<T>): Promise<T> {
  const where = options.endpoint ? ` at ${options.endpoint}` : '';
  try {
    return await read();
  } catch (error) {
    if (error instanceof CliError) throw error;
    const { name, message } = error as Error;
    if (name === 'ResourceNotFoundException') {
      throw new CliError(
        `no table ${options.table}${where}: pass --table (and --endpoint for DynamoDB Local)`,
        `找不到表 ${options.table}：请使用 --table（本地 DynamoDB 还需 --endpoint）`,
      );
    }
    throw new CliError(
      `cannot read table ${options.table}${where}: ${message}`,
      `无法读取表 ${options.table}${options.endpoint ? `（${options.endpoint}）` : ''}：${message}`,
    );
  }
}

function humanCheckpoint({ at, chains, root, location }: CheckpointSummary): string {
  return [`checkpoint / 检查点 ${at}: ${chains} chain(s) / 条审计链`, `  root / 根哈希 ${root}`, `  ${location}`].join('\n');
}

function humanReport({ chains, events, broken, checkpoint }: VerifyReport): string {
  const summary = `${chains} task chain(s), ${events} event(s) checked / 已校验 ${chains} 条任务链、${events} 条事件`;
  const against = checkpoint
    ? `against the checkpoint of ${checkpoint.at} / 对照 ${checkpoint.at} 的检查点: ${checkpoint.location}`
    : 'no checkpoint to compare with (on AWS pass --bucket) / 没有可对照的检查点（AWS 上请使用 --bucket）';
  if (broken.length === 0) return `${summary}: intact / 完好无损\n${against}`;
  const lines = [`${summary}: ${broken.length} problem(s) / ${broken.length} 处异常`, against];
  for (const problem of broken) lines.push(...problemLines(problem));
  return lines.join('\n');
}

const problemZh: Record<ChainProblem['problem'], string> = {
  altered: '篡改',
  removed: '删除',
  inserted: '插入',
  head_mismatch: '链头不符',
  out_of_order: '存放错位',
  state_mismatch: '状态与事件不符',
  behind_checkpoint: '落后于检查点',
  differs_from_checkpoint: '与检查点不符',
};

function problemLines(problem: ChainProblem): string[] {
  const at = [problem.version === undefined ? undefined : `v${problem.version}`, problem.sk].filter(Boolean).join(' ');
  return [
    `  ${problem.problem} / ${problemZh[problem.problem]}  ${problem.taskId}${at ? `  ${at}` : ''}`,
    `    ${problem.message}`,
    `    ${problem.messageZh}`,
  ];
}
