import type { Plan } from '../../../shared/domain/plan';
import type { Problem, Result } from '../../../shared/domain/problem';
import { fileTypeProblem, isPlanFileExtension, planFileExtensions } from '../../../shared/plans/plan-file-type';

/** The largest plan file the page reads: the Cixi workbook is ~30 KB; a province's 2,000 units × 500 goals stay well under. */
export const MAX_PLAN_FILE_BYTES = 5 * 1024 * 1024;

/** What the file chooser offers: the extensions, and the media types browsers give these files. */
export const planFileAccept = [
  ...planFileExtensions,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/json',
  'application/yaml',
].join(',');

/**
 * A plan file chosen in the browser, read by the CLI's own code (shared/plans, decision 0018): the same
 * checks and words, every problem of a workbook at its sheet, row and column. The workbook reader (exceljs)
 * is loaded only when an .xlsx is read, so that no other page, nor this one before a workbook is chosen,
 * downloads it.
 */
export async function readPlanUpload(file: File): Promise<Result<Plan>> {
  const extension = /\.[^.]+$/.exec(file.name.toLowerCase())?.[0] ?? '';
  if (!isPlanFileExtension(extension)) return failed(fileTypeProblem(file.name, extension));
  if (file.size > MAX_PLAN_FILE_BYTES) return failed(tooLargeProblem(file.name, file.size));
  const bytes = new Uint8Array(await file.arrayBuffer());
  await import('./zodWithoutEval');
  if (extension === '.xlsx') {
    const { readPlanWorkbook } = await import('../../../shared/plans/read-plan-workbook');
    return readPlanWorkbook(bytes);
  }
  const { parsePlanText } = await import('../../../shared/plans/parse-plan-text');
  return parsePlanText(new TextDecoder().decode(bytes), extension === '.json' ? 'json' : 'yaml');
}

function failed(problem: Problem): Result<Plan> {
  return { ok: false, problems: [problem] };
}

function tooLargeProblem(path: string, size: number): Problem {
  const megabytes = (size / 1024 / 1024).toFixed(1);
  const cap = MAX_PLAN_FILE_BYTES / 1024 / 1024;
  return {
    path,
    rule: 'too_big',
    message: `the file is ${megabytes} MB, more than the ${cap} MB a plan file may have`,
    messageZh: `文件大小为 ${megabytes} MB，超过计划文件上限 ${cap} MB`,
  };
}
