/**
 * `npm start`: the whole system on this machine, from the template CDK synthesizes.
 * PORT (default 3000) and DATA_DIR (default .data) let two stacks run side by side; SAMPLE (sample-plan.ts)
 * says what an empty store gets: the Cixi sample by default, `none`, or a plan file.
 */
import { join, relative, resolve } from 'node:path';
import { readPlanFile } from '../../shared/plans/read-plan-file.js';
import { DataDirInUse } from './data-dir-lock.js';
import { JAVA_MISSING } from './dynamodb-local.js';
import type { Execution } from './execution-store.js';
import { REPO_ROOT } from './functions.js';
import { createLocalStack, type LocalStack } from './local-stack.js';
import { ensureWebBuild } from './web-build.js';
import { chooseSample, type SampleChoice } from './sample-plan.js';
import { signInLink } from '../../shared/http/web-policy.js';

const sample = chooseSample(process.env.SAMPLE, REPO_ROOT, process.cwd());

const port = Number(process.env.PORT || 3000);
const dataDir = resolve(process.env.DATA_DIR || '.data');

console.log('Starting the local stack… / 正在启动本地运行环境…');
let stack: LocalStack;
try {
  const webDir = await ensureWebBuild((line) => console.log(line));
  stack = await createLocalStack({ port, dataDir, webDir, onExecutionFinished: reportExecution });
} catch (error) {
  console.error(startFailure(error));
  process.exit(1);
}

let planId: string | undefined;
try {
  planId = await ensureAPlan(stack, sample);
} catch (error) {
  console.warn(
    `The sample plan could not be loaded (${(error as Error).message}); the API runs anyway.\n` +
      `示例计划未能导入（${(error as Error).message}）；接口照常运行。`,
  );
}
printWelcome(stack, planId);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130);
    stopping = true;
    console.log('\nStopping… / 正在停止…');
    stack.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}

/** An empty store gets the chosen plan, POSTed to the API like any client would; returns a plan id for the hints. */
async function ensureAPlan(local: LocalStack, choice: SampleChoice): Promise<string | undefined> {
  const headers = { authorization: `Bearer ${local.adminToken}`, 'content-type': 'application/json' };
  const listed = await fetch(`${local.url}/plans`, { headers });
  if (!listed.ok) throw new Error(`GET /plans → ${listed.status} ${await listed.text()}`);
  const { items } = (await listed.json()) as { items: { id?: string; planId?: string }[] };
  if (items.length > 0) return items[0]!.id ?? items[0]!.planId;
  if (choice.load === 'none') {
    console.log('SAMPLE=none: no plan loaded; import yours with `npm run cli -- plan import FILE` / 未导入示例计划，请导入本单位计划');
    return undefined;
  }

  const read = await readPlanFile(choice.path);
  if (!read.ok) throw new Error(read.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  const posted = await fetch(`${local.url}/plans`, { method: 'POST', headers, body: JSON.stringify(read.value) });
  if (!posted.ok) throw new Error(`POST /plans → ${posted.status} ${await posted.text()}`);
  console.log(`Loaded the plan ${read.value.id} / 已导入计划 ${read.value.id}`);
  if (!choice.isCixiSample) return read.value.id;
  // The sample bureau's particulars, so that its bulletins carry an issuer, a number and 抄送 (org show / org set).
  const organisation = { name: '宁波市生态环境局慈溪分局', numberPattern: '慈环督〔{year}〕{n}号', cc: ['慈溪市人民政府办公室', '宁波市生态环境局'] };
  const put = await fetch(`${local.url}/settings/organisation`, { method: 'PUT', headers, body: JSON.stringify(organisation) });
  if (!put.ok) throw new Error(`PUT /settings/organisation → ${put.status} ${await put.text()}`);
  return read.value.id;
}

function printWelcome(local: LocalStack, samplePlanId: string | undefined): void {
  const inside = relative(process.cwd(), dataDir);
  const shownDir = inside === '' ? '.' : inside.startsWith('..') ? dataDir : inside;
  const plan = samplePlanId ?? '<planId>';
  const auth = '-H "Authorization: Bearer $TOKEN"';
  console.log(
    [
      '',
      'The goal breakdown system runs locally / 目标分解系统已在本地运行',
      `  Web / 网页工作台:            ${local.url}/app/`,
      `  Admin sign-in / 管理员登录:  ${signInLink(local.url, local.adminToken)}`,
      `  API / 接口:                 ${local.url}`,
      `  Admin token / 管理员令牌:    ${local.adminToken}`,
      `  Data / 数据目录:             ${dataDir}`,
      `  Step Functions API:         ${local.sfnEndpoint}`,
      '',
      'Try / 试一试:',
      `  export TOKEN=$(cat ${join(shownDir, 'admin-token')})`,
      `  curl ${auth} ${local.url}/plans`,
      `  curl ${auth} ${local.url}/plans/${plan}`,
      `  curl -X POST ${auth} ${local.url}/plans/${plan}/breakdowns`,
      `  curl ${auth} "${local.url}/plans/${plan}/tasks?limit=5"`,
      `  PORT=${port} DATA_DIR=${shownDir} npm run cli -- --help`,
      '',
      'Ctrl+C stops / 按 Ctrl+C 停止',
    ].join('\n'),
  );
}

/** Workflows run in the background: say how each one ended, with the reason when it did not succeed. */
function reportExecution(execution: Execution): void {
  const line = `Workflow ${execution.name}: ${execution.status} (${execution.stateTransitions} state transitions)`;
  if (execution.status === 'SUCCEEDED') console.log(`${line} / 工作流执行成功`);
  else console.warn(`${line} / 工作流未成功: ${execution.error ?? ''} ${(execution.cause ?? '').slice(0, 500)}`);
}

function startFailure(error: unknown): string {
  const { message, code } = error as NodeJS.ErrnoException;
  if (message === JAVA_MISSING || error instanceof DataDirInUse) return message;
  if (code === 'EADDRINUSE') {
    return `Port ${port} is in use: set PORT to another port.\n端口 ${port} 已被占用：请用 PORT 指定其他端口。`;
  }
  return `The local stack could not start / 本地运行环境未能启动:\n${(error as Error).stack ?? message}`;
}
