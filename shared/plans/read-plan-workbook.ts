import ExcelJS from 'exceljs';
import type { Ladder, Plan } from '../domain/plan.js';
import { validatePlan } from '../domain/plan-rules.js';
import type { Problem, Result } from '../domain/problem.js';
import { readDetailsSheet } from './read-workbook-details.js';
import { readGoalsSheet } from './read-workbook-goals.js';
import { readUnitsSheet, type UnitsRead } from './read-workbook-units.js';
import { type CellValue, cellNumber, cellText, cellValue, parseShare } from './workbook-cells.js';
import { parseLadder } from './workbook-ladder.js';
import { detailsSheetName } from './workbook-details-layout.js';
import { infoRows, normalizeText, sheetNames } from './workbook-layout.js';
import { cellPath, type InfoSource, locateProblem, type SheetSource, type WorkbookSources } from './workbook-source-map.js';
import { type AssessmentSource, locateAssessmentProblem, readAssessmentSheet } from './read-workbook-assessment.js';
import { ASSESSMENT_SHEET } from './workbook-assessment-layout.js';

/**
 * A plan from the Excel 任务分解表 (计划信息, 单位表, 任务表), validated. Every problem is located by
 * sheet, row and column (`任务表 第5行 完成时限`), those found while reading and those of validation.
 */
export async function readPlanWorkbook(data: Uint8Array): Promise<Result<Plan>> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
  } catch {
    return {
      ok: false,
      problems: [{ path: '', rule: 'xlsx', message: 'the file is not an xlsx workbook', messageZh: '文件不是有效的 xlsx 工作簿' }],
    };
  }

  const problems: Problem[] = [];
  const { input, sources, assessment, complete } = readSheets(workbook, problems);
  // Without all three sheets, validation would only repeat what is missing, row by row.
  if (!complete) return { ok: false, problems: inSheetOrder(problems) };
  const validated = validatePlan(input);
  const reported = new Set(problems.map((p) => p.path));
  const located = validated.ok ? [] : validated.problems.flatMap((p) => locateAssessmentProblem(p, assessment) ?? locateProblem(p, sources) ?? []);
  const all = [...problems, ...located.filter((p) => !reported.has(p.path))];
  return all.length > 0 ? { ok: false, problems: inSheetOrder(all) } : validated;
}

interface SheetsRead {
  input: Record<string, unknown>;
  sources: WorkbookSources;
  /** Where 考核设置's rules were read (a workbook without the sheet gets the default rules). */
  assessment: AssessmentSource;
  complete: boolean;
}

function readSheets(workbook: ExcelJS.Workbook, problems: Problem[]): SheetsRead {
  const sheet = (name: string) => {
    const worksheet = workbook.getWorksheet(name);
    if (!worksheet)
      problems.push({ path: name, rule: 'missing_sheet', message: `the sheet ${name} is missing`, messageZh: `缺少工作表「${name}」` });
    return worksheet;
  };
  const infoSheet = sheet(sheetNames.info);
  const unitsSheet = sheet(sheetNames.units);
  const goalsSheet = sheet(sheetNames.goals);

  const info = readInfoSheet(infoSheet, problems);
  const year = typeof info.input.year === 'number' ? info.input.year : undefined;
  const units: UnitsRead | undefined = unitsSheet && readUnitsSheet(unitsSheet, problems);
  // Without 单位表 no name can be checked; names are taken as written rather than each reported.
  const goals =
    goalsSheet &&
    readGoalsSheet(
      goalsSheet,
      {
        unitsSheet: sheetNames.units,
        unitId: (text) => (units ? units.unitId(text) : text),
        baseId: (text) => (units ? units.baseId(text) : text),
        year,
      },
      problems,
    );
  // 单位明细 may be left out: a plan whose tasks all take the goal's title, deadline and milestones.
  const details = readDetailsSheet(
    workbook.getWorksheet(detailsSheetName),
    goals?.goals ?? [],
    { unitsSheet: sheetNames.units, goalsSheet: sheetNames.goals, unitId: (text) => (units ? units.unitId(text) : text), year },
    problems,
  );
  const assessment = readAssessmentSheet(workbook.getWorksheet(ASSESSMENT_SHEET), problems);
  return {
    complete: infoSheet !== undefined && unitsSheet !== undefined && goalsSheet !== undefined,
    input: { ...info.input, units: units?.units ?? [], goals: goals?.goals ?? [], ...(assessment.input && { assessment: assessment.input }) },
    assessment: assessment.source,
    sources: {
      info: info.source,
      units: units?.source ?? absent(sheetNames.units),
      goals: goals?.source ?? absent(sheetNames.goals),
      details,
    },
  };
}

/** 计划信息: a label in column A, its value in column B. */
function readInfoSheet(worksheet: ExcelJS.Worksheet | undefined, problems: Problem[]): { input: Record<string, unknown>; source: InfoSource } {
  const input: Record<string, unknown> = {};
  const rows = new Map<string, { row: number | undefined; label: string }>();
  for (const { label, path } of Object.values(infoRows)) rows.set(path, { row: undefined, label });
  worksheet?.eachRow((row, number) => {
    const label = cellText(cellValue(row.getCell(1)));
    const field = Object.values(infoRows).find((f) => label !== undefined && normalizeText(label) === f.label);
    if (!field) return;
    rows.set(field.path, { row: number, label: field.label });
    const value = cellValue(row.getCell(2));
    const read =
      field.path === infoRows.ladder.path
        ? readLadder(value, cellPath(sheetNames.info, number, field.label), problems)
        : readInfoValue(field.path, value);
    if (read === undefined) return;
    // `tracking.margin` → input.tracking.margin; an empty row leaves the setting to its default.
    const [head, leaf] = field.path.split('.') as [string, string | undefined];
    if (leaf === undefined) input[head] = read;
    else input[head] = { ...(input[head] as Record<string, unknown> | undefined), [leaf]: read };
  });
  return { input, source: { sheet: sheetNames.info, present: worksheet !== undefined, rows } };
}

/** Numbers as numbers (审核层级 2), a margin also as a percentage (10%); anything else as written, for validation to name. */
function readInfoValue(path: string, value: CellValue): unknown {
  if (path === 'year' || path === 'tracking.reviewLevels') return cellNumber(value);
  if (path === 'tracking.margin') {
    if (typeof value !== 'string') return cellNumber(value);
    return parseShare(value) ?? value;
  }
  return cellText(value);
}

/** 升级阶梯 `提醒5/催办1/督办5/通报10/约谈20`: the steps it names; one that cannot be read is reported here, the numbers by validation. */
function readLadder(value: CellValue, at: string, problems: Problem[]): Partial<Ladder> | undefined {
  const text = cellText(value);
  if (text === undefined) return undefined;
  const read = parseLadder(text);
  if (read.ok) return read.ladder;
  problems.push(
    read.twice
      ? { path: at, rule: 'format', message: `"${read.entry}" names a step given before`, messageZh: `「${read.entry}」重复填写了同一级别` }
      : {
          path: at,
          rule: 'format',
          message: `"${read.entry}" is not a step and its working days, e.g. 提醒5/催办1/督办5/通报10/约谈20`,
          messageZh: `「${read.entry}」格式不正确，应为级别和工作日数，如：提醒5/催办1/督办5/通报10/约谈20`,
        },
  );
  return undefined;
}

function absent(sheet: string): SheetSource {
  return { sheet, present: false, rows: [], columns: [] };
}

const sheetOrder: readonly string[] = [sheetNames.info, sheetNames.units, sheetNames.goals, detailsSheetName, ASSESSMENT_SHEET];

function inSheetOrder(problems: Problem[]): Problem[] {
  const rank = (p: Problem) => {
    const index = sheetOrder.findIndex((name) => p.path.startsWith(name));
    return index === -1 ? sheetOrder.length : index;
  };
  return [...problems].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path, 'zh', { numeric: true }));
}
