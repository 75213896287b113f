import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { cellText, ledgerColumns } from '../../../shared/documents/ledger-columns.js';
import { ledgerOf, type LedgerPlan } from '../../../shared/documents/ledger-rows.js';
import { LEDGER_SHEET, renderLedgerXlsx } from '../../../shared/documents/ledger-xlsx.js';
import { defaultTracking } from '../../../shared/domain/tracking.js';
import type { Task } from '../../../shared/domain/task.js';
import { cixi, cixiTask } from '../domain/cixi-tasks.js';

/* The ledger's target cells for a strict, a relative and a floor target. */

const clock = fixedClock('2022-10-31T04:00:00.000Z');
const plan: LedgerPlan = { ...cixi, timezone: 'Asia/Shanghai', tracking: cixi.tracking ?? defaultTracking };
const reported = (changes: Partial<NonNullable<Task['progress']>>): Task['progress'] => ({
  asOf: '2022-10-25',
  reportedBy: 'unit:test',
  reportedAt: '2022-10-25T02:00:00.000Z',
  ...changes,
});

const strict = cixiTask('good-air-ratio', 'hushan', { direction: 'more_than', target: 95 });
const relative = cixiTask('pm25', 'hushan', { target: 29.64, relative: { baseline: 31.2, change: -0.05, baselineYear: 2021 } });
const floor = cixiTask('vocs-projects', 'hushan', { atLeast: true, target: 150, status: 'in_progress', progress: reported({ done: 168 }) });
const column = (heading: string) => ledgerColumns.findIndex((c) => c.heading === heading);

describe('the ledger: strict, relative and floor targets', () => {
  it('writes the strict sign and 以上 into the target\'s number format, the relative wording and the excess as a note', () => {
    // Act
    const rows = ledgerOf(plan, [strict, relative, floor], clock).rows;
    const byGoal = new Map(rows.map((row) => [row.goalId, row]));
    const cells = (goalId: string, heading: string) => ledgerColumns[column(heading)]!.cell(byGoal.get(goalId)!, 1);

    // Assess
    expect(cells('good-air-ratio', '目标值')).toEqual({ number: 95, numFmt: '">"General' });
    expect(cells('pm25', '目标说明')).toEqual({ text: '较2021年下降5%（基准值31.2μg/m³，目标值29.64μg/m³）' });
    expect(cells('vocs-projects', '目标值')).toEqual({ number: 150, numFmt: 'General"以上"' });
    expect(cellText(cells('vocs-projects', '目标说明'))).toBe('完成168个（目标150个以上，超额18个）');
    expect(cells('good-air-ratio', '目标说明')).toBeNull();
  });

  it('keeps the target a number in the workbook', async () => {
    // Act
    const buffer = await renderLedgerXlsx(ledgerOf(plan, [floor], clock));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(LEDGER_SHEET)!;
    const headings = sheet.getRow(3).values as unknown[];
    const target = sheet.getRow(4).getCell(headings.indexOf('目标值'));

    // Assess
    expect(target.value).toBe(150);
    expect(target.numFmt).toBe('General"以上"');
  });
});
