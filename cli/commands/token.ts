import { InvalidArgumentError, type Command } from 'commander';
import { issueToken } from '../../shared/auth/issue-token.js';
import { endOf, expiryProblem, MAX_LIFETIME_DAYS } from '../../shared/auth/token-lifetime.js';
import { systemClock } from '../../shared/clock/clock.js';
import { signInLink } from '../../shared/http/web-policy.js';
import { resolveContext, CliError, type GlobalOptions } from '../context.js';
import { callApi } from '../http.js';
import { print, table } from '../output.js';

interface TokenMetadata {
  tokenId: string;
  role: string;
  unitId: string | null;
  label: string | null;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface Lifetime {
  expiresIn?: number;
  expiresAt?: string;
}

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens / 访问令牌');

  token
    .command('create')
    .description('create a token for a role (admin, reviewer, unit, viewer); shown once / 创建令牌（只显示一次）')
    .requiredOption('--role <role>', 'admin | reviewer | unit | viewer')
    .option('--unit <unitId>', 'the unit the token acts for (required for roles unit and reviewer)')
    .option('--label <label>', 'who the token is for')
    .option('--expires-in <days>', `days it works (default: 180, an admin's 30; at most ${MAX_LIFETIME_DAYS})`, days)
    .option('--expires-at <date>', 'its last day (YYYY-MM-DD, China time) or an instant with offset')
    .option('--link', 'also print the sign-in link of the web workspace (`link`) / 同时输出网页工作台登录链接')
    .option('--web <url>', 'the web workspace\'s address for --link (default: the API\'s, which serves it on the same origin)')
    .action(async (options: { role: string; unit?: string; label?: string; link?: boolean; web?: string } & Lifetime, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const created = await callApi<TokenMetadata & { token: string }>(context, 'POST', '/tokens', {
        role: options.role,
        ...(options.unit ? { unitId: options.unit } : {}),
        ...(options.label ? { label: options.label } : {}),
        ...lifetimeBody(options),
      });
      const answer = options.link ? { ...created, link: signInLink(options.web ?? context.api, created.token) } : created;
      print(context, answer, () =>
        [
          created.token,
          ...(options.link ? [`sign-in link / 登录链接: ${signInLink(options.web ?? context.api, created.token)}`] : []),
          `(tokenId ${created.tokenId}, expires ${created.expiresAt} / 有效期至 ${created.expiresAt})`,
        ].join('\n'),
      );
    });

  token
    .command('list')
    .description('list tokens, never their secrets / 令牌列表（不含令牌本身）')
    .option('--unit <unitId>', 'only the tokens of this unit')
    .option('--role <role>', 'only the tokens of this role')
    .action(async (options: { unit?: string; role?: string }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const query = new URLSearchParams({ ...(options.unit ? { unitId: options.unit } : {}), ...(options.role ? { role: options.role } : {}) });
      const listed = await callApi<{ items: TokenMetadata[] }>(context, 'GET', `/tokens${query.size ? `?${query}` : ''}`);
      print(context, listed, () => humanList(listed.items));
    });

  token
    .command('revoke')
    .description('revoke a token: it is refused from now on / 吊销令牌')
    .argument('<tokenId>', 'the token id that `token list` shows')
    .action(async (tokenId: string, _options: unknown, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const revoked = await callApi<TokenMetadata>(context, 'DELETE', `/tokens/${encodeURIComponent(tokenId)}`);
      print(context, revoked, () => `revoked ${revoked.tokenId} at ${revoked.revokedAt} / 已吊销`);
    });

  token
    .command('bootstrap')
    .description('AWS: create the first admin token directly in the table, with your own AWS credentials; shown once')
    .requiredOption('--table <tableName>', 'the TableName output of the GoalBreakdownStateful stack')
    .option('--endpoint <url>', 'a DynamoDB endpoint other than AWS (e.g. DynamoDB Local)')
    .option('--label <label>', 'who the token is for', 'first admin / 首个管理员')
    .option('--expires-in <days>', `days it works (default 30, at most ${MAX_LIFETIME_DAYS})`, days)
    .option('--expires-at <date>', 'its last day (YYYY-MM-DD, China time) or an instant with offset')
    .action(async (options: { table: string; endpoint?: string; label: string } & Lifetime, command: Command) => {
      const json = command.optsWithGlobals<GlobalOptions>().json ?? false;
      // The store reads both when it is first used.
      process.env.TABLE_NAME = options.table;
      if (options.endpoint) process.env.DYNAMODB_ENDPOINT = options.endpoint;
      const lifetime = lifetimeBody(options);
      if (lifetime.expiresAt !== undefined && expiryProblem(endOf(lifetime.expiresAt), systemClock.now())) {
        throw new CliError(
          `--expires-at must be in the future and at most ${MAX_LIFETIME_DAYS} days away`,
          `--expires-at 必须晚于现在，且不超过 ${MAX_LIFETIME_DAYS} 天`,
        );
      }
      const { token, record } = await issueToken({ role: 'admin', label: options.label, createdBy: 'cli:bootstrap', ...lifetime }, systemClock);
      const created = { token, role: 'admin', tokenId: record.tokenId, expiresAt: record.expiresAt };
      process.stdout.write(json ? `${JSON.stringify(created, null, 2)}\n` : `${token}\n`);
    });
}

function lifetimeBody(options: Lifetime): { expiresInDays?: number; expiresAt?: string } {
  if (options.expiresIn !== undefined && options.expiresAt !== undefined) {
    throw new CliError('give --expires-in or --expires-at, not both', '--expires-in 与 --expires-at 只能指定其一');
  }
  if (options.expiresAt !== undefined && Number.isNaN(endOf(options.expiresAt).getTime())) {
    throw new CliError(`--expires-at ${options.expiresAt} is not a date (YYYY-MM-DD) or an instant`, `--expires-at ${options.expiresAt} 不是有效日期`);
  }
  return {
    ...(options.expiresIn !== undefined ? { expiresInDays: options.expiresIn } : {}),
    ...(options.expiresAt !== undefined ? { expiresAt: options.expiresAt } : {}),
  };
}

function days(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIFETIME_DAYS) {
    throw new InvalidArgumentError(`a whole number of days from 1 to ${MAX_LIFETIME_DAYS} / 1 至 ${MAX_LIFETIME_DAYS} 的整数天数`);
  }
  return value;
}

function humanList(items: TokenMetadata[]): string {
  if (items.length === 0) return 'no tokens / 没有令牌';
  const state = (item: TokenMetadata) =>
    item.revokedAt ? '已吊销 revoked' : item.expiresAt && Date.parse(item.expiresAt) <= Date.now() ? '已过期 expired' : '有效 active';
  return table([
    ['令牌 tokenId', '角色 role', '单位 unit', '说明 label', '状态 state', '有效期至 expires', '最近使用 last used'],
    ...items.map((item) => [
      item.tokenId,
      item.role,
      item.unitId ?? '',
      item.label ?? '',
      state(item),
      item.expiresAt?.slice(0, 10) ?? '',
      item.lastUsedAt?.slice(0, 10) ?? '',
    ]),
  ]);
}
