import type { Command } from 'commander';
import type { Organisation } from '../../shared/domain/organisation.js';
import { resolveContext, type GlobalOptions } from '../context.js';
import { callApi } from '../http.js';
import { print } from '../output.js';

/** What `GET` and `PUT /settings/organisation` answer. */
interface OrganisationSettings {
  organisation: Organisation | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

interface SetOptions {
  name?: string;
  issuer?: string;
  numberPattern?: string;
  cc?: string[];
}

export function registerOrgCommands(program: Command): void {
  const org = program.command('org').description("the bureau's particulars printed on its documents / 单位信息（发文机关、文号、抄送）");

  org
    .command('show')
    .description("show the bureau's particulars / 查看单位信息")
    .action(async (_options: unknown, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const shown = await callApi<OrganisationSettings>(context, 'GET', '/settings/organisation');
      print(context, shown, () => text(shown));
    });

  org
    .command('set')
    .description('set the particulars: the options given replace those fields, the others are kept / 设置单位信息（未给出的项保持不变）')
    .option('--name <name>', 'the full name, e.g. 宁波市生态环境局慈溪分局 / 单位全称')
    .option('--issuer <issuer>', 'who issues the bulletins (default: the full name) / 发文机关')
    .option('--number-pattern <pattern>', 'the document number, {year} and {n} the running number, e.g. 慈环督〔{year}〕{n}号 / 文号格式')
    .option('--cc <name>', 'who is copied; repeat for each, in order / 抄送单位（可多次给出）', (value: string, before: string[] = []) => [...before, value])
    .action(async (options: SetOptions, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const current = await callApi<OrganisationSettings>(context, 'GET', '/settings/organisation');
      const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
      const saved = await callApi<OrganisationSettings>(context, 'PUT', '/settings/organisation', { ...current.organisation, ...given });
      print(context, saved, () => text(saved));
    });
}

function text({ organisation, updatedAt, updatedBy }: OrganisationSettings): string {
  if (!organisation) return 'Not set yet: documents go out without an issuing body or number / 尚未设置：文件不显示发文机关和文号';
  return [
    `单位全称 / name:            ${organisation.name}`,
    `发文机关 / issuer:          ${organisation.issuer ?? `（同单位全称）${organisation.name}`}`,
    `文号格式 / number pattern:  ${organisation.numberPattern ?? '—'}`,
    `抄送 / cc:                  ${organisation.cc?.join('，') ?? '—'}`,
    `更新 / updated:             ${updatedAt} (${updatedBy})`,
  ].join('\n');
}
