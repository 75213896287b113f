import type { Command } from 'commander';
import { monthPattern } from '../../shared/bulletin/bulletin.js';
import { documentLanguages } from '../../shared/bulletin/labels.js';
import { CliError, resolveContext, type GlobalOptions } from '../context.js';
import { callApi } from '../http.js';
import { print } from '../output.js';

/** Counts of one unit (or the totals) as `GET /bulletins/{month}` answers them. */
interface Figures {
  tasks: number;
  closed: number;
  completionRate: number | null;
  lights: { green: number; yellow: number; red: number };
  escalations: { remind: number; urge: number; supervise: number; notice: number; summon: number };
}

interface Bulletin {
  month: string;
  covers: string;
  publishedOn: string;
  units: (Figures & { unitId: string; unitName: string })[];
  noticed: { taskId: string; unitName: string; title: string; level: string }[];
  totals: Figures;
  particulars?: { issuer: string | null; documentNumber: string | null; cc: string[] };
  html: { url: string };
  xlsx: { url: string };
}

export function registerBulletinCommands(program: Command): void {
  const bulletin = program.command('bulletin').description('the monthly bulletin / 月度通报');

  bulletin
    .command('show')
    .description('show the bulletin published in a month (it covers the month before) with links to its HTML and XLSX')
    .requiredOption('--month <month>', 'the month of publication, YYYY-MM')
    .option('--lang <lang>', 'the language of the linked HTML and XLSX: zh (default) or en / 文档语言', 'zh')
    .action(async (options: { month: string; lang: string }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      if (!monthPattern.test(options.month)) {
        throw new CliError(
          `--month ${JSON.stringify(options.month)} is not a month: use YYYY-MM (e.g. 2022-11)`,
          `--month ${JSON.stringify(options.month)} 不是有效月份，格式为 YYYY-MM（如 2022-11）`,
        );
      }
      if (!(documentLanguages as readonly string[]).includes(options.lang)) {
        throw new CliError(`--lang ${JSON.stringify(options.lang)}: use zh or en`, `--lang ${JSON.stringify(options.lang)} 无效，只能是 zh 或 en`);
      }
      const query = options.lang === 'zh' ? '' : `?lang=${options.lang}`;
      const shown = await callApi<Bulletin>(context, 'GET', `/bulletins/${options.month}${query}`);
      print(context, shown, () => text(shown));
    });
}

const columns: readonly { heading: string; cell: (row: Figures) => string }[] = [
  { heading: 'tasks 任务', cell: (row) => String(row.tasks) },
  { heading: 'closed 办结', cell: (row) => String(row.closed) },
  { heading: 'rate 完成率', cell: (row) => (row.completionRate === null ? '—' : `${(row.completionRate * 100).toFixed(1)}%`) },
  { heading: 'green', cell: (row) => String(row.lights.green) },
  { heading: 'yellow', cell: (row) => String(row.lights.yellow) },
  { heading: 'red', cell: (row) => String(row.lights.red) },
  { heading: '提醒', cell: (row) => String(row.escalations.remind) },
  { heading: '催办', cell: (row) => String(row.escalations.urge) },
  { heading: '督办', cell: (row) => String(row.escalations.supervise) },
  { heading: '通报', cell: (row) => String(row.escalations.notice) },
  { heading: '约谈', cell: (row) => String(row.escalations.summon) },
];

/** A compact table, one line per unit, then the tasks at 通报/约谈 and the two links. */
function text(bulletin: Bulletin): string {
  const rows = [
    ['unit 单位', ...columns.map((column) => column.heading)],
    ...bulletin.units.map((unit) => [unit.unitName, ...columns.map((column) => column.cell(unit))]),
    ['total 合计', ...columns.map((column) => column.cell(bulletin.totals))],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => displayWidth(row[i]!))));
  const line = (row: string[]) =>
    row.map((cell, i) => (i === 0 ? cell + ' '.repeat(widths[i]! - displayWidth(cell)) : ' '.repeat(widths[i]! - displayWidth(cell)) + cell)).join('  ');
  const noticed = bulletin.noticed.map((task) => `  ${task.level === 'summon' ? '约谈' : '通报'} ${task.unitName} ${task.title} (${task.taskId})`);
  const { issuer, documentNumber } = bulletin.particulars ?? {};
  return [
    `Bulletin ${bulletin.month} (covers ${bulletin.covers}), published ${bulletin.publishedOn} / ${bulletin.month} 月度通报（统计 ${bulletin.covers}）`,
    ...(issuer || documentNumber ? [[issuer, documentNumber].filter(Boolean).join(' ')] : []),
    ...rows.map(line),
    `通报/约谈 tasks: ${bulletin.noticed.length}`,
    ...noticed,
    `HTML: ${bulletin.html.url}`,
    `XLSX: ${bulletin.xlsx.url}`,
  ].join('\n');
}

/** Columns in a terminal: CJK characters take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(char) ? 2 : 1;
  return width;
}
