import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { CliError, resolveContext, type GlobalOptions } from '../context.js';
import { callApi } from '../http.js';
import { print } from '../output.js';
import { parseYear } from './assess.js';

const formats = ['csv', 'xlsx', 'html'] as const;
type Format = (typeof formats)[number];
const languages = ['zh', 'en'] as const;

interface PublishedView {
  runId: string;
  revision: number;
  /** The language of the linked reports, when the API was asked for one (`?lang=en`). */
  lang?: (typeof languages)[number];
  reports: Record<Format, { url: string; expiresAt: string }>;
}

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description('the year-end assessment’s published report / 考核报告');

  report
    .command('export')
    .description('download the published assessment report (CSV, XLSX or HTML) to a file')
    .requiredOption('--year <year>', 'the assessment year, YYYY')
    .requiredOption('--format <format>', 'csv | xlsx | html')
    .requiredOption('--out <file>', 'where to write it')
    .option('--lang <lang>', 'the report\'s language: zh (default) or en / 报告语言', 'zh')
    .action(async (options: { year: string; format: string; out: string; lang: string }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const year = parseYear(options.year);
      if (!(formats as readonly string[]).includes(options.format)) {
        throw new CliError(`--format ${JSON.stringify(options.format)} must be one of csv, xlsx, html`, `--format ${JSON.stringify(options.format)} 应为 csv、xlsx 或 html`);
      }
      if (!(languages as readonly string[]).includes(options.lang)) {
        throw new CliError(`--lang ${JSON.stringify(options.lang)}: use zh or en`, `--lang ${JSON.stringify(options.lang)} 无效，只能是 zh 或 en`);
      }
      const format = options.format as Format;
      const query = options.lang === 'zh' ? '' : `?lang=${options.lang}`;
      const published = await callApi<PublishedView>(context, 'GET', `/assessments/${year}${query}`);
      // An API that does not know the parameter links the Chinese reports: better no file than the wrong one.
      if (options.lang !== 'zh' && published.lang !== options.lang) {
        throw new CliError(`the API offers no ${options.lang} copy of the ${year} report`, `接口未提供 ${year} 年度考核报告的 ${options.lang} 版本`);
      }
      // The link is presigned: it carries its own authorization, so no bearer token is sent with it.
      const response = await fetch(published.reports[format].url).catch((error: unknown) => {
        throw new CliError(`cannot download the report: ${(error as Error).message}`, '无法下载考核报告');
      });
      if (!response.ok) throw new CliError(`the report download answered HTTP ${response.status}`, `下载考核报告失败（HTTP ${response.status}）`);
      const bytes = Buffer.from(await response.arrayBuffer());
      await writeFile(options.out, bytes);
      const result = { year, runId: published.runId, revision: published.revision, format, lang: options.lang, out: options.out, bytes: bytes.length };
      print(context, result, () => `${options.out}: ${year} report, revision ${published.revision} (${bytes.length} bytes) / 已导出考核报告`);
    });
}
