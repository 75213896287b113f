import { parseTaskId } from '../domain/task.js';
import type { Problem } from '../domain/problem.js';

/*
 * An actuals file (the indicators' values for the year) read and checked before anything is sent: an xlsx
 * (first sheet), a CSV or a JSON `{ actuals }`, with columns taskId, value (or 任务编号, 实际值). Every
 * problem names its row. `actuals import` reads it from disk, the assessment desk from the browser; the API
 * checks the tasks themselves (exist, indicator, of the year).
 */

export interface ActualRow {
  taskId: string;
  value: number;
}

/** The same limit as the API's (`PUT /assessments/{year}/actuals`). */
const MAX_ROWS = 2000;

/** Header names of the two columns, English or Chinese. */
const headings = { taskId: ['taskid', '任务编号'], value: ['value', '实际值'] } as const;

export type ActualsRead = { ok: true; rows: ActualRow[] } | { ok: false; problems: Problem[] };

/** A cell as read: text or a number (blank: undefined); `at` names where it is, for messages. */
interface RawRow {
  at: { en: string; zh: string };
  taskId: unknown;
  value: unknown;
}

export const actualsFileExtensions = ['.xlsx', '.csv', '.json'] as const;
export type ActualsFileExtension = (typeof actualsFileExtensions)[number];

/** The file's bytes read and checked, by its extension. */
export async function readActualsBytes(data: Uint8Array, extension: ActualsFileExtension): Promise<ActualsRead> {
  if (extension === '.xlsx') return checkRows(await xlsxRows(data));
  const text = new TextDecoder().decode(data);
  return checkRows(extension === '.csv' ? csvRows(text) : jsonRows(text));
}

function checkRows(read: RawRow[] | Problem[]): ActualsRead {
  if (read.length > 0 && 'path' in read[0]!) return { ok: false, problems: read as Problem[] };
  const raw = read as RawRow[];
  const problems: Problem[] = [];
  if (raw.length === 0) problems.push(problem('file', 'required', 'has no rows', '没有数据行'));
  if (raw.length > MAX_ROWS) problems.push(problem('file', 'too_many', `has ${raw.length} rows, more than ${MAX_ROWS}`, `共 ${raw.length} 行，超过 ${MAX_ROWS} 行`));
  const seen = new Map<string, string>();
  const rows: ActualRow[] = [];
  for (const row of raw) {
    const taskId = typeof row.taskId === 'string' ? row.taskId.trim() : row.taskId;
    const value = typeof row.value === 'string' && row.value.trim() !== '' ? Number(row.value.trim()) : row.value;
    if (taskId === undefined || taskId === '') {
      problems.push(problem(`${row.at.en}: taskId`, 'required', 'is required', `${row.at.zh}：任务编号必须填写`));
    } else if (typeof taskId !== 'string' || parseTaskId(taskId) === undefined) {
      problems.push(problem(`${row.at.en}: taskId`, 'task_id', `${JSON.stringify(taskId)} is not a task id (<planId>.<goalId>.<unitId>)`, `${row.at.zh}：${JSON.stringify(taskId)} 不是任务编号（<计划>.<目标>.<单位>）`));
    } else if (seen.has(taskId)) {
      problems.push(problem(`${row.at.en}: taskId`, 'duplicate', `${taskId} is also in ${seen.get(taskId)}`, `${row.at.zh}：${taskId} 重复出现`));
    }
    if (value === undefined || value === '') {
      problems.push(problem(`${row.at.en}: value`, 'required', 'is required', `${row.at.zh}：实际值必须填写`));
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push(problem(`${row.at.en}: value`, 'type', `${JSON.stringify(row.value)} is not a number`, `${row.at.zh}：${JSON.stringify(row.value)} 不是数字`));
    }
    if (typeof taskId === 'string' && typeof value === 'number' && Number.isFinite(value)) {
      if (!seen.has(taskId)) rows.push({ taskId, value });
      seen.set(taskId, row.at.en);
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

const problem = (path: string, rule: string, message: string, messageZh: string): Problem => ({ path, rule, message, messageZh });

/** Which column holds which field, from the header's cells; problems name the missing ones. */
function columnsOf(header: readonly unknown[], where: { en: string; zh: string }): { taskId: number; value: number } | Problem[] {
  const names = header.map((cell) => (typeof cell === 'string' ? cell.trim().toLowerCase() : ''));
  const taskId = names.findIndex((name) => (headings.taskId as readonly string[]).includes(name));
  const value = names.findIndex((name) => (headings.value as readonly string[]).includes(name));
  const missing = [
    ...(taskId < 0 ? [problem(`${where.en}: taskId`, 'required', 'the header has no column taskId (or 任务编号)', `${where.zh}：表头缺少 taskId（任务编号）列`)] : []),
    ...(value < 0 ? [problem(`${where.en}: value`, 'required', 'the header has no column value (or 实际值)', `${where.zh}：表头缺少 value（实际值）列`)] : []),
  ];
  return missing.length > 0 ? missing : { taskId, value };
}

async function xlsxRows(data: Uint8Array): Promise<RawRow[] | Problem[]> {
  const { default: ExcelJS } = await import('exceljs');
  const { cellValue } = await import('../plans/workbook-cells.js');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (error) {
    return [problem('file', 'syntax', `not a readable xlsx workbook (${(error as Error).message})`, '不是可读取的 xlsx 工作簿')];
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [problem('file', 'required', 'the workbook has no sheet', '工作簿中没有工作表')];
  const cellsOf = (rowNumber: number) => {
    const row = sheet.getRow(rowNumber);
    return Array.from({ length: row.cellCount }, (_, i) => cellValue(row.getCell(i + 1)));
  };
  const columns = columnsOf(cellsOf(1), { en: `${sheet.name} row 1`, zh: `${sheet.name} 第 1 行` });
  if (Array.isArray(columns)) return columns;
  const rows: RawRow[] = [];
  for (let n = 2; n <= sheet.rowCount; n++) {
    const cells = cellsOf(n);
    if (cells.every((cell) => cell === undefined)) continue;
    rows.push({ at: { en: `${sheet.name} row ${n}`, zh: `${sheet.name} 第 ${n} 行` }, taskId: cells[columns.taskId], value: cells[columns.value] });
  }
  return rows;
}

function csvRows(text: string): RawRow[] | Problem[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const columns = columnsOf(csvCells(lines[0] ?? ''), { en: 'line 1', zh: '第 1 行' });
  if (Array.isArray(columns)) return columns;
  return lines.flatMap((line, i) => {
    if (i === 0 || line.trim() === '') return [];
    const cells = csvCells(line);
    return [{ at: { en: `line ${i + 1}`, zh: `第 ${i + 1} 行` }, taskId: blankToUndefined(cells[columns.taskId]), value: blankToUndefined(cells[columns.value]) }];
  });
}

const blankToUndefined = (cell: string | undefined) => (cell === undefined || cell.trim() === '' ? undefined : cell);

/** One CSV line's cells: commas separate, double quotes enclose (`""` is a quote). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted && char === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (char === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell);
  return cells;
}

function jsonRows(text: string): RawRow[] | Problem[] {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return [problem('file', 'syntax', `JSON syntax error: ${(error as Error).message}`, `JSON 格式错误：${(error as Error).message}`)];
  }
  const list = (value as { actuals?: unknown } | null)?.actuals;
  if (!Array.isArray(list)) return [problem('actuals', 'required', 'the file must be { "actuals": [{ "taskId", "value" }] }', '文件应为 { "actuals": [{ "taskId", "value" }] }')];
  return list.map((row: unknown, i) => {
    const entry = (row ?? {}) as { taskId?: unknown; value?: unknown };
    return { at: { en: `actuals[${i}]`, zh: `actuals[${i}]` }, taskId: entry.taskId, value: entry.value };
  });
}
