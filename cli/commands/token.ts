import type { Command } from 'commander';
import { hashToken, newToken } from '../../shared/auth/token.js';
import { systemClock } from '../../shared/clock/clock.js';
import { createToken } from '../../shared/store/tokens-repo.js';
import { resolveContext, type GlobalOptions } from '../context.js';
import { callApi } from '../http.js';
import { print } from '../output.js';

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens / 访问令牌');

  token
    .command('create')
    .description('create a token for a role (admin, reviewer, unit, viewer); shown once')
    .requiredOption('--role <role>', 'admin | reviewer | unit | viewer')
    .option('--unit <unitId>', 'the unit the token acts for (required for role unit)')
    .option('--label <label>', 'who the token is for')
    .action(async (options: { role: string; unit?: string; label?: string }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const created = await callApi<{ token: string; role: string; unitId?: string }>(context, 'POST', '/tokens', {
        role: options.role,
        ...(options.unit ? { unitId: options.unit } : {}),
        ...(options.label ? { label: options.label } : {}),
      });
      print(context, created, () => created.token);
    });

  token
    .command('bootstrap')
    .description('AWS: create the first admin token directly in the table, with your own AWS credentials; shown once')
    .requiredOption('--table <tableName>', 'the TableName output of the GoalBreakdownStateful stack')
    .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS (e.g. DynamoDB Local)')
    .option('--label <label>', 'who the token is for', 'first admin / 首个管理员')
    .action(async (options: { table: string; endpoint?: string; label: string }, command: Command) => {
      const json = command.optsWithGlobals<GlobalOptions>().json ?? false;
      // The store reads both when it is first used.
      process.env.TABLE_NAME = options.table;
      if (options.endpoint) process.env.DYNAMODB_ENDPOINT = options.endpoint;
      const token = newToken();
      await createToken({ tokenHash: hashToken(token), role: 'admin', label: options.label, createdBy: 'cli:bootstrap' }, systemClock);
      const created = { token, role: 'admin' };
      process.stdout.write(json ? `${JSON.stringify(created, null, 2)}\n` : `${token}\n`);
    });
}
