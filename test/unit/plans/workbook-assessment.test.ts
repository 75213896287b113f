import { describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { defaultAssessmentRules } from '../../../shared/domain/assessment/rules.js';
import { Plan, type PlanInput } from '../../../shared/domain/plan.js';
import { readPlanWorkbook } from '../../../shared/plans/read-plan-workbook.js';
import { writePlanWorkbook } from '../../../shared/plans/write-plan-workbook.js';
import { smallPlan } from '../domain/plan-fixture.js';
import { problemsOf, readEdited } from './workbook-fixture.js';

const rulesOf = (result: Awaited<ReturnType<typeof readEdited>>) => (result.ok ? Plan.parse(result.value).assessment : result.problems);

/** smallPlan with rules unlike the defaults in every group. */
function planWithRules(): PlanInput {
  const plan = smallPlan();
  const [first, second] = plan.goals;
  plan.assessment = {
    weights: { [first!.id]: 2, [second!.id]: 0.5 },
    points: { completion: 70, timeliness: 30 },
    indicator: { mode: 'attained', tolerance: 0.25 },
    timeliness: { perLateDay: 0.05 },
    deductions: { remind: 0.5, urge: 1, supervise: 1.5, notice: 3, summon: 6, rebound: 2 },
    floorAtZero: false,
    bonusCap: 3,
    coUnitShare: 0.3,
    grades: { excellent: 92, good: 85, pass: 65 },
    groups: [
      { id: 'towns', name: '镇街道', kinds: ['town', 'street'], grades: { excellent: 95, good: 85, pass: 60 } },
      { id: 'departments', name: '部门', kinds: ['department'] },
    ],
    tieBreak: ['deductions', 'completion'],
    appealDays: 7,
  };
  return plan;
}

/** The row of 考核设置 whose column A says `label`. */
function rowOf(sheet: ExcelJS.Worksheet, label: string): number {
  let found = 0;
  sheet.eachRow((row, number) => {
    if (row.getCell(1).value === label && found === 0) found = number;
  });
  if (found === 0) throw new Error(`no row ${label}`);
  return found;
}

const assessmentSheet = (workbook: ExcelJS.Workbook) => workbook.getWorksheet('考核设置')!;

describe('the 考核设置 sheet', () => {
  it('writes every rule and reads them back unchanged', async () => {
    // Prepare
    const plan = planWithRules();

    // Act
    const result = await readPlanWorkbook(await writePlanWorkbook(plan));

    // Assess
    expect(result).toEqual({ ok: true, value: Plan.parse(plan) });
  });

  it('gives a workbook without the sheet the default rules, and one with empty rows their defaults', async () => {
    // Act
    const withoutSheet = await readEdited(planWithRules(), ({ workbook }) => workbook.removeWorksheet(assessmentSheet(workbook).id));
    const emptied = await readEdited(planWithRules(), ({ workbook }) => {
      const sheet = assessmentSheet(workbook);
      sheet.getCell(`B${rowOf(sheet, '申诉期')}`).value = null;
      sheet.getCell(`B${rowOf(sheet, '完成度分值')}`).value = null;
      sheet.getCell(`B${rowOf(sheet, '及时性分值')}`).value = null;
    });

    // Assess
    expect(rulesOf(withoutSheet)).toEqual(defaultAssessmentRules);
    expect(rulesOf(emptied)).toMatchObject({ appealDays: 5, points: { completion: 80, timeliness: 20 }, bonusCap: 3 });
  });

  it('reads the words a clerk types: 是/否, the two modes, a tie order, percentages and 无', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ workbook }) => {
      const sheet = assessmentSheet(workbook);
      sheet.getCell(`B${rowOf(sheet, '扣完为止')}`).value = '否';
      sheet.getCell(`B${rowOf(sheet, '指标评分方式')}`).value = '达标得分';
      sheet.getCell(`B${rowOf(sheet, '配合单位得分比例')}`).value = '50%';
      sheet.getCell(`B${rowOf(sheet, '同分排序')}`).value = '无';
    });

    // Assess
    expect(rulesOf(result)).toMatchObject({ floorAtZero: false, indicator: { mode: 'attained' }, coUnitShare: 0.5, tieBreak: [] });
  });

  it('names a rule that is wrong at its row and column, and an unknown label with the nearest known one', async () => {
    // Prepare
    let gradeRow = 0;
    let groupRow = 0;
    let typoRow = 0;

    // Act
    const result = await readEdited(smallPlan(), ({ workbook }) => {
      const sheet = assessmentSheet(workbook);
      gradeRow = rowOf(sheet, '良好');
      sheet.getCell(`B${gradeRow}`).value = 95;
      groupRow = rowOf(sheet, 'towns');
      sheet.getCell(`C${groupRow}`).value = '镇、街道、乡村';
      typoRow = rowOf(sheet, '加分上限');
      sheet.getCell(`A${typoRow}`).value = '加分上线';
    });

    // Assess
    const problems = problemsOf(result);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: `考核设置 第${gradeRow}行 内容`, rule: 'order' }),
        expect.objectContaining({ path: `考核设置 第${groupRow}行 单位类型`, rule: 'one_of' }),
        expect.objectContaining({ path: `考核设置 第${typoRow}行 项目`, rule: 'unknown_field', suggestion: '加分上限' }),
      ]),
    );
  });
});
