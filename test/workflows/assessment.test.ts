import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import type { Handler } from '../../infra/local/functions.js';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { systemClock } from '../../shared/clock/clock.js';
import { buildAssessmentReport, nameReport } from '../../shared/assessment/report.js';
import { renderCsv } from '../../shared/assessment/render-csv.js';
import { sheetNamesOf } from '../../shared/assessment/render-xlsx.js';
import { gradeOf, rankUnits } from '../../shared/domain/assessment/rank.js';
import type { AssessmentRules } from '../../shared/domain/assessment/rules.js';
import type { LineItem, RankedUnit, UnitScore } from '../../shared/domain/assessment/types.js';
import { repoRoot, runCli } from '../support/cli.js';
import { startTestStack } from '../support/local-stack.js';
import { usePrivateDynamoDb } from '../support/private-dynamodb.js';

// The synthesized assessment state machine on the local stack, over the Cixi sample
// after a simulated spring (2022-03-01 → 2022-04-30, seed 7: the first milestones pass, tasks are closed,
// behind and overdue, escalated up to 约谈, so scores vary; the whole year takes a minute or more on its own
// and would take this file well past 90 s).
// An admin vetoes 慈溪分局 and gives 浒山街道 a bonus; the run is checked against the domain rules over
// the stored scores, then an upheld appeal re-scores and republishes, a re-run (with a crash after ScoreBatch's
// writes) gives the same CSV bytes, a failing run and a dry run leave the published result alone.

const YEAR = 2022;
const PLAN = join(repoRoot, 'samples/cixi-2022.yaml');
const SIMULATED = { from: '2022-03-01', to: '2022-04-30', seed: '7' };
const VETOED = 'eco-bureau';
const BONUS = 'hushan';

const workDir = mkdtempSync(join(tmpdir(), 'assessment-'));
const dataDir = join(workDir, 'data');

const SCORE_ENTRY = 'workflows/assessment/tasks/score-batch.ts';
const RANK_ENTRY = 'workflows/assessment/tasks/rank.ts';
/** Faults armed per test: after the real handler ran, once (a crash after the writes), or before it, always. */
const faults: { scoreAfterWrites?: number; rankFails?: boolean } = {};
const scoreCalls: string[] = [];

const standIns: Record<string, Handler> = {
  [SCORE_ENTRY]: async (event) => {
    const output = await (await import('../../workflows/assessment/tasks/score-batch.js')).handler(event);
    scoreCalls.push(JSON.stringify(event));
    // As the Lambda service reports a function that died (out of memory, a runtime exit): Step Functions matches on the name.
    if (faults.scoreAfterWrites && faults.scoreAfterWrites-- > 0) throw Object.assign(new Error('the function crashed after its writes'), { name: 'Lambda.Unknown' });
    return output;
  },
  [RANK_ENTRY]: async (event) => {
    if (faults.rankFails) throw new Error('ranking failed / 排名失败');
    return (await import('../../workflows/assessment/tasks/rank.js')).handler(event);
  },
};

let dynamodb: DynamoDbLocal;
let stack: LocalStack;
let sfn: SFNClient;
let rules: AssessmentRules;

const store = () => import('../../shared/store/assessment-runs.js');
const admin = 'admin:test';
const now = () => new Date().toISOString();

beforeAll(async () => {
  dynamodb = await usePrivateDynamoDb();
  stack = await startTestStack({ dataDir, handlers: standIns });
  sfn = new SFNClient({ endpoint: stack.sfnEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const env = { ...process.env, PORT: new URL(stack.url).port, DATA_DIR: dataDir };
  expect((await runCli(['plan', 'import', PLAN, '--json'], env)).code).toBe(0);
  const started = performance.now();
  const simulated = await runCli(['simulate', '--plan', 'cixi-2022', '--from', SIMULATED.from, '--to', SIMULATED.to, '--seed', SIMULATED.seed, '--json'], env);
  expect(simulated.code, simulated.stderr).toBe(0);
  console.info(`simulate ${SIMULATED.from} → ${SIMULATED.to}: ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const { loadPlan } = await import('../../shared/store/plans-repo.js');
  rules = (await loadPlan('cixi-2022'))!.plan.assessment;
  const { recordAdjustment } = await import('../../shared/store/assessment-inputs.js');
  await recordAdjustment({ year: YEAR, unitId: VETOED, kind: 'veto', reason: '中央环保督察发现重大问题 / major finding of the central inspection', by: admin, at: now() });
  await recordAdjustment({ year: YEAR, unitId: BONUS, kind: 'bonus', points: 2, reason: '省级示范 / provincial model', by: admin, at: now() });
}, 240_000);

afterAll(async () => {
  sfn?.destroy();
  await stack?.stop();
  await dynamodb?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

/** Records the run and starts the synthesized state machine on it, as POST /assessments does; waits for the end. */
async function assess(runId: string, options: { dryRun?: boolean; rules?: Record<string, unknown>; appealId?: string } = {}) {
  const { createRun } = await store();
  await createRun(
    { runId, year: YEAR, dryRun: options.dryRun ?? false, startedAt: now(), startedBy: admin, ...(options.rules ? { rules: options.rules } : {}), ...(options.appealId ? { appealId: options.appealId } : {}) },
    systemClock,
  );
  const machine = stack.runner.stateMachines.find((m) => m.definition.StartAt === 'PrepareAssessment')!;
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name: runId, input: JSON.stringify({ year: YEAR, runId }) }));
  const execution = await stack.runner.wait(started.executionArn!);
  return { ...execution, result: JSON.parse(execution.output ?? 'null') as Record<string, unknown> };
}

const hundredths = (points: number) => Math.round(points * 100);
const reportFile = (key: string) => readFileSync(join(dataDir, key));

/** A unit's (or the leaders') assessment notifications. */
async function inbox(unitId: string) {
  const { dynamo } = await import('../../shared/store/client.js');
  const { Items } = await dynamo().send(
    new QueryCommand({ TableName: stack.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `INBOX#${unitId}` }, ConsistentRead: true }),
  );
  return (Items ?? []).filter((item) => item.kind === 'assessment');
}

/** The run's scores with their line items, as stored. */
async function storedScores(runId: string): Promise<UnitScore[]> {
  const { listUnitScores, listUnitLines } = await store();
  const [scores, lines] = await Promise.all([listUnitScores(YEAR, runId), listUnitLines(YEAR, runId)]);
  return scores.map((score) => ({ ...score, lineItems: lines.get(score.unitId)! }));
}

describe('the assessment of 2022', () => {
  let first: { ranking: RankedUnit[]; scores: UnitScore[] };

  it('scores every unit with line items that sum exactly to its total, ranks and grades by the rules, fails and ranks last the vetoed unit', async () => {
    // Act
    const run = await assess('run-1');

    // Assess
    expect(run.status, `${run.error} ${run.cause}`).toBe('SUCCEEDED');
    expect(run.result).toMatchObject({ year: YEAR, runId: 'run-1', status: 'SUCCEEDED', units: 24, published: true, revision: 1 });
    const { getRun, getRanking, getPublished } = await store();
    expect(await getRun(YEAR, 'run-1')).toMatchObject({ status: 'SUCCEEDED', units: 24, published: true, revision: 1 });
    const scores = await storedScores('run-1');
    // 28 units, of which four departments lead goals the towns carry and have no task of their own: not assessed.
    expect(scores).toHaveLength(24);
    expect(scores.map((score) => score.unitId).filter((unitId) => ['air-office', 'economy-it', 'transport', 'zero-waste-taskforce'].includes(unitId))).toEqual([]);
    for (const score of scores) {
      const sum = score.lineItems.reduce((total, line) => total + hundredths(line.points), 0);
      expect(sum, score.unitId).toBe(hundredths(score.total));
      const of = (rule: LineItem['rule'][]) => score.lineItems.filter((line) => rule.includes(line.rule)).reduce((total, line) => total + hundredths(line.points), 0);
      expect([of(['completion']), of(['timeliness']), of(['escalation', 'rebound']), of(['bonus'])], score.unitId).toEqual(
        [score.completion, score.timeliness, score.deductions, score.bonus].map(hundredths),
      );
    }
    // The half year leaves scores that differ: some units lose points to lateness and escalations, none below 0 (扣完为止).
    expect(new Set(scores.map((score) => score.total)).size).toBeGreaterThan(5);
    expect(scores.some((score) => score.lineItems.some((line) => line.rule === 'escalation' && line.points < 0))).toBe(true);
    for (const score of scores) expect(score.total, score.unitId).toBeGreaterThanOrEqual(0);
    // The simulated spring's close-outs are dated within it, not on the day the test ran.
    const closings = scores.flatMap((score) => score.lineItems.filter((line) => line.rule === 'timeliness' && line.detail.closed === true));
    expect(closings.length).toBeGreaterThan(0);
    for (const line of closings)
      for (const day of [line.detail.requestedOn, line.detail.closedOn]) expect(SIMULATED.from <= String(day) && String(day) <= SIMULATED.to, `${line.lineId} ${day}`).toBe(true);

    const ranking = (await getRanking(YEAR, 'run-1'))!;
    expect(ranking).toEqual(rankUnits(scores, rules));
    for (const unit of ranking) expect(unit.grade, unit.unitId).toBe(gradeOf(unit.total, unit.vetoed, rules));
    expect(ranking.at(-1)).toMatchObject({ unitId: VETOED, vetoed: true, grade: 'fail' });
    expect(ranking.filter((unit) => unit.vetoed)).toHaveLength(1);
    const vetoed = scores.find((score) => score.unitId === VETOED)!;
    expect(vetoed.lineItems).toContainEqual(expect.objectContaining({ rule: 'veto', points: 0, eventIds: ['adj-1'] }));
    expect(scores.find((score) => score.unitId === BONUS)!.bonus).toBe(2);

    const published = (await getPublished(YEAR))!;
    expect(published).toMatchObject({ runId: 'run-1', revision: 1, reports: { csv: 'reports/assessments/2022/run-1.csv' } });
    // Each unit is told its figures, the leaders the grades, once (a notification of the revision).
    const top = ranking[0]!;
    const [note] = await inbox(top.unitId);
    expect(note).toMatchObject({ notificationId: 'assessment-2022-r1', kind: 'assessment', revision: 1 });
    expect(note!.body).toContain(`total ${top.total.toFixed(2)}`);
    const inGroup = ranking.filter((unit) => unit.group === top.group).length;
    expect(note!.body).toContain(`rank ${top.rank} of ${inGroup} (${top.groupName})`);
    expect(note!.body).toContain(`${top.groupName}第 ${top.rank} 名（共 ${inGroup} 个单位）`);
    expect((await inbox('_leaders')).filter((item) => item.notificationId === 'assessment-2022-r1')).toHaveLength(1);
    first = { ranking, scores };
  }, 120_000);

  it('writes a CSV with a row per line item in rank order, and an XLSX that opens with exceljs holding the ranking and the line items', async () => {
    // Prepare
    const { getPublished } = await store();
    const { reports } = (await getPublished(YEAR))!;
    const lineCount = first.scores.reduce((total, score) => total + Math.max(1, score.lineItems.length), 0);

    // Act
    const csv = reportFile(reports.csv).toString('utf8');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(reportFile(reports.xlsx) as unknown as ArrayBuffer);

    // Assess: the rows in the ranking's order (group by group, by rank), each ending with its ids.
    const rows = csv.split('\r\n').slice(1, -1);
    expect(rows).toHaveLength(lineCount);
    const top = first.ranking[0]!;
    expect(rows[0]!.startsWith(`${top.groupName},1,${top.unitName},`)).toBe(true);
    expect(rows[0]).toContain(`,${top.unitId},`);
    expect(rows.at(-1)).toMatch(new RegExp(`^部门,\\d+,慈溪分局,.*,是,.*,${VETOED},`));
    const names = sheetNamesOf('zh');
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([names.ranking, names.details]);
    const HEADER_ROW = 3;
    const sheet = workbook.getWorksheet(names.ranking)!;
    first.ranking.forEach((unit, i) => {
      const values = (sheet.getRow(HEADER_ROW + 1 + i).values as unknown[]).slice(1, 5);
      expect(values, unit.unitId).toEqual([unit.groupName, unit.rank, unit.unitName, unit.total]);
    });
    const details = workbook.getWorksheet(names.details)!;
    const byUnit = new Map<string, number[]>();
    for (let r = HEADER_ROW + 1; r <= details.rowCount; r++) {
      const [unitName, points] = [details.getCell(r, 1).value as string, details.getCell(r, 4).value as number];
      byUnit.set(unitName, [...(byUnit.get(unitName) ?? []), points]);
    }
    for (const score of first.scores) expect(byUnit.get(score.unitName) ?? [], score.unitId).toEqual(score.lineItems.map((line) => line.points));
    expect(readFileSync(join(dataDir, reports.html), 'utf8')).toContain('慈溪分局');
  });

  it('re-scores the unit of an upheld appeal and republishes as revision 2, with the old and new figures in the audit', async () => {
    // Prepare: a unit appeals a deduction, the admin upholds it (the line then scores 0). A unit none of whose
    // deductions stopped at its points (扣完为止), so the total rises by exactly the line's points.
    const appealed = first.scores.find(
      (score) =>
        score.unitId !== VETOED &&
        score.lineItems.some((line) => line.rule === 'escalation' && line.points < 0) &&
        !score.lineItems.some((line) => line.detail.capped === true && line.rule !== 'bonus'),
    )!;
    const line = appealed.lineItems.find((item) => item.rule === 'escalation' && item.points < 0)!;
    const before = first.ranking.find((unit) => unit.unitId === appealed.unitId)!;
    const { fileAppeal, decideAppeal } = await import('../../shared/store/assessment-appeals.js');
    const appeal = await fileAppeal({ year: YEAR, unitId: appealed.unitId, lineId: line.lineId, reason: '已按期整改 / put right in time', by: `unit:${appealed.unitId}`, at: now(), runId: 'run-1' });
    await decideAppeal({ year: YEAR, appealId: appeal.appealId, decision: 'uphold', reason: '核实 / verified', by: admin, at: now() });

    // Act
    const run = await assess('run-appeal', { appealId: appeal.appealId });

    // Assess
    expect(run.status, `${run.error} ${run.cause}`).toBe('SUCCEEDED');
    expect(run.result).toMatchObject({ published: true, revision: 2 });
    const { getPublished, getRanking, getUnitLines, listAssessmentAudit } = await store();
    expect(await getPublished(YEAR)).toMatchObject({ runId: 'run-appeal', revision: 2 });
    const lines = (await getUnitLines(YEAR, 'run-appeal', appealed.unitId))!;
    expect(lines.find((item) => item.lineId === line.lineId)).toMatchObject({ points: 0, waivedBy: appeal.appealId });
    const after = (await getRanking(YEAR, 'run-appeal'))!.find((unit) => unit.unitId === appealed.unitId)!;
    expect(hundredths(after.total)).toBe(hundredths(before.total) - hundredths(line.points));
    const audit = (await listAssessmentAudit(YEAR)).at(-1)!;
    expect(audit).toMatchObject({ kind: 'republished', runId: 'run-appeal', previousRunId: 'run-1', appealId: appeal.appealId, revision: 2 });
    expect(audit.changes).toContainEqual({
      unitId: appealed.unitId,
      before: { total: before.total, grade: before.grade, rank: before.rank, group: before.group },
      after: { total: after.total, grade: after.grade, rank: after.rank, group: after.group },
    });
    // Only the appealed unit's total moved; others at most changed rank.
    for (const change of audit.changes.filter((c) => c.unitId !== appealed.unitId)) expect(change.after?.total, change.unitId).toBe(change.before?.total);
  }, 120_000);

  it('gives byte-identical CSV on a re-run, even when ScoreBatch crashes once after its writes', async () => {
    // Prepare
    const { getPublished } = await store();
    const previous = (await getPublished(YEAR))!;
    faults.scoreAfterWrites = 1;
    scoreCalls.length = 0;

    // Act
    const run = await assess('run-again');

    // Assess
    expect(run.status, `${run.error} ${run.cause}`).toBe('SUCCEEDED');
    expect(scoreCalls.length).toBe(2 + 1);
    const published = (await getPublished(YEAR))!;
    expect(published).toMatchObject({ runId: 'run-again', revision: 3 });
    expect(reportFile(published.reports.csv)).toEqual(reportFile(previous.reports.csv));
  }, 120_000);

  it('leaves PUBLISHED untouched when a run fails, records the run FAILED and releases the year', async () => {
    // Prepare
    const { getPublished, getRun } = await store();
    const before = await getPublished(YEAR);
    faults.rankFails = true;

    // Act
    const run = await assess('run-fails');
    faults.rankFails = false;

    // Assess
    expect(run.status).toBe('FAILED');
    expect(await getRun(YEAR, 'run-fails')).toMatchObject({ status: 'FAILED', error: { Error: 'Error' } });
    expect(await getPublished(YEAR)).toEqual(before);
    expect((await assess('run-after-failure', { dryRun: true })).status).toBe('SUCCEEDED');
  }, 120_000);

  it('a dry run with other rules records its rank moves and publishes nothing', async () => {
    // Prepare: stricter grade bands than the plan's
    const { getPublished, getRun, getRanking, listUnitLines } = await store();
    const before = (await getPublished(YEAR))!;
    const strict = { ...rules, grades: { excellent: 99, good: 95, pass: 90 } };

    // Act
    const run = await assess('what-if', { dryRun: true, rules: strict });

    // Assess
    expect(run.status, `${run.error} ${run.cause}`).toBe('SUCCEEDED');
    expect(run.result).toMatchObject({ published: false, units: 24 });
    expect(await getPublished(YEAR)).toEqual(before);
    const whatIf = (await getRun(YEAR, 'what-if'))!;
    const ranking = (await getRanking(YEAR, 'what-if'))!;
    expect(ranking.every((unit) => unit.grade === gradeOf(unit.total, unit.vetoed, strict))).toBe(true);
    expect(whatIf.changes?.length).toBeGreaterThan(0);
    for (const change of whatIf.changes!) expect(change.after?.grade, change.unitId).toBe(ranking.find((unit) => unit.unitId === change.unitId)!.grade);
    // The published CSV still renders from the published run alone.
    const publishedRanking = (await getRanking(YEAR, before.runId))!;
    const report = buildAssessmentReport(publishedRanking, await listUnitLines(YEAR, before.runId), { year: YEAR, runId: before.runId, publishedOn: before.publishedOn });
    const { readReportNames } = await import('../../shared/assessment/report-names.js');
    const csv = renderCsv(nameReport(report, await readReportNames(report)));
    expect(Buffer.from(csv)).toEqual(reportFile(before.reports.csv));
  }, 120_000);
});
