import { parseArgs } from 'node:util';
import { createLocalStack } from '../../infra/local/local-stack.js';
import { synthTemplates } from '../../infra/local/template.js';
import { dynamo } from '../../shared/store/client.js';
import { benchBreakdown } from './breakdown.js';
import { countCapacity } from './capacity.js';
import { benchWorkDir, measureFunctions } from './functions.js';
import { provincePlan } from './province-plan.js';
import { benchTaskChanges } from './task-changes.js';

/**
 * `npm run bench [-- --units N --goals M --json]`: what the breakdown costs on the local stack and what
 * each function weighs. Figures, not assertions: BENCHMARKS.md records them.
 */
const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '1500' },
    goals: { type: 'string', default: '100' },
    json: { type: 'boolean', default: false },
  },
});
const units = Number(values.units);
const goals = Number(values.goals);
if (!Number.isInteger(units) || units < 1 || !Number.isInteger(goals) || goals < 1) {
  throw new Error('--units and --goals take positive integers / --units 与 --goals 须为正整数');
}
const log = (line: string) => {
  if (!values.json) process.stderr.write(`${line}\n`);
};

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
log(`plan: ${units} towns × ${goals} goals`);
const templates = synthTemplates();
const stack = await createLocalStack({ templates, tableName: 'bench' });
let breakdown;
let taskChanges;
try {
  const plan = provincePlan(units, goals);
  const counter = countCapacity(dynamo());
  breakdown = await benchBreakdown(stack, templates, plan, counter, log);
  log('task changes: one call of each progress and review route');
  taskChanges = await benchTaskChanges(stack, { id: plan.id, year: plan.year }, counter);
} finally {
  await stack.stop();
}
log('functions: bundles as `cdk synth` builds them, module init in fresh processes');
const functions = measureFunctions(benchWorkDir());

const figures = { breakdown, taskChanges, functions };
if (values.json) {
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} else {
  process.stdout.write(`${JSON.stringify(breakdown, null, 2)}\n`);
  for (const op of taskChanges!) {
    const requests = Object.entries(op.requests).map(([name, n]) => `${n} ${name.replace(/Command$/, '')}`).join(', ');
    process.stdout.write(`${op.operation.padEnd(34)} ${requests.padEnd(48)} RCU ${op.readCapacityUnits}  WCU ${op.writeCapacityUnits}\n`);
  }
  for (const f of functions) {
    process.stdout.write(`${f.name.padEnd(20)} ${String(f.bundleKB).padStart(7)} KB  init ${f.initMs} ms (SDK alone ${f.baselineMs} ms)\n`);
  }
}
