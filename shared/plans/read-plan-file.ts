import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Plan } from '../domain/plan.js';
import type { Result } from '../domain/problem.js';
import { parsePlanText } from './parse-plan-text.js';

/** A plan file by its extension: .yaml/.yml, .json or the .xlsx 任务分解表. */
export async function readPlanFile(path: string): Promise<Result<Plan>> {
  const extension = extname(path).toLowerCase();
  if (!['.yaml', '.yml', '.json', '.xlsx'].includes(extension))
    return {
      ok: false,
      problems: [
        {
          path,
          rule: 'file_type',
          message: `${extension || 'a file without extension'} is not a plan file: use .yaml, .yml, .json or .xlsx`,
          messageZh: `${extension || '无扩展名的文件'}不是计划文件，请使用 .yaml、.yml、.json 或 .xlsx`,
        },
      ],
    };
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
