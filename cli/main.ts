import { Command } from 'commander';
import { registerActualsCommands } from './commands/actuals.js';
import { registerAppealCommands } from './commands/appeal.js';
import { registerAssessCommands } from './commands/assess.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerBreakdownCommands } from './commands/breakdown.js';
import { registerBulletinCommands } from './commands/bulletin.js';
import { registerChaseCommands } from './commands/chase.js';
import { registerLedgerCommands } from './commands/ledger.js';
import { registerOrgCommands } from './commands/org.js';
import { registerPlanCommands } from './commands/plan.js';
import { registerReportCommands } from './commands/report.js';
import { registerSimulateCommands } from './commands/simulate.js';
import { registerExtensionCommands, registerTaskChangeCommands } from './commands/task.js';
import { registerTaskCommands } from './commands/tasks.js';
import { registerTokenCommands } from './commands/token.js';
import { printError } from './output.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const program = new Command('cli')
  .description('goal breakdown: plans, breakdowns, tasks / 目标任务分解')
  .option('--api <url>', 'API base URL (default http://127.0.0.1:$PORT, PORT defaults to 3000)')
  .option('--token <token>', 'bearer token (default: $DATA_DIR/admin-token, DATA_DIR defaults to .data)')
  .option('--json', 'print only JSON on stdout')
  .showHelpAfterError()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

registerPlanCommands(program);
registerBreakdownCommands(program);
registerChaseCommands(program);
registerBulletinCommands(program);
registerOrgCommands(program);
registerTaskCommands(program);
registerLedgerCommands(program);
registerTaskChangeCommands(program);
registerExtensionCommands(program);
registerTokenCommands(program);
registerAuditCommands(program);
registerSimulateCommands(program);
registerAssessCommands(program);
registerReportCommands(program);
registerActualsCommands(program);
registerAppealCommands(program);

const json = process.argv.includes('--json');
program.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = (error as { code?: string }).code;
  // commander already printed help or a usage error
  if (code?.startsWith('commander.')) {
    process.exitCode = code === 'commander.helpDisplayed' || code === 'commander.version' ? 0 : 2;
  } else {
    printError(json, error);
  }
}
