import type { ActualsFileExtension, ActualsRead } from '../../../shared/assessment/actuals-file';
import type { Problem } from '../../../shared/domain/problem';

/** An actuals file is a few thousand rows at most (the API takes 2,000): well under this. */
const MAX_ACTUALS_FILE_BYTES = 5 * 1024 * 1024;
const extensions: readonly ActualsFileExtension[] = ['.xlsx', '.csv', '.json'];

/** What the file chooser offers: the extensions, and the media types browsers give these files. */
export const actualsFileAccept = [...extensions, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv', 'application/json'].join(',');

/**
 * The file `actuals import` reads, read in the browser by the same code (shared/assessment/actuals-file.ts):
 * the same columns, checks and words, every problem at its row. The workbook reader (exceljs) is loaded
 * only when an .xlsx is read.
 */
export async function readActualsUpload(file: File): Promise<ActualsRead> {
  const extension = (/\.[^.]+$/.exec(file.name.toLowerCase())?.[0] ?? '') as ActualsFileExtension;
  if (!extensions.includes(extension)) {
    return failed({ path: file.name, rule: 'file_type', message: 'use an .xlsx, .csv or .json file', messageZh: '请使用 .xlsx、.csv 或 .json 文件' });
  }
  if (file.size > MAX_ACTUALS_FILE_BYTES) {
    return failed({ path: file.name, rule: 'too_big', message: `the file is larger than ${MAX_ACTUALS_FILE_BYTES / 1024 / 1024} MB`, messageZh: `文件超过 ${MAX_ACTUALS_FILE_BYTES / 1024 / 1024} MB` });
  }
  const { readActualsBytes } = await import('../../../shared/assessment/actuals-file');
  return readActualsBytes(new Uint8Array(await file.arrayBuffer()), extension);
}

function failed(problem: Problem): ActualsRead {
  return { ok: false, problems: [problem] };
}
