import type { Command } from 'commander';
import type { ChainProblem } from '../../shared/domain/audit-chain.js';
import { verifyAudit, type AuditReport } from '../../shared/store/audit-repo.js';
import { getPlanSummary } from '../../shared/store/plans-repo.js';
import { readLocalTable } from '../../infra/local/local-table-file.js';
import { CliError, type GlobalOptions } from '../context.js';

/** The table `npm start` creates in its DynamoDB Local (infra/local/local-stack.ts). */
const LOCAL_TABLE_NAME = 'goal-breakdown';
/** Where the `npm start` stack of `$DATA_DIR` says its table is, when it has run. */
const localTable = readLocalTable(process.env.DATA_DIR || '.data');

interface VerifyOptions {
  plan?: string;
  table: string;
  endpoint?: string;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description("tasks' audit trail / 任务审计记录");

  audit
    .command('verify')
    .description(
      "check every task's chained history against its head, reading the table directly with your own AWS credentials; " +
        'exit code 1 when an event was altered, removed or inserted / 校验任务历史的哈希链，发现篡改、删除或插入时退出码为 1',
    )
    .option('--plan <planId>', 'only the tasks of this plan (default: every plan)')
    .option('--table <tableName>', 'the table: on AWS the TableName output of the GoalBreakdownStateful stack (default: $TABLE_NAME, else the running `npm start` stack\'s)', process.env.TABLE_NAME || localTable?.tableName || LOCAL_TABLE_NAME)
    .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS, e.g. DynamoDB Local (default: $DYNAMODB_ENDPOINT, else the running `npm start` stack\'s)', process.env.DYNAMODB_ENDPOINT || (process.env.TABLE_NAME ? undefined : localTable?.endpoint))
    .action(async (options: VerifyOptions, command: Command) => {
      const json = command.optsWithGlobals<GlobalOptions>().json ?? false;
      useTable(options);
      const report = await verify(options);
      process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${humanReport(report)}\n`);
      if (report.broken.length > 0) process.exitCode = 1;
    });
}

/** The store reads both when it is first used. DynamoDB Local takes any credentials, but wants some. */
function useTable({ table, endpoint }: VerifyOptions): void {
  process.env.TABLE_NAME = table;
  if (!endpoint) return;
  process.env.DYNAMODB_ENDPOINT = endpoint;
  process.env.AWS_REGION ||= 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ||= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ||= 'local';
}

async function verify(options: VerifyOptions): Promise<AuditReport> {
  const where = options.endpoint ? ` at ${options.endpoint}` : '';
  let report: AuditReport;
  try {
    report = await verifyAudit(options.plan === undefined ? {} : { planId: options.plan });
    // A mistyped plan id must not pass as a plan with a sound history.
    if (options.plan !== undefined && report.chains === 0 && !(await getPlanSummary(options.plan))) {
      throw new CliError(`no plan ${options.plan} in table ${options.table}${where}`, `表 ${options.table} 中没有计划 ${options.plan}`);
    }
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
  return report;
}

function humanReport({ chains, events, broken }: AuditReport): string {
  const summary = `${chains} task chain(s), ${events} event(s) checked / 已校验 ${chains} 条任务链、${events} 条事件`;
  if (broken.length === 0) return `${summary}: intact / 完好无损`;
  const lines = [`${summary}: ${broken.length} problem(s) / ${broken.length} 处异常`];
  for (const problem of broken) lines.push(...problemLines(problem));
  return lines.join('\n');
}

const problemZh: Record<ChainProblem['problem'], string> = {
  altered: '篡改',
  removed: '删除',
  inserted: '插入',
  head_mismatch: '链头不符',
};

function problemLines(problem: ChainProblem): string[] {
  const at = [problem.version === undefined ? undefined : `v${problem.version}`, problem.sk].filter(Boolean).join(' ');
  return [
    `  ${problem.problem} / ${problemZh[problem.problem]}  ${problem.taskId}${at ? `  ${at}` : ''}`,
    `    ${problem.message}`,
    `    ${problem.messageZh}`,
  ];
}
