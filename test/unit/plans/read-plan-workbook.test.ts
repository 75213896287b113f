import { describe, expect, it } from 'vitest';
import { Plan } from '../../../shared/domain/plan.js';
import { readPlanWorkbook } from '../../../shared/plans/read-plan-workbook.js';
import { writePlanWorkbook } from '../../../shared/plans/write-plan-workbook.js';
import { smallPlan } from '../domain/plan-fixture.js';
import { problemsOf, readEdited } from './workbook-fixture.js';

// Rows of smallPlan in 任务表: 2 pm25, 3 vocs, 4 parks, 5 stations, 6 eco-plan.
// Rows in 单位表: 2 浒山街道, 3 龙山镇, 4 周巷镇, 5 市治水办, 6 慈溪分局.

describe('writePlanWorkbook and readPlanWorkbook', () => {
  it('read back the plan that was written', async () => {
    // Prepare
    const plan = smallPlan();

    // Act
    const result = await readPlanWorkbook(await writePlanWorkbook(plan));

    // Assess
    expect(result).toEqual({ ok: true, value: Plan.parse(plan) });
  });

  it('accept dates as text, as Excel serials and without the year, and units by short name', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ goals }) => {
      goals.getCell('J2').value = '2022年12月31日';
      goals.getCell('J3').value = '2022/12/31';
      goals.getCell('J4').value = 44_895;
      goals.getCell('O4').value = '6-30 30%；11月30日 100%';
      goals.getCell('H5').value = '市治水办';
      goals.getCell('L5').value = '浒山、龙山、周巷';
    });

    // Assess
    expect(result).toEqual({ ok: true, value: Plan.parse(smallPlan()) });
  });

  it('accepts ≥ on a quantity, which says what a quantity means anyway', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ goals }) => {
      goals.getCell('G3').value = '≥';
    });

    // Assess
    expect(result.ok).toBe(true);
  });

  it('read back the tracking settings of 计划信息, a margin also as a percentage', async () => {
    // Prepare
    const plan = { ...smallPlan(), tracking: { reviewLevels: 1 as const, margin: 0.15 } };

    // Act
    const written = await readPlanWorkbook(await writePlanWorkbook(plan));
    const typed = await readEdited(smallPlan(), ({ info }) => {
      info.getCell('B6').value = 1;
      info.getCell('B7').value = '20%';
    });

    // Assess
    expect(written).toEqual({ ok: true, value: Plan.parse(plan) });
    expect(typed).toEqual({ ok: true, value: Plan.parse({ ...smallPlan(), tracking: { reviewLevels: 1, margin: 0.2 } }) });
  });

  it('take the default tracking settings when their rows are empty or missing', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ info }) => {
      info.getCell('B6').value = null;
      info.spliceRows(7, 1);
    });

    // Assess
    expect(result).toEqual({ ok: true, value: Plan.parse(smallPlan()) });
    expect(result.ok && (result.value as { tracking: unknown }).tracking).toEqual({
      reviewLevels: 2,
      margin: 0.1,
      ladder: { remindBefore: 5, urge: 1, supervise: 5, notice: 10, summon: 20 },
    });
  });

  it('read back the ladder of 计划信息 as 提醒5/催办1/…, steps left out keeping their defaults', async () => {
    // Prepare
    const ladder = { remindBefore: 3, urge: 2, supervise: 6, notice: 12, summon: 25 };
    const plan = { ...smallPlan(), tracking: { ladder } };

    // Act
    const written = await writePlanWorkbook(plan);
    const read = await readPlanWorkbook(written);
    const typed = await readEdited(smallPlan(), ({ info }) => {
      info.getCell('B8').value = '催办 2、督办：6天；约谈30个工作日';
    });
    const shown = await readEdited(plan, ({ info }) => {
      expect([info.getCell('A8').value, info.getCell('B8').value]).toEqual(['升级阶梯', '提醒3/催办2/督办6/通报12/约谈25']);
    });

    // Assess
    expect(read).toEqual({ ok: true, value: Plan.parse(plan) });
    expect(shown.ok).toBe(true);
    expect(typed.ok && (typed.value as Plan).tracking.ladder).toEqual({ remindBefore: 5, urge: 2, supervise: 6, notice: 10, summon: 30 });
  });

  it('refuses a file that is not a workbook', async () => {

    // Act
    const result = await readPlanWorkbook(Buffer.from('id: cixi-2022\n'));

    // Assess
    expect(problemsOf(result)).toEqual([
      { path: '', rule: 'xlsx', message: 'the file is not an xlsx workbook', messageZh: '文件不是有效的 xlsx 工作簿' },
    ]);
  });
});

describe('readPlanWorkbook: problems by sheet, row and column', () => {
  it('names a unit that is not in 单位表', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ goals }) => {
      goals.getCell('H3').value = '市环保局';
    });

    // Assess
    expect(problemsOf(result)).toEqual([
      { path: '任务表 第3行 牵头单位', rule: 'unknown_unit', message: '"市环保局" is not a unit of 单位表', messageZh: '「市环保局」不是单位表中的单位' },
    ]);
  });

  it('names quotas that do not sum to the target', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ goals }) => {
      goals.getCell('N4').value = '浒山街道 1、周巷镇 1';
    });

    // Assess
    expect(problemsOf(result)).toEqual([
      {
        path: '任务表 第4行 配额/调整值',
        rule: 'shares_sum',
        message: 'the quotas sum to 2 but the target is 3',
        messageZh: '配额合计 2，与目标值 3 不一致',
      },
    ]);
  });

  it('names duplicate ids and where the first one is', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ goals, units }) => {
      goals.getCell('B6').value = 'vocs';
      units.addRow(['周巷办', '部门', 'hushan']);
    });

    // Assess
    expect(problemsOf(result)).toEqual([
      {
        path: '单位表 第7行 编号',
        rule: 'duplicate_id',
        message: '"hushan" is already the id of 单位表 第2行',
        messageZh: '编号 "hushan" 与 单位表 第2行 重复',
      },
      {
        path: '任务表 第6行 编号',
        rule: 'duplicate_id',
        message: '"vocs" is already the id of 任务表 第3行',
        messageZh: '编号 "vocs" 与 任务表 第3行 重复',
      },
    ]);
  });

  it('names a deadline outside the plan year', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ goals }) => {
      goals.getCell('J6').value = new Date(Date.UTC(2023, 0, 15));
    });

    // Assess
    expect(problemsOf(result)).toEqual([
      {
        path: '任务表 第6行 完成时限',
        rule: 'deadline_outside_year',
        message: '2023-01-15 is outside the plan year 2022',
        messageZh: '2023-01-15 不在计划年度 2022 年内',
      },
    ]);
  });

  it('names a date that does not exist', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ goals }) => {
      goals.getCell('J5').value = '2022-13-01';
    });

    // Assess
    expect(problemsOf(result)).toEqual([
      { path: '任务表 第5行 完成时限', rule: 'date', message: '"2022-13-01" is not a date', messageZh: '"2022-13-01" 不是有效日期' },
    ]);
  });

  it('names a word it does not know, offering the words it does', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ goals }) => {
      goals.getCell('D2').value = '数目';
    });

    // Assess
    expect(problemsOf(result)).toEqual([
      { path: '任务表 第2行 类型', rule: 'one_of', message: '"数目" is not one of 数量, 指标, 行动', messageZh: '「数目」不是以下之一：数量、指标、行动' },
    ]);
  });

  it('names a value in a column that does not apply to the row', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ goals }) => {
      goals.getCell('E6').value = 1;
    });

    // Assess
    expect(problemsOf(result)).toEqual([
      expect.objectContaining({ path: '任务表 第6行 目标值', rule: 'not_applicable', messageZh: '类型为「行动」时不填此项' }),
    ]);
  });

  it('reports a missing column once, not on every row', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ goals }) => {
      goals.getCell('J1').value = '截止';
    });

    // Assess
    expect(problemsOf(result)).toEqual([
      { path: '任务表 第1行 完成时限', rule: 'missing_column', message: 'the column 完成时限 is missing', messageZh: '缺少「完成时限」列' },
    ]);
  });

  it('names tracking settings out of range in 计划信息', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ info }) => {
      info.getCell('B6').value = 3;
      info.getCell('B7').value = '150%';
    });

    // Assess
    expect(problemsOf(result)).toEqual([
      { path: '计划信息 第6行 审核层级', rule: 'one_of', message: '3 is not one of 1, 2', messageZh: '3 不是以下之一：1、2' },
      { path: '计划信息 第7行 预警幅度', rule: 'too_big', message: '1.5 is more than 1', messageZh: '1.5 大于 1' },
    ]);
  });

  it('names a ladder step it cannot read, or one given twice, at 升级阶梯', async () => {
    // Act
    const unreadable = await readEdited(smallPlan(), ({ info }) => {
      info.getCell('B8').value = '提醒5/警告3';
    });
    const twice = await readEdited(smallPlan(), ({ info }) => {
      info.getCell('B8').value = '催办1/催办2';
    });

    // Assess
    expect(problemsOf(unreadable)).toEqual([
      {
        path: '计划信息 第8行 升级阶梯',
        rule: 'format',
        message: '"警告3" is not a step and its working days, e.g. 提醒5/催办1/督办5/通报10/约谈20',
        messageZh: '「警告3」格式不正确，应为级别和工作日数，如：提醒5/催办1/督办5/通报10/约谈20',
      },
    ]);
    expect(problemsOf(twice)).toEqual([
      { path: '计划信息 第8行 升级阶梯', rule: 'format', message: '"催办2" names a step given before', messageZh: '「催办2」重复填写了同一级别' },
    ]);
  });

  it('names ladder steps that do not rise, or are not whole numbers, at 升级阶梯', async () => {
    // Act
    const fractional = await readEdited(smallPlan(), ({ info }) => {
      info.getCell('B8').value = '提醒2.5';
    });
    const unordered = await readEdited(smallPlan(), ({ info }) => {
      info.getCell('B8').value = '催办6/督办5';
    });

    // Assess
    expect(problemsOf(fractional)).toEqual([
      { path: '计划信息 第8行 升级阶梯', rule: 'integer', message: '2.5 is not a whole number', messageZh: '2.5 不是整数' },
    ]);
    expect(problemsOf(unordered)).toEqual([
      { path: '计划信息 第8行 升级阶梯', rule: 'order', message: 'supervise (5) must be more than urge (6)', messageZh: '督办（5）必须大于催办（6）' },
    ]);
  });

  it('reports a missing sheet once', async () => {

    // Act
    const result = await readEdited(smallPlan(), ({ workbook, info }) => {
      workbook.removeWorksheet(info.id);
    });

    // Assess
    expect(problemsOf(result)).toEqual([
      { path: '计划信息', rule: 'missing_sheet', message: 'the sheet 计划信息 is missing', messageZh: '缺少工作表「计划信息」' },
    ]);
  });

  it('asks for the id of a base column', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ units }) => {
      units.getCell('G1').value = '常住人口';
      units.getCell('G2').value = 12;
    });

    // Assess
    expect(problemsOf(result)).toEqual([expect.objectContaining({ path: '单位表 第1行 常住人口', rule: 'base_column' })]);
  });

  it('reports problems of every sheet together, in sheet and row order', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ goals, units, info }) => {
      info.getCell('B4').value = '二〇二二';
      units.getCell('B3').value = '村';
      goals.getCell('H3').value = '市环保局';
      goals.getCell('J5').value = '2022-13-01';
      goals.getCell('N4').value = '浒山街道 1、周巷镇 x';
    });

    // Assess
    expect(problemsOf(result).map((p) => `${p.path} ${p.rule}`)).toEqual([
      '计划信息 第4行 年度 type',
      '单位表 第3行 类型 one_of',
      '任务表 第3行 牵头单位 unknown_unit',
      '任务表 第4行 配额/调整值 format',
      '任务表 第5行 完成时限 date',
    ]);
  });
});

describe('readPlanWorkbook: a workbook without 单位表', () => {
  it('reports the missing sheet, not every unit name of 任务表', async () => {
    // Act
    const result = await readEdited(smallPlan(), ({ workbook, units }) => {
      workbook.removeWorksheet(units.id);
    });

    // Assess
    expect(problemsOf(result)).toEqual([expect.objectContaining({ path: '单位表', rule: 'missing_sheet' })]);
  });
});
