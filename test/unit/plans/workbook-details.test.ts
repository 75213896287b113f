import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Plan, type PlanInput } from '../../../shared/domain/plan.js';
import { cellPlace } from '../../../shared/plans/problem-place.js';
import { readPlanWorkbook } from '../../../shared/plans/read-plan-workbook.js';
import { writePlanWorkbook } from '../../../shared/plans/write-plan-workbook.js';
import { smallPlan } from '../domain/plan-fixture.js';
import { problemsOf, readEdited } from './workbook-fixture.js';

// Goals of smallPlan: 0 pm25, 1 vocs (proportional over the towns), 2 parks (quota hushan 1, zhouxiang 2), 3 stations, 4 eco-plan (lead).
function withLeadsAndDetails(): PlanInput {
  const plan = smallPlan();
  const [pm25, vocs, parks, , ecoPlan] = plan.goals as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, unknown, Record<string, unknown>];
  pm25.lead = ['bureau', 'water-office'];
  vocs.allocation = {
    method: 'proportional',
    units: 'towns',
    base: 'enterprises',
    details: { longshan: { title: '龙山镇VOCs治理（以龙山工业园为重点）', note: '含化工园区', deadline: '2022-10-31' } },
  };
  parks.allocation = {
    method: 'quota',
    quotas: { hushan: 1, zhouxiang: 2 },
    details: { zhouxiang: { milestones: [{ date: '2022-06-30', share: 0.5 }, { date: '2022-11-30', share: 1 }] } },
  };
  ecoPlan.lead = ['bureau', 'water-office'];
  ecoPlan.allocation = { method: 'lead', details: { bureau: { note: '报市政府审定' } } };
  return plan;
}

async function sheetOf(plan: PlanInput, name: string): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  const written = await writePlanWorkbook(plan);
  await workbook.xlsx.load(written.buffer.slice(written.byteOffset, written.byteOffset + written.byteLength) as ArrayBuffer);
  return workbook.getWorksheet(name)!;
}

function detailsSheet(workbook: ExcelJS.Workbook): ExcelJS.Worksheet {
  return workbook.getWorksheet('单位明细')!;
}

describe('joint leads and 单位明细 in the workbook', () => {
  it('reads back a plan with joint leads and per-unit detail as it was written', async () => {
    // Prepare
    const plan = withLeadsAndDetails();

    // Act
    const result = await readPlanWorkbook(await writePlanWorkbook(plan));

    // Assess
    expect(result).toEqual({ ok: true, value: Plan.parse(plan) });
  });

  it('writes joint leads in one 牵头单位 cell joined with 、 and a row of 单位明细 per unit detail', async () => {
    // Act
    const goals = await sheetOf(withLeadsAndDetails(), '任务表');
    const details = await sheetOf(withLeadsAndDetails(), '单位明细');

    // Assess
    expect(goals.getCell('H2').value).toBe('慈溪分局、市治水办');
    expect((details.getRow(1).values as unknown[]).slice(1)).toEqual(['任务编号', '单位', '任务名称', '备注', '完成时限', '序时进度']);
    expect((details.getRow(3).values as unknown[]).slice(1)).toEqual(['parks', '周巷镇', undefined, undefined, undefined, '2022-06-30 50%；2022-11-30 100%']);
    expect(details.rowCount).toBe(4);
  });

  it('writes 单位明细 with its header only when no goal has detail, and reads a workbook without the sheet', async () => {
    // Prepare
    const details = await sheetOf(smallPlan(), '单位明细');

    // Act
    const withoutSheet = await readEdited(smallPlan(), ({ workbook }) => workbook.removeWorksheet(detailsSheet(workbook).id));

    // Assess
    expect(details.rowCount).toBe(1);
    expect(withoutSheet).toEqual({ ok: true, value: Plan.parse(smallPlan()) });
  });

  it('reads a row a clerk typed: the goal by its 编号, the unit by its name, a date without the year', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ workbook }) => {
      detailsSheet(workbook).addRow(['stations', '龙山镇', null, '先建2套', '9-30', null]);
    });

    // Assess
    const stations = result.ok ? (result.value as Plan).goals[3]! : undefined;
    expect(stations?.allocation.details).toEqual({ longshan: { note: '先建2套', deadline: '2022-09-30' } });
  });

  it('names an unknown goal, an unknown unit and a unit given twice at their cells', async () => {
    // Act
    const problems = problemsOf(
      await readEdited(smallPlan(), ({ workbook }) => {
        const sheet = detailsSheet(workbook);
        sheet.addRow(['no-such-goal', '龙山镇', null, 'x']);
        sheet.addRow(['stations', '宁海县', null, 'x']);
        sheet.addRow(['stations', '龙山镇', null, 'x']);
        sheet.addRow(['stations', '龙山镇', null, 'y']);
      }),
    );

    // Assess
    expect(problems.map((p) => `${p.path} ${p.rule}`)).toEqual([
      '单位明细 第2行 任务编号 unknown_goal',
      '单位明细 第3行 单位 unknown_unit',
      '单位明细 第5行 单位 duplicate_detail',
    ]);
    expect(problems[2]!.messageZh).toBe('龙山镇 在目标 stations 下已有明细（第4行）');
  });

  it('locates the rules of a detail at its row of 单位明细: the column of the field, else 单位', async () => {
    // Act
    const problems = problemsOf(
      await readEdited(smallPlan(), ({ workbook }) => {
        const sheet = detailsSheet(workbook);
        sheet.addRow(['parks', '浒山街道', null, null, '2023-03-31']);
        sheet.addRow(['parks', '龙山镇', null, 'x']);
        sheet.addRow(['parks', '周巷镇', null, null, '2022-09-30', '2022-10-31 100%']);
      }),
    );

    // Assess
    expect(problems.map((p) => `${p.path} ${p.rule}`)).toEqual([
      '单位明细 第2行 完成时限 deadline_outside_year',
      '单位明细 第3行 单位 detail_not_allocated',
      '单位明细 第4行 序时进度 milestones',
    ]);
    expect(cellPlace(problems[0]!.path)).toEqual({ sheet: '单位明细', row: 2, column: '完成时限' });
  });

  it('reads several 牵头单位 separated by 、 or ，, the first the primary, and names an unknown one', async () => {
    // Act
    const read = await readEdited(smallPlan(), ({ goals }) => {
      goals.getCell('H3').value = '慈溪分局，市治水办';
    });
    const unknown = problemsOf(
      await readEdited(smallPlan(), ({ goals }) => {
        goals.getCell('H3').value = '慈溪分局、市发改委';
      }),
    );

    // Assess
    expect(read.ok && (read.value as Plan).goals[1]!.lead).toEqual(['bureau', 'water-office']);
    expect(unknown.map((p) => `${p.path} ${p.rule}`)).toEqual(['任务表 第3行 牵头单位 unknown_unit']);
  });
});
