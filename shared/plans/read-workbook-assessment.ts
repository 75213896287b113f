import type ExcelJS from 'exceljs';
import { nearestName } from '../domain/known-fields.js';
import type { Problem } from '../domain/problem.js';
import { type CellValue, cellNumber, cellText, cellValue, parseShare } from './workbook-cells.js';
import {
  ASSESSMENT_SHEET,
  groupsHeader,
  LIST_SEPARATOR,
  modeLabels,
  type SettingRow,
  settingRows,
  settingsHeader,
  tieBreakLabels,
  weightsHeader,
  yesNoLabels,
} from './workbook-assessment-layout.js';
import { normalizeText, unitKindAliases, unitKindLabels } from './workbook-layout.js';
import { cellPath } from './workbook-source-map.js';
import { NO_TIE_BREAK } from './write-workbook-assessment.js';

/** Where each rule of 考核设置 was read: plan paths (`assessment.grades.good`) to the row and column that hold them. */
export interface AssessmentSource {
  present: boolean;
  places: Map<string, { row: number; column?: string }>;
}

export interface AssessmentRead {
  /** `plan.assessment` as written, undefined without the sheet (the defaults apply); left-out rows keep their defaults. */
  input: Record<string, unknown> | undefined;
  source: AssessmentSource;
}

type Section = 'settings' | 'weights' | 'groups';

/** 考核设置 as the writer lays it out (write-workbook-assessment.ts); each table is found by its header row. */
export function readAssessmentSheet(worksheet: ExcelJS.Worksheet | undefined, problems: Problem[]): AssessmentRead {
  const places = new Map<string, { row: number; column?: string }>();
  if (!worksheet) return { input: undefined, source: { present: false, places } };
  const input: Record<string, unknown> = {};
  const weights: Record<string, unknown> = {};
  const groups: Record<string, unknown>[] = [];
  let section: Section = 'settings';

  worksheet.eachRow((row, number) => {
    const cells = groupsHeader.map((_, i) => cellValue(row.getCell(i + 1)));
    const first = cellText(cells[0]);
    if (first === undefined) return;
    const label = normalizeText(first);
    const header = headerOf(label);
    if (header) {
      section = header;
      if (header !== 'settings') places.set(`assessment.${header}`, { row: number });
      return;
    }
    const at = (column?: string) => cellPath(ASSESSMENT_SHEET, number, column);
    if (section === 'settings') readSetting(label, cells[1], number, input, places, problems, at);
    else if (section === 'weights') {
      places.set(`assessment.weights.${first}`, { row: number });
      if (first in weights)
        problems.push({ path: at(weightsHeader[0]), rule: 'duplicate', message: `the goal ${first} is weighted twice`, messageZh: `目标「${first}」的权重重复填写` });
      weights[first] = cellNumber(cells[1]);
    } else {
      const index = groups.length;
      places.set(`assessment.groups[${index}]`, { row: number });
      groupsHeader.forEach((column, i) => places.set(`assessment.groups[${index}].${groupPaths[i]}`, { row: number, column }));
      groups.push(readGroup(cells));
    }
  });

  if (Object.keys(weights).length > 0) input.weights = weights;
  if (groups.length > 0) input.groups = groups;
  return { input, source: { present: true, places } };
}

const groupPaths = ['id', 'name', 'kinds', 'grades.excellent', 'grades.good', 'grades.pass'] as const;

function headerOf(label: string): Section | undefined {
  if (label === settingsHeader[0]) return 'settings';
  if (label === weightsHeader[0]) return 'weights';
  if (label === groupsHeader[0]) return 'groups';
  return undefined;
}

function readSetting(
  label: string,
  value: CellValue,
  row: number,
  input: Record<string, unknown>,
  places: Map<string, { row: number; column?: string }>,
  problems: Problem[],
  at: (column?: string) => string,
): void {
  const setting = settingRows.find((s) => s.label === label);
  if (!setting) {
    const nearest = nearestName(label, settingRows.map((s) => s.label));
    const hint = nearest === undefined ? ['', ''] : [`; did you mean 「${nearest}」?`, `，是否应为「${nearest}」？`];
    problems.push({
      path: at(settingsHeader[0]),
      rule: 'unknown_field',
      message: `「${label}」 is not an assessment setting${hint[0]}`,
      messageZh: `「${label}」不是考核设置的项目${hint[1]}`,
      ...(nearest === undefined ? {} : { suggestion: nearest }),
    });
    return;
  }
  places.set(`assessment.${setting.path}`, { row, column: settingsHeader[1] });
  if (value === undefined) return;
  setAt(input, setting.path, settingValue(setting, value));
}

/** The rule's value from its cell; a word it does not know is passed on as written, for validation to name. */
function settingValue(setting: SettingRow, value: CellValue): unknown {
  const text = cellText(value)!;
  switch (setting.kind) {
    case 'share':
      return typeof value === 'number' ? value : (parseShare(text) ?? text);
    case 'yesNo':
      if (typeof value === 'boolean') return value;
      return text === yesNoLabels.yes ? true : text === yesNoLabels.no ? false : text;
    case 'mode':
      return wordOf(text, modeLabels);
    case 'tieBreak':
      if (text === NO_TIE_BREAK) return [];
      return text.split(LIST_SEPARATOR).filter(Boolean).map((word) => wordOf(word, tieBreakLabels));
    default:
      return cellNumber(value);
  }
}

function readGroup(cells: CellValue[]): Record<string, unknown> {
  const [id, name, kinds, ...grades] = cells;
  const group: Record<string, unknown> = { id: cellText(id), name: cellText(name) };
  const kindText = cellText(kinds);
  if (kindText !== undefined)
    group.kinds = kindText.split(LIST_SEPARATOR).filter(Boolean).map((word) => unitKindAliases[word] ?? wordOf(word, unitKindLabels));
  if (grades.some((grade) => grade !== undefined)) {
    const bands: Record<string, unknown> = {};
    (['excellent', 'good', 'pass'] as const).forEach((band, i) => {
      if (grades[i] !== undefined) bands[band] = cellNumber(grades[i]);
    });
    group.grades = bands;
  }
  return group;
}

/** The plan's word for a label (`按差距计分` → graded); anything else (the plan's word itself, a slip) as written. */
function wordOf(text: string, labels: Record<string, string>): string {
  return Object.entries(labels).find(([, label]) => label === text)?.[0] ?? text;
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const leaf = keys.pop()!;
  let node = target;
  for (const key of keys) node = (node[key] ??= {}) as Record<string, unknown>;
  node[leaf] = value;
}

/** A validation problem of `plan.assessment` moved to the row (and column) of 考核设置 it was read from; undefined for any other path. */
export function locateAssessmentProblem(problem: Problem, source: AssessmentSource): Problem | undefined {
  const path = locateAssessmentPath(problem.path, source);
  return path === undefined ? undefined : { ...problem, path };
}

function locateAssessmentPath(path: string, source: AssessmentSource): string | undefined {
  if (path !== 'assessment' && !path.startsWith('assessment.')) return undefined;
  if (!source.present) return path;
  let best: { key: string; place: { row: number; column?: string } } | undefined;
  for (const [key, place] of source.places) {
    const covers = path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`);
    if (covers && key.length > (best?.key.length ?? -1)) best = { key, place };
  }
  return best ? cellPath(ASSESSMENT_SHEET, best.place.row, best.place.column) : ASSESSMENT_SHEET;
}
