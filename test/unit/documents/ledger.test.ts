import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { cellText, ledgerColumns, LIGHT_COLUMN, lightLabels, statusLabels } from '../../../shared/documents/ledger-columns.js';
import { renderLedgerCsv } from '../../../shared/documents/ledger-csv.js';
import { fileNameOf } from '../../../shared/documents/ledger-export.js';
import { ledgerOf, type LedgerPlan } from '../../../shared/documents/ledger-rows.js';
import { LEDGER_SHEET, renderLedgerXlsx } from '../../../shared/documents/ledger-xlsx.js';
import { lightStyles } from '../../../shared/documents/workbook-style.js';
import { allocateGoal } from '../../../shared/domain/allocation.js';
import { levelLabels } from '../../../shared/domain/lateness.js';
import { expectedShare, lightOf } from '../../../shared/domain/light.js';
import { defaultTracking } from '../../../shared/domain/tracking.js';
import type { Task } from '../../../shared/domain/task.js';
import { cixi, cixiTask } from '../domain/cixi-tasks.js';

/*
 * The ledger of the Cixi sample on 2022-10-31 (Asia/Shanghai): every task the breakdown gives, a few of
 * them reported, escalated, closed or withdrawn.
 */

const AS_OF = '2022-10-31';
const clock = fixedClock(`${AS_OF}T04:00:00.000Z`);
const plan: LedgerPlan = { ...cixi, timezone: 'Asia/Shanghai', tracking: cixi.tracking ?? defaultTracking };

const reported = (changes: Partial<NonNullable<Task['progress']>>): Task['progress'] => ({
  asOf: '2022-10-25',
  reportedBy: 'unit:test',
  reportedAt: '2022-10-25T02:00:00.000Z',
  ...changes,
});

const changes: Record<string, Partial<Task>> = {
  'vocs-projects.hushan': { status: 'in_progress', progress: reported({ done: 2, note: '已完成2家企业治理，=另2家在建' }) },
  'spray-recheck.hushan': {
    status: 'in_progress',
    progress: reported({ done: 5 }),
    escalation: { level: 'summon', period: 'overdue:2022-09-30', date: '2022-10-31' },
  },
  'pm25.hushan': { status: 'in_progress', progress: reported({ value: 31.5, period: '2022-Q3' }) },
  'handover-sections.hushan': { status: 'closed', progress: reported({ complete: true }) },
  'vocs-projects.baishalu': { status: 'withdrawn' },
};

/** Every task of the Cixi sample, in the order the store's plan index gives them: by goal id, then unit id. */
function cixiTasks(): Task[] {
  return cixi.goals
    .flatMap((goal) => allocateGoal(cixi, goal).map((a) => cixiTask(goal.id, a.unitId, changes[`${goal.id}.${a.unitId}`])))
    .sort((a, b) => a.goalId.localeCompare(b.goalId) || a.unitId.localeCompare(b.unitId));
}

/** A slug (`kandun`, `vocs-projects`) or a task id of three: lower-case Latin, digits, hyphens, dots; a letter at least. */
const idPattern = /^(?=.*[a-z])[a-z0-9-]+(\.[a-z0-9-]+){0,2}$/;

describe('ledgerOf', () => {
  it('groups the rows by unit in plan order and by goal in plan order, leaving withdrawn tasks out', () => {
    const tasks = cixiTasks();

    const ledger = ledgerOf(plan, tasks, clock);

    const unitOrder = cixi.units.map((unit) => unit.id).filter((id) => ledger.units.some((u) => u.unitId === id));
    expect(ledger.units.map((unit) => unit.unitId)).toEqual(unitOrder);
    for (const unit of ledger.units) {
      const goalPositions = unit.rows.map((row) => cixi.goals.findIndex((goal) => goal.id === row.goalId));
      expect(goalPositions).toEqual([...goalPositions].sort((a, b) => a - b));
    }
    expect(ledger.rows).toHaveLength(tasks.filter((task) => task.status !== 'withdrawn').length);
    expect(ledger.rows.map((row) => row.taskId)).not.toContain('cixi-2022.vocs-projects.baishalu');
    expect(ledger.asOf).toBe(AS_OF);
  });

  it('names units and goals in words and takes the light and 序时进度 from the domain', () => {
    const tasks = cixiTasks();

    const ledger = ledgerOf(plan, tasks, clock);

    for (const row of ledger.rows) {
      const task = tasks.find((t) => t.id === row.taskId)!;
      expect(row.unitName).toBe(cixi.units.find((unit) => unit.id === task.unitId)!.name);
      expect(row.goalTitle).toBe(cixi.goals.find((goal) => goal.id === task.goalId)!.title);
      expect(row.light).toBe(lightOf(task, AS_OF, plan.tracking.margin));
      expect(row.expected).toBe(task.kind === 'quantity' ? expectedShare(task.milestones, AS_OF) : null);
    }
    const vocs = ledger.rows.find((row) => row.taskId === 'cixi-2022.vocs-projects.hushan')!;
    expect(vocs.completion).toBeCloseTo(2 / vocs.target!, 10);
    expect(vocs.reported).toBe(2);
    const spray = ledger.rows.find((row) => row.taskId === 'cixi-2022.spray-recheck.hushan')!;
    expect([spray.light, spray.escalation]).toEqual(['red', 'summon']);
    const handover = ledger.rows.find((row) => row.taskId === 'cixi-2022.handover-sections.hushan')!;
    expect([handover.complete, handover.completion, handover.status]).toEqual([true, 1, 'closed']);
  });

  it('keeps only the asked unit, named in the ledger', () => {
    const ledger = ledgerOf(plan, cixiTasks(), clock, 'kandun');

    expect(new Set(ledger.rows.map((row) => row.unitId))).toEqual(new Set(['kandun']));
    expect(ledger.unit).toEqual({ id: 'kandun', name: '坎墩街道' });
    expect(fileNameOf(ledger, 'xlsx')).toBe(`${cixi.name}-坎墩街道-任务台账-${AS_OF}.xlsx`);
  });
});

describe('renderLedgerXlsx', () => {
  async function readBack(bytes: Buffer): Promise<ExcelJS.Workbook> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    return workbook;
  }

  it('reads back every value of every row, under a title naming the plan and the day', async () => {
    const ledger = ledgerOf(plan, cixiTasks(), clock);

    const sheet = (await readBack(await renderLedgerXlsx(ledger))).getWorksheet(LEDGER_SHEET)!;

    expect(String(sheet.getCell('A1').value)).toContain(cixi.name);
    expect(String(sheet.getCell('A2').value)).toContain(AS_OF);
    expect(sheet.getRow(3).values).toEqual([undefined, ...ledgerColumns.map((column) => column.heading)]);
    ledger.rows.forEach((row, i) => {
      const line = sheet.getRow(4 + i);
      ledgerColumns.forEach((column, c) => {
        const written = column.cell(row, i + 1);
        const value = line.getCell(c + 1).value;
        if (written === null) expect(value, `${row.taskId} ${column.heading}`).toBeNull();
        else if ('date' in written) expect((value as Date).toISOString().slice(0, 10)).toBe(written.date);
        else if ('text' in written) expect(value).toBe(written.text);
        else expect(value).toBe(written.number);
      });
    });
    expect(sheet.rowCount).toBe(3 + ledger.rows.length);
  });

  it('shows no id as the main text of a row: units and tasks in words, the id in a hidden column', async () => {
    const ledger = ledgerOf(plan, cixiTasks(), clock);

    const sheet = (await readBack(await renderLedgerXlsx(ledger))).getWorksheet(LEDGER_SHEET)!;

    const idColumn = ledgerColumns.findIndex((column) => column.heading === '任务编号') + 1;
    expect(sheet.getColumn(idColumn).hidden).toBe(true);
    for (let r = 4; r <= sheet.rowCount; r++) {
      const shown = ledgerColumns.map((_, c) => c + 1).filter((c) => c !== idColumn);
      for (const c of shown) expect(String(sheet.getRow(r).getCell(c).value ?? '')).not.toMatch(idPattern);
    }
  });

  it('colours each light, filters and freezes the header, prints A4 landscape with the header repeated', async () => {
    const ledger = ledgerOf(plan, cixiTasks(), clock);

    const sheet = (await readBack(await renderLedgerXlsx(ledger))).getWorksheet(LEDGER_SHEET)!;

    ledger.rows.forEach((row, i) => {
      const cell = sheet.getRow(4 + i).getCell(LIGHT_COLUMN);
      expect(cell.value).toBe(row.light ? lightLabels[row.light] : null);
      if (row.light) expect((cell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe((lightStyles[row.light].fill as ExcelJS.FillPattern).fgColor?.argb);
    });
    expect(sheet.autoFilter).toMatch(/^A3:/);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '3:3' });
  });

  it('gives each unit its own sheet, named after it, on request', async () => {
    const ledger = ledgerOf(plan, cixiTasks(), clock);

    const workbook = await readBack(await renderLedgerXlsx(ledger, { sheetPerUnit: true }));

    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(ledger.units.map((unit) => unit.unitName));
    const kandun = workbook.getWorksheet('坎墩街道')!;
    expect(kandun.rowCount).toBe(3 + ledger.units.find((unit) => unit.unitId === 'kandun')!.rows.length);
    expect(String(kandun.getCell('A1').value)).toContain('坎墩街道');
  });
});

describe('renderLedgerCsv', () => {
  it('starts with a BOM and the Chinese headings, and has one line per row in the same words', () => {
    const ledger = ledgerOf(plan, cixiTasks(), clock);

    const text = renderLedgerCsv(ledger).toString('utf8');

    expect(text.startsWith('\uFEFF序号,责任单位,任务,')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + ledger.rows.length);
    const spray = lines.find((line) => line.endsWith(',cixi-2022.spray-recheck.hushan'))!;
    expect(spray).toContain(`,${lightLabels.red},${levelLabels.summon},${statusLabels.in_progress},2022-09-30,2022-10-25,`);
    const pm25 = ledger.rows.find((row) => row.taskId === 'cixi-2022.pm25.hushan')!;
    expect(lines.find((line) => line.endsWith(',cixi-2022.pm25.hushan'))).toContain(`,≤${pm25.target},μg/m³,31.5,`);
  });

  it('writes percentages with one decimal and keeps a typed note from running as a formula', () => {
    const ledger = ledgerOf(plan, cixiTasks(), clock);

    const text = renderLedgerCsv(ledger).toString('utf8');

    const vocs = ledger.rows.find((row) => row.taskId === 'cixi-2022.vocs-projects.hushan')!;
    const line = text.split('\r\n').find((l) => l.endsWith(',cixi-2022.vocs-projects.hushan'))!;
    expect(line).toContain(`,${cellText({ number: vocs.completion!, numFmt: '0.0%' })},`);
    expect(cellText({ number: 2 / 7, numFmt: '0.0%' })).toBe('28.6%');
    expect(line).toContain(',已完成2家企业治理，=另2家在建,');
    const injected = renderLedgerCsv({ ...ledger, rows: [{ ...vocs, note: '=HYPERLINK("x")' }] }).toString('utf8');
    expect(injected).toContain(`,"'=HYPERLINK(""x"")",`);
  });
});
