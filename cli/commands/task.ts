import { Command, Option } from 'commander';
import { resolveContext, CliError, type CliContext, type GlobalOptions } from '../context.js';
import { uploadEvidence } from '../evidence.js';
import { callApi } from '../http.js';
import { print } from '../output.js';

interface TaskView {
  id: string;
  kind: 'quantity' | 'indicator' | 'action';
  status: string;
  version: number;
  deadline: string;
  light: string | null;
  progress: { asOf: string; done?: number; value?: number; complete?: boolean } | null;
}

const path = (taskId: string, action = '') => `/tasks/${encodeURIComponent(taskId)}${action}`;

/** Today in the bureau's calendar (the samples' plans are in Asia/Shanghai). */
function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function summary(task: TaskView): string {
  const progress = task.progress
    ? ` · ${task.progress.done ?? task.progress.value ?? (task.progress.complete ? 'done / 已完成' : 'not done / 未完成')} @ ${task.progress.asOf}`
    : '';
  return `${task.id}\t${task.status}\tv${task.version}\t${task.light ?? '-'}\tdue ${task.deadline}${progress}`;
}

/** Reads the task for its version, then sends the change at that version: a concurrent change makes it a 409, never a silent overwrite. */
async function change(context: CliContext, taskId: string, action: string, body: Record<string, unknown>): Promise<TaskView> {
  const current = await callApi<TaskView>(context, 'GET', path(taskId));
  return callApi<TaskView>(context, 'POST', path(taskId, action), { ...body, version: current.version });
}

function withContext<A extends unknown[]>(run: (context: CliContext, ...args: A) => Promise<void>) {
  return async (...args: [...A, Command]) => {
    const command = args.at(-1) as Command;
    await run(resolveContext(command.optsWithGlobals<GlobalOptions>()), ...(args.slice(0, -1) as A));
  };
}

export function registerTaskChangeCommands(program: Command): void {
  const task = program.command('task').description('report on and review one task / 单个任务：报告进展、销号、验收');

  task
    .command('update <taskId>')
    .description('report progress (cumulative) / 报告进展（累计）')
    .addOption(new Option('--done <n>', 'quantity goals: amount done so far / 累计完成量').argParser(Number).conflicts(['value', 'complete']))
    .addOption(new Option('--value <v>', 'indicator goals: measured value / 监测值').argParser(Number).conflicts(['complete']))
    .option('--period <period>', 'indicator goals: YYYY, YYYY-Qn or YYYY-MM (default: the year of --as-of) / 监测期')
    .option('--complete', 'action goals: done / 已完成')
    .option('--as-of <date>', 'date of the figures, YYYY-MM-DD (default today) / 数据日期')
    .option('--note <text>', 'note / 说明')
    .option('--evidence <file...>', 'files to upload as evidence / 证明材料文件')
    .action(
      withContext(async (context, taskId: string, options: { done?: number; value?: number; period?: string; complete?: boolean; asOf?: string; note?: string; evidence?: string[] }) => {
        if (options.done === undefined && options.value === undefined && !options.complete) {
          throw new CliError('give --done, --value or --complete', '请提供 --done、--value 或 --complete 之一');
        }
        const asOf = options.asOf ?? today();
        const evidence = [];
        for (const file of options.evidence ?? []) evidence.push(await uploadEvidence(context, taskId, file));
        const body = {
          asOf,
          ...(options.done === undefined ? {} : { done: options.done }),
          ...(options.value === undefined ? {} : { value: options.value, period: options.period ?? asOf.slice(0, 4) }),
          ...(options.complete ? { complete: true } : {}),
          ...(options.note ? { note: options.note } : {}),
          ...(evidence.length > 0 ? { evidence } : {}),
        };
        const changed = await change(context, taskId, '/updates', body);
        print(context, changed, () => summary(changed));
      }),
    );

  task
    .command('closeout <taskId>')
    .description('apply for close-out / 申请销号')
    .option('--note <text>')
    .action(
      withContext(async (context, taskId: string, options: { note?: string }) => {
        const changed = await change(context, taskId, '/closeout', options.note ? { note: options.note } : {});
        print(context, changed, () => summary(changed));
      }),
    );

  task
    .command('review <taskId>')
    .description('accept or send back a close-out / 验收或退回')
    .addOption(new Option('--accept', 'accept / 验收通过').conflicts('reject'))
    .option('--reject', 'send back / 退回')
    .option('--reason <text>', 'why (required with --reject) / 理由')
    .action(
      withContext(async (context, taskId: string, options: { accept?: boolean; reject?: boolean; reason?: string }) => {
        if (!options.accept && !options.reject) throw new CliError('give --accept or --reject', '请指定 --accept 或 --reject');
        const decision = options.accept ? 'accept' : 'reject';
        const changed = await change(context, taskId, '/review', { decision, ...(options.reason ? { reason: options.reason } : {}) });
        print(context, changed, () => summary(changed));
      }),
    );

  task
    .command('close <taskId>')
    .description('close an accepted task / 销号')
    .option('--note <text>')
    .action(
      withContext(async (context, taskId: string, options: { note?: string }) => {
        const changed = await change(context, taskId, '/close', options.note ? { note: options.note } : {});
        print(context, changed, () => summary(changed));
      }),
    );

  task
    .command('reopen <taskId>')
    .description('re-open a closed task after a re-check / 回头看：重新打开')
    .requiredOption('--reason <text>', 'why / 理由')
    .action(
      withContext(async (context, taskId: string, options: { reason: string }) => {
        const changed = await change(context, taskId, '/reopen', { reason: options.reason });
        print(context, changed, () => summary(changed));
      }),
    );

  task
    .command('extend <taskId>')
    .description('ask for a later deadline / 延期申请')
    .requiredOption('--to <date>', 'the new deadline, YYYY-MM-DD / 申请延至')
    .requiredOption('--reason <text>', 'why / 理由')
    .action(
      withContext(async (context, taskId: string, options: { to: string; reason: string }) => {
        const extension = await change(context, taskId, '/extensions', { to: options.to, reason: options.reason });
        const { extensionId, status, to } = extension as unknown as { extensionId: string; status: string; to: string };
        print(context, extension, () => `${extensionId}\t${status}\t→ ${to}`);
      }),
    );
}

export function registerExtensionCommands(program: Command): void {
  const extension = program.command('extension').description('extension requests / 延期申请');

  extension
    .command('decide <extensionId>')
    .description('approve or refuse an extension request / 审批延期申请')
    .addOption(new Option('--approve', 'approve / 批准').conflicts('refuse'))
    .option('--refuse', 'refuse / 不予批准')
    .option('--note <text>', 'note to the unit / 审批意见')
    .action(
      withContext(async (context, extensionId: string, options: { approve?: boolean; refuse?: boolean; note?: string }) => {
        if (!options.approve && !options.refuse) throw new CliError('give --approve or --refuse', '请指定 --approve 或 --refuse');
        const decided = await callApi<{ extensionId: string; status: string; to: string; task: TaskView }>(
          context,
          'POST',
          `/extensions/${encodeURIComponent(extensionId)}/decision`,
          { approve: Boolean(options.approve), ...(options.note ? { note: options.note } : {}) },
        );
        print(context, decided, () => `${decided.extensionId}\t${decided.status}\tdeadline ${decided.task.deadline}`);
      }),
    );

  extension
    .command('list')
    .description('pending extension requests / 待审批的延期申请')
    .action(
      withContext(async (context) => {
        const page = await callApi<{ items: { extensionId: string; from: string; to: string; reason: string }[] }>(context, 'GET', '/extensions?limit=200');
        print(context, page.items, () => page.items.map((e) => `${e.extensionId}\t${e.from} → ${e.to}\t${e.reason}`).join('\n') || 'none / 无');
      }),
    );
}
