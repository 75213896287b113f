import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { cellText, ledgerColumns } from '../../../shared/documents/ledger-columns.js';
import { renderLedgerCsv } from '../../../shared/documents/ledger-csv.js';
import { ledgerOf, type LedgerPlan } from '../../../shared/documents/ledger-rows.js';
import { defaultTracking } from '../../../shared/domain/tracking.js';
import { cixi, cixiTask } from '../domain/cixi-tasks.js';

const clock = fixedClock('2022-10-31T04:00:00.000Z');
const plan: LedgerPlan = { ...cixi, timezone: 'Asia/Shanghai', tracking: cixi.tracking ?? defaultTracking };
const column = (heading: string) => ledgerColumns.find((c) => c.heading === heading)!;

describe('the ledger names joint leads and the plan note of a task', () => {
  it('joins every lead with 、, the primary first, and shows the note beside the unit progress note', () => {
    // Prepare
    const jointly = cixiTask('vocs-projects', 'hushan', { coLeads: ['water-office'], note: '以浒山工业区为重点' });
    const alone = cixiTask('vocs-projects', 'gutang');

    // Act
    const [hushan, gutang] = ledgerOf(plan, [jointly, alone], clock).rows;

    // Assess
    expect(cellText(column('牵头单位').cell(hushan!, 1))).toBe('慈溪分局、市治水办');
    expect(cellText(column('任务备注').cell(hushan!, 1))).toBe('以浒山工业区为重点');
    expect(cellText(column('牵头单位').cell(gutang!, 2))).toBe('慈溪分局');
    expect(cellText(column('任务备注').cell(gutang!, 2))).toBe('');
  });

  it('writes both columns in the CSV', () => {
    // Prepare
    const task = cixiTask('vocs-projects', 'hushan', { coLeads: ['water-office'], note: '以浒山工业区为重点' });

    // Act
    const csv = renderLedgerCsv(ledgerOf(plan, [task], clock)).toString('utf8');

    // Assess
    expect(csv).toContain('慈溪分局、市治水办');
    expect(csv).toContain('以浒山工业区为重点');
  });
});
