import type { Command } from 'commander';
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
}
