import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import * as z from 'zod';
import { AssessmentRules } from '../../shared/domain/assessment/rules.js';
import type { Grade, LineItem, RankChange, RankedUnit } from '../../shared/domain/assessment/types.js';
import { problemsFromZodIssues } from '../../shared/domain/zod-problems.js';
import { CliError, resolveContext, type CliContext, type GlobalOptions } from '../context.js';
import { callApi } from '../http.js';
import { print, table } from '../output.js';

/*
 * `assess …`: the year-end assessment (docs/architecture.md, "Year-end assessment", CLI) over the API:
 * run (or a what-if dry run with other rules), show the ranking or one unit's line items, record a bonus
 * or a veto, approve the published result for the public.
 */

export interface AssessmentRun {
  runId: string;
  year: number;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  dryRun: boolean;
  units?: number;
  published?: boolean;
  revision?: number;
  changes?: RankChange[];
  error?: { Error: string; Cause: string };
}

type UnitView = Pick<RankedUnit, 'unitId' | 'unitName' | 'groupName' | 'total' | 'grade' | 'rank' | 'vetoed'> & { lineItems: LineItem[] };

const POLL_MS = 500;

/** A year as the API takes it: 2000–2100. */
export function parseYear(text: string): number {
  if (!/^\d{4}$/.test(text) || Number(text) < 2000 || Number(text) > 2100) {
    throw new CliError(`--year ${JSON.stringify(text)} is not a year: use YYYY, 2000–2100`, `--year ${JSON.stringify(text)} 不是有效年份，格式为 YYYY（2000–2100）`);
  }
  return Number(text);
}

function parsePoints(text: string): number {
  const points = Number(text);
  if (text.trim() === '' || !Number.isFinite(points)) {
    throw new CliError(`--points ${JSON.stringify(text)} is not a number`, `--points ${JSON.stringify(text)} 不是数字`);
  }
  return points;
}

export function registerAssessCommands(program: Command): void {
  const assess = program.command('assess').description('the year-end assessment: score, rank, publish / 年度考核');

  assess
    .command('run')
    .description('score and rank every unit of the year and publish the result; --dry-run: a what-if that prints rank changes and publishes nothing')
    .requiredOption('--year <year>', 'the assessment year, YYYY')
    .option('--rules <file>', 'rules (YAML or JSON) replacing every plan’s assessment rules for this run')
    .option('--dry-run', 'score and rank without publishing (always waits)')
    .option('--wait', 'wait for the run to finish')
    .action(async (options: { year: string; rules?: string; dryRun?: boolean; wait?: boolean }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const year = parseYear(options.year);
      const rules = options.rules === undefined ? undefined : await readRulesFile(options.rules);
      const dryRun = options.dryRun ?? false;
      const started = await callApi<{ year: number; runId: string; status: string }>(context, 'POST', '/assessments', {
        year,
        ...(rules === undefined ? {} : { rules }),
        ...(dryRun ? { dryRun } : {}),
      });
      if (!dryRun && !options.wait) {
        const shown = { year, runId: started.runId, status: started.status, units: null, published: null };
        print(context, shown, () => `${year}: run ${started.runId} started / 考核已启动`);
        return;
      }
      const run = await finishedRun(context, year, started.runId);
      const result = {
        year,
        runId: run.runId,
        units: run.units ?? 0,
        published: run.published ?? false,
        ...(dryRun ? { changes: run.changes ?? [] } : {}),
      };
      print(context, result, () =>
        dryRun
          ? [`${year} what-if ${run.runId}: ${result.units} units, nothing published / 模拟考核，未发布`, changesTable(run.changes ?? [])].join('\n')
          : `${year}: ${result.units} units scored, ${result.published ? `published (revision ${run.revision})` : 'not published'} / 考核完成`,
      );
    });

  assess
    .command('show')
    .description('the published ranking (by group: towns and streets; districts, counties, cities and zones; departments), or one unit’s score with its line items')
    .requiredOption('--year <year>', 'the assessment year, YYYY')
    .option('--unit <unitId>', 'one unit: its line items')
    .action(async (options: { year: string; unit?: string }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const year = parseYear(options.year);
      if (options.unit !== undefined) {
        const unit = await callApi<UnitView>(context, 'GET', `/assessments/${year}/units/${encodeURIComponent(options.unit)}`);
        print(context, unit, () => unitText(unit));
        return;
      }
      const ranking = await callApi<{ units: RankedUnit[]; revision: number; publishedOn: string }>(context, 'GET', `/assessments/${year}`);
      print(context, ranking.units, () => [`${year} assessment, revision ${ranking.revision}, published ${ranking.publishedOn} / 年度考核排名`, rankingTable(ranking.units)].join('\n'));
    });

  assess
    .command('bonus')
    .description('record a bonus (加分) for a unit, with its reason')
    .requiredOption('--year <year>', 'the assessment year, YYYY')
    .requiredOption('--unit <unitId>', 'the unit')
    .requiredOption('--points <n>', 'points, more than 0, at most 20')
    .requiredOption('--reason <text>', 'why')
    .action(async (options: { year: string; unit: string; points: string; reason: string }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const year = parseYear(options.year);
      const body = { unitId: options.unit, kind: 'bonus', points: parsePoints(options.points), reason: options.reason };
      const adjustment = await callApi<{ adjustmentId: string }>(context, 'POST', `/assessments/${year}/adjustments`, body);
      print(context, adjustment, () => `${adjustment.adjustmentId}: ${options.unit} +${body.points} / 已记录加分`);
    });

  assess
    .command('veto')
    .description('record a veto (一票否决) for a unit, with its reason: the unit fails whatever its score')
    .requiredOption('--year <year>', 'the assessment year, YYYY')
    .requiredOption('--unit <unitId>', 'the unit')
    .requiredOption('--reason <text>', 'why')
    .action(async (options: { year: string; unit: string; reason: string }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const year = parseYear(options.year);
      const adjustment = await callApi<{ adjustmentId: string }>(context, 'POST', `/assessments/${year}/adjustments`, {
        unitId: options.unit,
        kind: 'veto',
        reason: options.reason,
      });
      print(context, adjustment, () => `${adjustment.adjustmentId}: ${options.unit} vetoed / 已记录一票否决`);
    });

  assess
    .command('disclose')
    .description('approve the published result for the public endpoints (信息公开)')
    .requiredOption('--year <year>', 'the assessment year, YYYY')
    .action(async (options: { year: string }, command: Command) => {
      const context = resolveContext(command.optsWithGlobals<GlobalOptions>());
      const year = parseYear(options.year);
      const disclosure = await callApi<{ runId?: string }>(context, 'POST', `/assessments/${year}/disclosure`);
      print(context, disclosure, () => `${year}: run ${disclosure.runId} approved for the public / 已批准公开`);
    });
}

/** Polls the run until it is no longer RUNNING; a failed run is an error naming its cause. */
export async function finishedRun(context: CliContext, year: number, runId: string): Promise<AssessmentRun> {
  for (;;) {
    const run = await callApi<AssessmentRun>(context, 'GET', `/assessments/${year}/runs/${encodeURIComponent(runId)}`);
    if (run.status === 'SUCCEEDED') return run;
    if (run.status !== 'RUNNING') {
      throw new CliError(`the assessment run ${runId} ended ${run.status}`, `考核运行 ${runId} 未成功：${run.status}`, {
        runId,
        status: run.status,
        ...(run.error ? { cause: run.error } : {}),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Rules from YAML or JSON, checked with the rules schema: a problem names `rules.<field>` and its rule. */
export async function readRulesFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, `无法读取文件 ${file}`);
  }
  let rules: unknown;
  if (extname(file).toLowerCase() === '.json') {
    try {
      rules = JSON.parse(text);
    } catch (error) {
      throw new CliError(`${file}: JSON syntax error: ${(error as Error).message}`, `${file}：JSON 格式错误`);
    }
  } else {
    const document = parseDocument(text, { uniqueKeys: true });
    if (document.errors.length > 0) {
      throw new CliError(`${file}: YAML syntax error: ${document.errors[0]!.message.split('\n')[0]}`, `${file}：YAML 格式错误`);
    }
    rules = document.toJS({ maxAliasCount: 100 });
  }
  // A plan file's `assessment:` section may be given as it is written there.
  if (rules !== null && typeof rules === 'object' && 'assessment' in rules && Object.keys(rules).length === 1) rules = (rules as { assessment: unknown }).assessment;
  const checked = z.strictObject({ rules: AssessmentRules }).safeParse({ rules });
  if (!checked.success) {
    const fields = problemsFromZodIssues(checked.error.issues, { rules });
    throw new CliError(`${file}: ${fields.length} problem(s) in the rules; nothing was started`, `${file}：考核规则有 ${fields.length} 处问题，未启动考核`, {
      error: 'invalid_rules',
      fields,
    });
  }
  return rules;
}

const gradeNames: Record<Grade, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };

/** The ranking as the API gives it, group by group: the rank is within the group. */
function rankingTable(units: readonly RankedUnit[]): string {
  return table([
    ['group 类别', 'rank 排名', 'unit 单位', 'total 总分', 'grade 等次'],
    ...units.map((unit) => [
      unit.groupName,
      String(unit.rank),
      `${unit.unitName} (${unit.unitId})`,
      unit.total.toFixed(2),
      `${gradeNames[unit.grade]}${unit.vetoed ? ' (一票否决)' : ''}`,
    ]),
  ]);
}

function unitText(unit: UnitView): string {
  return [
    `${unit.unitName} (${unit.unitId}): ${unit.total.toFixed(2)}, ${gradeNames[unit.grade]}, rank ${unit.rank} / ${unit.groupName}第 ${unit.rank} 名`,
    table([
      ['line 明细', 'rule 规则', 'points 分值', 'events 依据'],
      ...unit.lineItems.map((line) => [line.lineId, line.rule, line.points.toFixed(2), line.eventIds.join(' ')]),
    ]),
  ].join('\n');
}

/** The dry run's changes (units whose group, rank, total or grade would move), the biggest rank moves (within a group) first. */
function changesTable(changes: readonly RankChange[]): string {
  if (changes.length === 0) return 'no rank changes / 排名无变化';
  // A ranking stored before groups has none: its side shows the rank alone.
  const figure = (side: RankChange['before']) =>
    side ? `${side.group ? `${side.group} ` : ''}${side.rank} (${side.total.toFixed(2)} ${gradeNames[side.grade]})` : '—';
  const move = (change: RankChange) =>
    change.rankDelta !== null
      ? change.rankDelta > 0
        ? `+${change.rankDelta}`
        : String(change.rankDelta)
      : change.before === null
        ? 'new'
        : change.after === null
          ? 'gone'
          : 'regrouped';
  return table([
    ['unit 单位', 'before 原排名', 'after 新排名', 'move 变化'],
    ...[...changes]
      .sort((a, b) => Math.abs(b.rankDelta ?? 0) - Math.abs(a.rankDelta ?? 0) || (a.unitId < b.unitId ? -1 : 1))
      .map((change) => [`${change.unitName} (${change.unitId})`, figure(change.before), figure(change.after), move(change)]),
  ]);
}
