import type ExcelJS from 'exceljs';
import type { Problem } from '../domain/problem.js';
import { cellNumber, cellText, cellValue } from './workbook-cells.js';
import {
  baseLabels,
  listSeparators,
  normalizeText,
  type UnitField,
  unitColumns,
  unitKindAliases,
  unitKindLabels,
  unitNoteHeaders,
} from './workbook-layout.js';
import { fromLabel, oneOfProblem } from './workbook-labels.js';
import { cellPath, type SheetSource } from './workbook-source-map.js';
import { Table } from './workbook-table.js';

export interface UnitsRead {
  units: Record<string, unknown>[];
  source: SheetSource;
  /** Unit id for a name as a clerk writes it in 任务表: full name, short name (浒山 for 浒山街道) or id. */
  unitId(text: string): string | undefined;
  /** Base id for what a clerk writes in 分解基数: the column's words, its id or its whole header. */
  baseId(text: string): string | undefined;
}

interface BaseColumn {
  column: number;
  id: string;
  header: string;
}

export function readUnitsSheet(worksheet: ExcelJS.Worksheet, problems: Problem[]): UnitsRead {
  const table = new Table(worksheet, unitColumns, problems);
  const bases = baseColumns(worksheet, table, problems);
  const rows = table.dataRows();
  const units = rows.map((row) => {
    const kindText = cellText(table.value(row, 'kind'));
    const kind = kindText === undefined ? undefined : fromLabel(kindText, unitKindLabels, unitKindAliases);
    if (kindText !== undefined && kind === undefined) problems.push(oneOfProblem(table.at(row, 'kind'), kindText, unitKindLabels));
    const unit: Record<string, unknown> = {
      id: cellText(table.value(row, 'id')),
      name: cellText(table.value(row, 'name')),
      kind: kind ?? kindText,
    };
    const tags = tagsOf(cellText(table.value(row, 'tags')));
    if (tags.length > 0) unit.tags = tags;
    const values = bases.flatMap(({ column, id }) => {
      const value = cellNumber(cellValue(worksheet.getRow(row).getCell(column)));
      return value === undefined ? [] : [[id, value] as const];
    });
    if (values.length > 0) unit.bases = Object.fromEntries(values);
    return unit;
  });
  reportDuplicateNames(units, rows, table, problems);
  return {
    units,
    source: {
      sheet: table.sheet,
      present: true,
      rows,
      columns: [...table.sourceColumns, ...bases.map((b) => ({ header: b.header, paths: [`bases.${b.id}`], missing: false }))],
    },
    unitId: unitDirectory(units),
    baseId: (text) => {
      const wanted = normalizeText(text);
      return bases.find((b) => [b.id, normalizeText(b.header), normalizeText(labelOf(b.header))].includes(wanted))?.id;
    },
  };
}

/** Every column that is not a unit field or a note is a base, headed `企业数 (enterprises)` or by its id. */
function baseColumns(worksheet: ExcelJS.Worksheet, table: Table<string>, problems: Problem[]): BaseColumn[] {
  const taken = new Set(Object.values(table.columnOf));
  const notes = new Set(unitNoteHeaders);
  const bases: BaseColumn[] = [];
  worksheet.getRow(1).eachCell((cell, column) => {
    const header = cellText(cellValue(cell));
    if (header === undefined || taken.has(column) || notes.has(normalizeText(header))) return;
    const id = baseIdOfHeader(header);
    if (id) bases.push({ column, id, header });
    else
      problems.push({
        path: cellPath(worksheet.name, 1, header),
        rule: 'base_column',
        message: `the base column "${header}" needs an id: head it like 企业数 (enterprises)`,
        messageZh: `基数列「${header}」缺少编号，请写成如「企业数 (enterprises)」`,
      });
  });
  return bases;
}

function baseIdOfHeader(header: string): string | undefined {
  const withId = /[(（]\s*([a-z0-9][a-z0-9-]*)\s*[)）]\s*$/.exec(header);
  if (withId) return withId[1];
  if (/^[a-z0-9][a-z0-9-]*$/.test(header)) return header;
  return Object.entries(baseLabels).find(([, label]) => normalizeText(label) === normalizeText(header))?.[0];
}

function labelOf(header: string): string {
  return header.replace(/[(（][^()（）]*[)）]\s*$/, '');
}

/** 标签 lists a unit's tags as 沿海、村庄 (any list separator or spaces between them). */
function tagsOf(text: string | undefined): string[] {
  return (text ?? '').split(listSeparators).flatMap((tag) => tag.trim().split(/\s+/)).filter(Boolean);
}

function reportDuplicateNames(units: Record<string, unknown>[], rows: number[], table: Table<UnitField>, problems: Problem[]): void {
  const first = new Map<string, number>();
  units.forEach((unit, index) => {
    if (typeof unit.name !== 'string') return;
    const earlier = first.get(unit.name);
    if (earlier === undefined) first.set(unit.name, rows[index]!);
    else
      problems.push({
        path: table.at(rows[index]!, 'name'),
        rule: 'duplicate_name',
        message: `"${unit.name}" is already the name of row ${earlier}: 任务表 could not tell them apart`,
        messageZh: `「${unit.name}」与第${earlier}行重名，任务表中无法区分`,
      });
  });
}

/** 浒山 for 浒山街道, 宁海 for 宁海县, 海曙 for 海曙区, 余姚 for 余姚市. */
const shortNameSuffix = /(街道|镇|乡|区|县|市)$/;

function unitDirectory(units: readonly Record<string, unknown>[]): (text: string) => string | undefined {
  const byText = new Map<string, string>();
  const shortNames = new Map<string, string | null>();
  for (const unit of units) {
    if (typeof unit.id !== 'string') continue;
    byText.set(unit.id, unit.id);
    if (typeof unit.name !== 'string') continue;
    byText.set(normalizeText(unit.name), unit.id);
    const short = normalizeText(unit.name).replace(shortNameSuffix, '');
    // A short name shared by two units (a town and a street of the same place) names neither.
    if (short !== normalizeText(unit.name)) shortNames.set(short, shortNames.has(short) ? null : unit.id);
  }
  return (text) => {
    const wanted = normalizeText(text);
    return byText.get(wanted) ?? shortNames.get(wanted) ?? undefined;
  };
}
