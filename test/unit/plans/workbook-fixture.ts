import ExcelJS from 'exceljs';
import type { PlanInput } from '../../../shared/domain/plan.js';
import type { Problem, Result } from '../../../shared/domain/problem.js';
import { readPlanWorkbook } from '../../../shared/plans/read-plan-workbook.js';
import { writePlanWorkbook } from '../../../shared/plans/write-plan-workbook.js';

/** The plan written as a workbook, changed the way a clerk would change it in Excel, and read back. */
export async function readEdited(plan: PlanInput, edit: (sheets: Sheets) => void): Promise<Result<unknown>> {
  const workbook = new ExcelJS.Workbook();
  const written = await writePlanWorkbook(plan);
  await workbook.xlsx.load(written.buffer.slice(written.byteOffset, written.byteOffset + written.byteLength) as ArrayBuffer);
  edit(new Sheets(workbook));
  return readPlanWorkbook(Buffer.from(await workbook.xlsx.writeBuffer()));
}

export class Sheets {
  constructor(readonly workbook: ExcelJS.Workbook) {}

  get goals(): ExcelJS.Worksheet {
    return this.sheet('任务表');
  }

  get units(): ExcelJS.Worksheet {
    return this.sheet('单位表');
  }

  get info(): ExcelJS.Worksheet {
    return this.sheet('计划信息');
  }

  private sheet(name: string): ExcelJS.Worksheet {
    const sheet = this.workbook.getWorksheet(name);
    if (!sheet) throw new Error(`no sheet ${name}`);
    return sheet;
  }
}

export function problemsOf(result: Result<unknown>): Problem[] {
  if (result.ok) throw new Error('expected problems, the workbook reads as a valid plan');
  return result.problems;
}
