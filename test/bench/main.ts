import { parseArgs } from 'node:util';
import { createLocalStack } from '../../infra/local/local-stack.js';
import { ensureWebBuild } from '../../infra/local/web-build.js';
import { synthTemplates } from '../../infra/local/template.js';
import { dynamo } from '../../shared/store/client.js';
import { benchBreakdown } from './breakdown.js';
import { benchAssessment } from './assessment.js';
import { countCapacity } from './capacity.js';
import { benchChase, type ChaseScenarioFigures } from './chase.js';
import { benchWorkDir, measureFunctions } from './functions.js';
import { provincePlan } from './province-plan.js';
import { benchProvinceScreens, type FirstScreenFigures } from './province-screens.js';
import { benchSummary, storeAndBreakDown, type SummaryFigures } from './summary.js';
import { benchTaskChanges } from './task-changes.js';
import { benchTokenRoutes } from './tokens.js';
import { measureWebPages } from './web.js';
import { benchWebFirstScreen } from './web-first-screen.js';

/**
 * `npm run bench [-- --units N --goals M --late 1,10 --only breakdown,chase,assessment,functions,web,summary,province-screens --json]`: what
 * the breakdown costs on the local stack, what the chase costs over the same number of tasks with each share
 * late, what the year-end assessment costs over them, what each function weighs, and the 台账's and the cockpit's first screen
 * on the broken-down plan. Figures, not assertions: BENCHMARKS.md records them.
 */
const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '1500' },
    goals: { type: 'string', default: '100' },
    /** The chase's scenarios: percent of the tasks due or behind on the chase day. */
    late: { type: 'string', default: '1,10' },
    /**
     * Which parts to run (the task changes go with the breakdown, whose plan they use); `summary` and `province-screens`
     * only when named: they break the plan down on the bench's table, `province-screens` reusing the summary's when both run.
     */
    only: { type: 'string', default: 'breakdown,chase,assessment,functions,web' },
    json: { type: 'boolean', default: false },
  },
});
const units = Number(values.units);
const goals = Number(values.goals);
if (!Number.isInteger(units) || units < 1 || !Number.isInteger(goals) || goals < 1) {
  throw new Error('--units and --goals take positive integers / --units 与 --goals 须为正整数');
}
const latePercents = values.late.split(',').map(Number);
if (latePercents.some((p) => !(p > 0 && p <= 100))) throw new Error('--late takes percents, e.g. 1,10 / --late 须为百分比，如 1,10');
const parts = new Set(values.only.split(','));
const log = (line: string) => {
  if (!values.json) process.stderr.write(`${line}\n`);
};

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
log(`plan: ${units} towns × ${goals} goals`);
const templates = synthTemplates();
// The web parts' first screens need the built workspace served by the stack.
const servesWeb = parts.has('web') || parts.has('province-screens');
const stack = await createLocalStack({ templates, tableName: 'bench', ...(servesWeb ? { webDir: await ensureWebBuild() } : {}) });
let breakdown;
let taskChanges;
const chase: ChaseScenarioFigures[] = [];
let assessment;
let webFirstScreen;
let summary: SummaryFigures | undefined;
let provinceScreens: FirstScreenFigures[] | undefined;
try {
  const plan = provincePlan(units, goals);
  const counter = countCapacity(dynamo());
  if (parts.has('web')) webFirstScreen = await benchWebFirstScreen(stack, counter, log);
  if (parts.has('breakdown')) {
    breakdown = await benchBreakdown(stack, templates, plan, counter, log);
    log('task changes: one call of each progress and review route, and of the token routes');
    taskChanges = [
      ...(await benchTaskChanges(stack, { id: plan.id, year: plan.year }, counter)),
      ...(await benchTokenRoutes(stack, plan.units[0]!.id, counter)),
    ];
  }
  // Each scenario on a DynamoDB Local of its own, seeded with its own tasks.
  if (parts.has('chase')) for (const percent of latePercents) chase.push(await benchChase(stack, templates, plan, percent, log));
  if (parts.has('assessment')) assessment = await benchAssessment(stack, templates, plan, log);
  if (parts.has('summary') && !parts.has('breakdown')) summary = await benchSummary(stack, plan, counter, log);
  if (parts.has('province-screens') && !parts.has('breakdown')) {
    if (!summary) await storeAndBreakDown(stack, plan, log);
    provinceScreens = await benchProvinceScreens(stack, plan, counter, log);
  }
} finally {
  await stack.stop();
}
let functions;
if (parts.has('functions')) {
  log('functions: bundles as `cdk synth` builds them, module init in fresh processes');
  functions = measureFunctions(benchWorkDir());
}

let web;
if (parts.has('web')) {
  log('web: what each page loads before its first screen (the unit workspace aims at ≤ 250 KB of JavaScript, gzipped)');
  web = await measureWebPages({
    '/app/signin': 'src/pages/SignIn.vue',
    '/app/tasks': 'src/pages/MyTasks.vue',
    '/app/tasks/{taskId}': 'src/pages/TaskDetail.vue',
    '/app/inbox': 'src/pages/Inbox.vue',
    '/app/review': 'src/pages/Review.vue',
    '/app/my-assessment': 'src/pages/MyAssessment.vue',
    '/app/plans': 'src/pages/Plans.vue',
    '/app/ledger/{planId}': 'src/pages/Ledger.vue',
    '/app/escalations': 'src/pages/Escalations.vue',
    '/app/people': 'src/pages/People.vue',
    '/app/extensions': 'src/pages/Extensions.vue',
    '/app/assessment': 'src/pages/Assessment.vue',
    '/app/cockpit': 'src/pages/Cockpit.vue',
    '/app/public/plans/{planId}': 'src/pages/PublicPlan.vue',
  });
}

const figures = { breakdown, taskChanges, functions, ...(parts.has('chase') ? { chase } : {}), assessment, web, webFirstScreen, summary, provinceScreens };
if (values.json) {
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} else {
  if (breakdown) process.stdout.write(`${JSON.stringify(breakdown, null, 2)}\n`);
  for (const op of taskChanges ?? []) {
    const requests = Object.entries(op.requests).map(([name, n]) => `${n} ${name.replace(/Command$/, '')}`).join(', ');
    process.stdout.write(`${op.operation.padEnd(34)} ${requests.padEnd(48)} RCU ${op.readCapacityUnits}  WCU ${op.writeCapacityUnits}\n`);
  }
  for (const page of web ?? []) {
    process.stdout.write(`${page.page.padEnd(22)} ${String(page.files).padStart(3)} files  JS ${page.javaScriptKB} KB (${page.javaScriptGzipKB} KB gzipped)  CSS ${page.cssGzipKB} KB gzipped\n`);
  }
  if (webFirstScreen) {
    const { fromSignInLinkMs, reloadMs, myTasks } = webFirstScreen;
    process.stdout.write(`/app/tasks, ${webFirstScreen.tasks} tasks shown: from the sign-in link ${fromSignInLinkMs.median} ms (median of ${JSON.stringify(fromSignInLinkMs.runs)}), reload ${reloadMs.median} ms (${JSON.stringify(reloadMs.runs)})\n`);
    const requests = Object.entries(myTasks.requests).map(([name, n]) => `${n} ${name.replace(/Command$/, '')}`).join(', ');
    process.stdout.write(`GET /me/tasks, ${myTasks.tasks} tasks: ${requests}, ${myTasks.itemsRead} items read, RCU ${myTasks.readCapacityUnits}\n`);
  }
  for (const f of functions ?? []) {
    process.stdout.write(`${f.name.padEnd(20)} ${String(f.bundleKB).padStart(7)} KB  init ${f.initMs} ms (SDK alone ${f.baselineMs} ms)\n`);
  }
  for (const scenario of chase) {
    process.stdout.write(`chase, ${scenario.latePercent} % late: ${scenario.tasks} tasks (seeded in ${scenario.seedSeconds} s)\n`);
    for (const [run, figures] of [['first run', scenario.first], ['re-run', scenario.rerun], ['next working day', scenario.nextDay]] as const) {
      const line = (name: string, figure: unknown, aim = '') => process.stdout.write(`    ${name.padEnd(28)} ${String(figure).padEnd(12)} ${aim}\n`);
      const aim = (name: string) => {
        const { aim: text, met } = figures.aims[name]!;
        return `aim ${text}: ${met ? 'met' : 'MISSED'}`;
      };
      process.stdout.write(`  ${run} (${figures.day}): ${figures.dueOrBehind} due or behind, ${figures.wallSeconds} s\n`);
      line('items read', figures.itemsRead, aim('itemsRead'));
      line('  of which the index (gsi3)', figures.indexItemsRead, aim('indexItemsRead'));
      line('  by request', JSON.stringify(figures.itemsReadByOperation));
      line('read capacity units', figures.readCapacityUnits);
      line('write capacity units', figures.writeCapacityUnits);
      line('Scans', figures.scans, aim('scans'));
      line('escalation writes', figures.escalationWrites, JSON.stringify(figures.output.escalations));
      line('notifications', figures.notificationWrites, aim('notifications'));
      line('state transitions', figures.transitions, aim('transitions'));
      line('pages', figures.pages);
    }
  }
}
if (summary && !values.json) {
  const { rebuild } = summary;
  process.stdout.write(`summary: ${summary.tasks} tasks (${summary.units} units × ${summary.goals} goals), breakdown ${summary.breakdownWallSeconds} s with its rebuild\n`);
  process.stdout.write(`  rebuild alone: ${rebuild.wallSeconds} s, ${rebuild.rows} rows from ${rebuild.tasksRead} tasks, ${JSON.stringify(rebuild.requests)}, ${rebuild.itemsRead} items read, RCU ${rebuild.readCapacityUnits}, WCU ${rebuild.writeCapacityUnits}\n`);
  for (const read of summary.reads) {
    const requests = Object.entries(read.requests).map(([name, n]) => `${n} ${name.replace(/Command$/, '')}`).join(', ');
    process.stdout.write(`  ${read.operation}: ${read.medianMs} ms (median of ${JSON.stringify(read.runs)}), ${read.bytes} bytes, ${requests}, ${read.itemsRead} items read, RCU ${read.readCapacityUnits}\n`);
  }
  for (const op of summary.taskChanges) {
    const requests = Object.entries(op.requests).map(([name, n]) => `${n} ${name.replace(/Command$/, '')}`).join(', ');
    process.stdout.write(`  ${op.operation.padEnd(34)} ${requests.padEnd(48)} RCU ${op.readCapacityUnits}  WCU ${op.writeCapacityUnits}\n`);
  }
  process.stdout.write(`  row sizes: unit ${summary.rowBytes.unit} bytes, goal ${summary.rowBytes.goal} bytes\n`);
}
for (const screen of (values.json ? undefined : provinceScreens) ?? []) {
  const requests = Object.entries(screen.dynamoRequests).map(([name, n]) => `${n} ${name.replace(/Command$/, '')}`).join(', ');
  process.stdout.write(`${screen.screen} as ${screen.role}: ${screen.medianMs} ms (median of ${JSON.stringify(screen.runs)})\n`);
  process.stdout.write(`  ${screen.apiRequests.length} API requests, ${screen.apiBytes} bytes of answers, the last in at ${screen.lastAnswerMs} ms:\n`);
  for (const { call, bytes, sentAtMs, tookMs } of screen.apiRequests) process.stdout.write(`    ${call.padEnd(48)} sent at ${sentAtMs} ms, ${tookMs} ms, ${bytes} bytes\n`);
  process.stdout.write(`  DynamoDB: ${requests}, ${screen.itemsRead} items read, RCU ${screen.readCapacityUnits}\n`);
}
if (assessment && !values.json) {
  process.stdout.write(`assessment: ${assessment.units} units, ${assessment.tasks} tasks (seeded in ${assessment.seedSeconds} s), ${assessment.wallSeconds} s\n`);
  const line = (name: string, figure: unknown, aim = '') => process.stdout.write(`    ${name.padEnd(28)} ${String(figure).padEnd(12)} ${aim}\n`);
  const aim = (name: string) => {
    const { aim: text, met } = assessment.aims[name]!;
    return `aim ${text}: ${met ? 'met' : 'MISSED'}`;
  };
  line('items read', assessment.itemsRead, aim('itemsRead'));
  line('  per task', assessment.itemsReadPerTask);
  line('  by request', JSON.stringify(assessment.itemsReadByOperation));
  line('unit Queries (gsi2)', assessment.unitQueries, aim('unitQueries'));
  line('  per unit', assessment.queriesPerUnit);
  line('read capacity units', assessment.readCapacityUnits);
  line('write capacity units', assessment.writeCapacityUnits);
  line('Scans', assessment.scans, aim('scans'));
  line('state transitions', assessment.transitions, aim('transitions'));
  line('batches', assessment.batches);
}
