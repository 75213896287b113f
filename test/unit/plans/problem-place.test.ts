import { describe, expect, it } from 'vitest';
import { cellPlace } from '../../../shared/plans/problem-place.js';
import { cellPath } from '../../../shared/plans/workbook-source-map.js';

describe('cellPlace', () => {
  it('reads back the sheet, row and column the workbook reader wrote', () => {
    // Act, Assess
    expect(cellPlace(cellPath('任务表', 5, '完成时限'))).toEqual({ sheet: '任务表', row: 5, column: '完成时限' });
    expect(cellPlace(cellPath('单位表', 3, '配额/调整值'))).toEqual({ sheet: '单位表', row: 3, column: '配额/调整值' });
    expect(cellPlace(cellPath('计划信息', 4))).toEqual({ sheet: '计划信息', row: 4, column: null });
    expect(cellPlace(cellPath('任务表', undefined, '分解方式'))).toEqual({ sheet: '任务表', row: null, column: '分解方式' });
    expect(cellPlace('单位表')).toEqual({ sheet: '单位表', row: null, column: null });
  });

  it('places no path of a YAML or JSON plan, nor a file name', () => {
    // Act, Assess
    expect(cellPlace('goals[3].deadline')).toBeNull();
    expect(cellPlace('line 4, column 7')).toBeNull();
    expect(cellPlace('cixi 2022.xlsx')).toBeNull();
    expect(cellPlace('')).toBeNull();
  });
});
