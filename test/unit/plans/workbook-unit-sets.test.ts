import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Plan, type PlanInput } from '../../../shared/domain/plan.js';
import { validatePlan } from '../../../shared/domain/plan-rules.js';
import { readPlanWorkbook } from '../../../shared/plans/read-plan-workbook.js';
import { writePlanWorkbook } from '../../../shared/plans/write-plan-workbook.js';
import { cityPlan } from '../domain/city-plan-fixture.js';
import { problemsOf, readEdited } from './workbook-fixture.js';

/** The city plan with one goal per form of a set by kind and tag. */
function citySets(): PlanInput {
  const plan = cityPlan({ kind: ['district', 'county', 'city'] });
  const [pm25] = plan.goals;
  const goalSplitBy = (id: string, units: unknown) => ({ ...pm25!, id, allocation: { method: 'each', units } }) as PlanInput['goals'][number];
  return {
    ...plan,
    goals: [
      pm25!,
      goalSplitBy('coastal', { tag: 'coastal' }),
      goalSplitBy('county-villages', { kind: 'county', tag: 'villages' }),
      goalSplitBy('zones', { kind: 'zone' }),
      goalSplitBy('tagged', { kind: ['county', 'city'], tag: ['coastal', 'villages'] }),
    ],
  };
}

/** The cell of a column (by its header) in a sheet row: the tests do not depend on where columns are. */
function cell(sheet: ExcelJS.Worksheet, header: string, row: number): ExcelJS.Cell {
  let column: number | undefined;
  sheet.getRow(1).eachCell((c, number) => {
    if (c.value === header) column = number;
  });
  if (column === undefined) throw new Error(`no column ${header} in ${sheet.name}`);
  return sheet.getRow(row).getCell(column);
}

describe('the workbook: unit kinds, tags and sets by kind and tag', () => {
  it('reads back the plan that was written (round trip)', async () => {
    // Prepare
    const plan = citySets();

    // Act
    const result = await readPlanWorkbook(await writePlanWorkbook(plan));

    // Assess
    expect(result).toEqual({ ok: true, value: Plan.parse(plan) });
  });

  it('keeps a list of one kind or tag as that value, so the workbook reads back the same plan', async () => {
    // Prepare
    const plan = cityPlan({ kind: ['county'], tag: ['coastal'] });

    // Act
    const validated = validatePlan(plan);
    const result = await readPlanWorkbook(await writePlanWorkbook(plan));

    // Assess
    expect(validated.ok && validated.value.goals[0]!.allocation).toEqual({ method: 'each', units: { kind: 'county', tag: 'coastal' } });
    expect(result).toEqual(validated);
  });

  it('writes kinds by their Chinese names, tags joined by 、 and sets in 类型：/标签： words', async () => {
    // Act
    let written: Record<string, unknown> = {};
    await readEdited(citySets(), ({ units, goals }) => {
      written = {
        kinds: [2, 3, 4, 5, 6].map((row) => cell(units, '类型', row).value),
        tags: [2, 3, 4, 5].map((row) => cell(units, '标签', row).value),
        sets: [2, 3, 4, 5, 6].map((row) => cell(goals, '单位范围', row).value),
      };
    });

    // Assess
    expect(written).toEqual({
      kinds: ['区', '县', '县级市', '开发区', '部门'],
      tags: ['urban', 'coastal、villages', 'villages', null],
      sets: ['类型：区、县、县级市', '标签：coastal', '类型：县；标签：villages', '类型：开发区', '类型：县、县级市；标签：coastal、villages'],
    });
  });

  it('reads the aliases of kinds, tags separated any way, sets joined by 且, and districts by short name', async () => {
    // Act
    const result = await readEdited(citySets(), ({ units, goals }) => {
      cell(units, '类型', 4).value = '市';
      cell(units, '类型', 5).value = '园区';
      cell(units, '标签', 3).value = 'coastal，villages';
      cell(goals, '单位范围', 4).value = '类型:县 且 标签: villages';
      cell(goals, '单位范围', 6).value = '类型：县 县级市 标签：coastal;villages';
      cell(goals, '牵头单位', 2).value = '海曙';
      cell(goals, '单位范围', 3).value = '宁海、余姚';
    });

    // Assess
    const expected = citySets();
    expected.goals[0]!.lead = 'haishu';
    expected.goals[1]!.allocation = { method: 'each', units: ['ninghai', 'yuyao'] };
    expect(result).toEqual({ ok: true, value: Plan.parse(expected) });
  });

  it('reports at its cell a kind that is none, words before 类型：, and 标签： without a tag', async () => {
    // Act
    const result = await readEdited(citySets(), ({ units, goals }) => {
      cell(units, '类型', 3).value = '村';
      cell(goals, '单位范围', 3).value = '类型：乡村';
      cell(goals, '单位范围', 4).value = '海曙区 标签：villages';
      cell(goals, '单位范围', 5).value = '类型：开发区；标签：';
    });

    // Assess
    expect(problemsOf(result).map((p) => `${p.path} ${p.rule}`)).toEqual([
      '单位表 第3行 类型 one_of',
      '任务表 第3行 单位范围 one_of',
      '任务表 第4行 单位范围 format',
      '任务表 第5行 单位范围 format',
    ]);
    expect(problemsOf(result)[1]).toEqual({
      path: '任务表 第3行 单位范围',
      rule: 'one_of',
      message: '"乡村" is not one of 镇, 街道, 区, 县, 县级市, 开发区, 部门',
      messageZh: '「乡村」不是以下之一：镇、街道、区、县、县级市、开发区、部门',
    });
  });
});
