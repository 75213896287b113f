import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/clock/clock.js';
import { ledgerOf, type LedgerPlan } from '../../shared/documents/ledger-rows.js';
import { renderLedgerXlsx } from '../../shared/documents/ledger-xlsx.js';
import { allocateGoal } from '../../shared/domain/allocation.js';
import { defaultTracking } from '../../shared/domain/tracking.js';
import { ASSESSMENT_SHEET } from '../../shared/plans/workbook-assessment-layout.js';
import { detailsSheetName } from '../../shared/plans/workbook-details-layout.js';
import { sheetNames } from '../../shared/plans/workbook-layout.js';
import { printWorkbooks, type PrintedWorkbook } from '../support/libreoffice.js';
import { cixi, cixiTask } from '../unit/domain/cixi-tasks.js';

/*
 * The workbooks as a clerk prints them: Debian's LibreOffice prints each to PDF with the workbook's own print
 * setup (test-results/documents/*.pdf, for a person to look at), and the pages are counted and read. Every
 * page of a table must carry its header and every column (one page wide, A4 landscape).
 */

const AS_OF = '2022-10-31';
const plan: LedgerPlan = { ...cixi, timezone: 'Asia/Shanghai', tracking: cixi.tracking ?? defaultTracking };
const tasks = cixi.goals.flatMap((goal) => allocateGoal(cixi, goal).map((a) => cixiTask(goal.id, a.unitId)));
const ledger = ledgerOf(plan, tasks, fixedClock(`${AS_OF}T04:00:00.000Z`));
const kandun = ledgerOf(plan, tasks, fixedClock(`${AS_OF}T04:00:00.000Z`), 'kandun');

/** Rows of the ledger one A4 landscape page holds at least (a title and the header take the first's top). */
const ROWS_PER_PAGE = 25;

let printed: Record<'ledger' | 'ledgerKandun' | 'planTemplate' | 'cixiSample', PrintedWorkbook>;

beforeAll(async () => {
  printed = await printWorkbooks({
    ledger: await renderLedgerXlsx(ledger),
    ledgerKandun: await renderLedgerXlsx(kandun),
    planTemplate: readFileSync(new URL('../../samples/plan-template.xlsx', import.meta.url)),
    cixiSample: readFileSync(new URL('../../samples/cixi-2022.xlsx', import.meta.url)),
  });
}, 170_000);

/** Pages whose text has every one of `words`: the pages of one sheet, told by its header. */
const pagesWith = (document: PrintedWorkbook, words: readonly string[]) =>
  document.texts.filter((text) => words.every((word) => text.includes(word)));

describe('the ledger printed', () => {
  it('repeats the whole header on every page, one page wide, and takes pages in step with its rows', () => {
    const whole = printed.ledger;
    const unit = printed.ledgerKandun;

    for (const document of [whole, unit]) expect(pagesWith(document, ['序号', '责任单位', '序时进度', '亮灯', '进展说明'])).toHaveLength(document.pages);
    expect(whole.pages).toBeLessThanOrEqual(Math.ceil(ledger.rows.length / ROWS_PER_PAGE));
    expect(whole.pages).toBeGreaterThan(unit.pages);
    expect(unit.pages).toBeLessThanOrEqual(Math.ceil(kandun.rows.length / ROWS_PER_PAGE));
    expect(whole.texts[0]).toContain(cixi.name);
    expect(whole.texts.at(-1)).toContain(ledger.rows.at(-1)!.unitName);
    expect(whole.texts.at(-1)).toMatch(new RegExp(`第\\s*${whole.pages}\\s*页\\s*/\\s*共\\s*${whole.pages}\\s*页`));
  });
});

describe('the plan workbooks printed', () => {
  const goalHeader = ['序号', '任务/指标', '类型', '分解方式', '完成时限', '分解依据'];

  it('prints the template’s 任务表 on one page and each other sheet on a page or two', () => {
    const template = printed.planTemplate;

    expect(pagesWith(template, goalHeader)).toHaveLength(1);
    // 任务表, 单位表, 计划信息, 说明, 单位明细 and 考核设置, each starting its own page: 任务表 on one, each other on one or two.
    const sheets = [...Object.values(sheetNames), detailsSheetName, ASSESSMENT_SHEET].length;
    expect(template.pages).toBeGreaterThanOrEqual(sheets);
    expect(template.pages).toBeLessThanOrEqual(1 + 2 * (sheets - 1));
  });

  it('prints the Cixi sample’s goals one page wide with the header on every page', () => {
    const sample = printed.cixiSample;

    const goalPages = pagesWith(sample, goalHeader);
    expect(goalPages.length).toBeGreaterThanOrEqual(1);
    expect(goalPages.length).toBeLessThanOrEqual(Math.ceil(cixi.goals.length / 8));
    const lastGoal = cixi.goals.at(-1)!.title;
    expect(goalPages.some((text) => text.replace(/\s+/g, '').includes(lastGoal.replace(/\s+/g, '').slice(0, 8)))).toBe(true);
    // 单位表: its base columns are headed by name and id.
    expect(pagesWith(sample, ['(enterprises)', '(river-km)', '(spray-shops)'])).toHaveLength(1);
  });
});
