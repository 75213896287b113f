import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Plan } from '../domain/plan.js';
import type { Result } from '../domain/problem.js';
import { parsePlanText } from './parse-plan-text.js';
import { fileTypeProblem, isPlanFileExtension } from './plan-file-type.js';

/** A plan file by its extension: .yaml/.yml, .json or the .xlsx 任务分解表. */
export async function readPlanFile(path: string): Promise<Result<Plan>> {
  const extension = extname(path).toLowerCase();
  if (!isPlanFileExtension(extension)) return { ok: false, problems: [fileTypeProblem(path, extension)] };
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, problems: [{ path, rule: 'file', message: `cannot read the file (${code})`, messageZh: `无法读取文件（${code}）` }] };
  }
  if (extension === '.xlsx') {
    // Loaded only for spreadsheets: exceljs is large and YAML users do not need it.
    const { readPlanWorkbook } = await import('./read-plan-workbook.js');
    return readPlanWorkbook(data);
  }
  return parsePlanText(data.toString('utf8'), extension === '.json' ? 'json' : 'yaml');
}
