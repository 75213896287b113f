import type ExcelJS from 'exceljs';
import type { AllocationMethod } from '../domain/plan.js';
import type { Problem } from '../domain/problem.js';
import { cellDate, cellNumber, cellText, type CellValue } from './workbook-cells.js';
import {
  directionAliases,
  directionLabels,
  type GoalField,
  goalColumns,
  kindAliases,
  kindLabels,
  listSeparators,
  methodAliases,
  methodLabels,
  unitSetAliases,
  unitSetLabels,
} from './workbook-layout.js';
import { fromLabel, oneOfProblem, unknownUnitProblem } from './workbook-labels.js';
import { readMilestonesText, unreadableMilestone } from './workbook-milestones.js';
import type { SheetSource } from './workbook-source-map.js';
import { filterSlipProblem, readFilterText } from './workbook-unit-sets.js';
import { readBaselines, readBaselineYear, readChange, readFloor } from './workbook-targets.js';
import { Table } from './workbook-table.js';

export interface GoalsContext {
  unitsSheet: string;
  unitId(text: string): string | undefined;
  baseId(text: string): string | undefined;
  year: number | undefined;
}

type Row = Record<string, unknown>;

/**
 * Goals from 任务表, one per row. What cannot be understood is reported at its cell and passed on as
 * written, so that validation still checks the rest of the row; its repeat of the same cell is dropped.
 */
export function readGoalsSheet(
  worksheet: ExcelJS.Worksheet,
  context: GoalsContext,
  problems: Problem[],
): { goals: Row[]; source: SheetSource } {
  const table = new Table(worksheet, goalColumns, problems);
  const rows = table.dataRows();
  const goals = rows.map((row) => new GoalRow(table, row, context, problems).read());
  return { goals, source: { sheet: table.sheet, present: true, rows, columns: table.sourceColumns } };
}

class GoalRow {
  constructor(
    private readonly table: Table<GoalField>,
    private readonly row: number,
    private readonly context: GoalsContext,
    private readonly problems: Problem[],
  ) {}

  read(): Row {
    const kind = this.label('kind', kindLabels, kindAliases);
    const goal: Row = {
      id: this.text('id') ?? this.defaultId(),
      title: this.text('title'),
      kind,
      deadline: cellDate(this.value('deadline'), this.context.year),
      lead: this.leads(),
      allocation: this.allocation(),
      ...this.kindFields(kind),
    };
    if (this.value('coUnits') !== undefined) goal.coUnits = this.units('coUnits');
    if (this.value('basis') !== undefined) goal.basis = this.text('basis');
    return goal;
  }

  /** The fields of the goal's kind; a value in a column the kind does not have is reported. */
  private kindFields(kind: string | undefined): Row {
    const measured = () => ({ target: cellNumber(this.value('target')), unitOfMeasure: this.text('unitOfMeasure') });
    const relativeColumns: GoalField[] = ['baseline', 'change', 'baselineYear'];
    const unusedFor = (label: string, ...fields: GoalField[]) => {
      for (const field of fields) this.unused(field, `类型 is ${label}`, `类型为「${label}」`);
    };
    switch (kind) {
      case 'quantity': {
        this.quantityDirection();
        unusedFor(kindLabels.quantity, ...relativeColumns);
        const floor = readFloor(this.value('target'));
        const quantity = floor === undefined ? measured() : { ...measured(), target: floor, atLeast: true };
        return this.value('milestones') === undefined ? quantity : { ...quantity, milestones: this.milestones() };
      }
      case 'indicator': {
        unusedFor(kindLabels.indicator, 'milestones');
        const indicator: Row = { ...measured(), direction: this.label('direction', directionLabels, directionAliases) };
        if (!relativeColumns.some((field) => this.value(field) !== undefined)) return indicator;
        // A relative target leaves 目标值 empty: no `target` key, as the plan file writes it.
        if (indicator.target === undefined) delete indicator.target;
        return { ...indicator, relative: this.relative() };
      }
      case 'action':
        unusedFor(kindLabels.action, 'target', 'unitOfMeasure', 'direction', 'milestones', ...relativeColumns);
        return {};
      default:
        // An unknown kind is reported already, and validation stops at it.
        return {};
    }
  }

  /** A quantity is done when it reaches its target: ≥ says so and may stay, ≤ cannot be meant. */
  private quantityDirection(): void {
    const text = this.text('direction');
    if (text === undefined || fromLabel(text, directionLabels, directionAliases) === 'at_least') return;
    this.report(
      'direction',
      'not_applicable',
      'a quantity counts up to its target: leave it empty or write ≥',
      '数量类目标以达到目标值为完成，方向留空或填「≥」',
    );
  }

  private allocation(): Row {
    const method = this.label('method', methodLabels, methodAliases);
    const notWith = (...fields: GoalField[]) => {
      if (!isMethod(method)) return;
      for (const field of fields) this.unused(field, `分解方式 is ${methodLabels[method]}`, `分解方式为「${methodLabels[method]}」`);
    };
    switch (method) {
      case 'lead':
        notWith('unitSet', 'base', 'shares');
        return { method };
      case 'quota':
        notWith('unitSet', 'base');
        return { method, quotas: this.shares(true) };
      case 'even':
        notWith('base', 'shares');
        return { method, units: this.unitSet() };
      case 'proportional':
        notWith('shares');
        return { method, units: this.unitSet(), base: this.base() };
      case 'each': {
        notWith('base');
        const allocation: Row = { method, units: this.unitSet() };
        if (this.value('shares') !== undefined) allocation.overrides = this.shares(false);
        return allocation;
      }
      default:
        return { method };
    }
  }

  private value(field: GoalField): CellValue {
    return this.table.value(this.row, field);
  }

  private text(field: GoalField): string | undefined {
    return cellText(this.value(field));
  }

  private at(field: GoalField): string {
    return this.table.at(this.row, field);
  }

  private report(field: GoalField, rule: string, message: string, messageZh: string): void {
    this.problems.push({ path: this.at(field), rule, message, messageZh });
  }

  /** Ids depend on the row's 序号 when 编号 is left empty: fill 编号 to keep tasks when rows move. */
  private defaultId(): string {
    const seq = cellNumber(this.value('seq'));
    return typeof seq === 'number' && Number.isInteger(seq) && seq > 0 ? `goal-${seq}` : `row-${this.row}`;
  }

  private label<Value extends string>(
    field: GoalField,
    labels: Record<Value, string>,
    aliases: Record<string, Value>,
  ): Value | string | undefined {
    const text = this.text(field);
    if (text === undefined) return undefined;
    const value = fromLabel(text, labels, aliases);
    if (value === undefined) this.problems.push(oneOfProblem(this.at(field), text, labels));
    return value ?? text;
  }

  private unused(field: GoalField, when: string, whenZh: string): void {
    if (this.value(field) === undefined) return;
    this.report(field, 'not_applicable', `not used when ${when}: leave it empty`, `${whenZh}时不填此项`);
  }

  /** 牵头单位: one unit, or joint leads separated like any list (市发改委、市生态环境局), the primary first. */
  private leads(): string | string[] | undefined {
    if (this.text('lead') === undefined) return undefined;
    const leads = this.units('lead');
    return leads.length === 1 ? leads[0] : leads;
  }

  private units(field: GoalField): string[] {
    return (this.text(field) ?? '')
      .split(listSeparators)
      .flatMap((name) => name.trim().split(/\s+/))
      .filter(Boolean)
      .map((name) => this.unitRef(field, name));
  }

  /** The unit's id, or the name as written after reporting it. */
  private unitRef(field: GoalField, text: string): string {
    const id = this.context.unitId(text);
    if (id === undefined) this.problems.push(unknownUnitProblem(this.at(field), text, this.context.unitsSheet));
    return id ?? text;
  }

  /** Empty means the towns and streets, the usual receivers of a split. */
  private unitSet(): unknown {
    const text = this.text('unitSet');
    if (text === undefined) return 'towns';
    const named = fromLabel(text, unitSetLabels, unitSetAliases);
    if (named !== undefined) return named;
    const byKindOrTag = readFilterText(text);
    if (byKindOrTag === undefined) return this.units('unitSet');
    for (const slip of byKindOrTag.slips) this.problems.push(filterSlipProblem(this.at('unitSet'), slip));
    return byKindOrTag.filter;
  }

  private base(): string | undefined {
    const text = this.text('base');
    if (text === undefined) {
      this.report('base', 'required', 'is required when 分解方式 is 按比例', '分解方式为「按比例」时必须填写');
      return undefined;
    }
    const id = this.context.baseId(text);
    if (id === undefined)
      this.report('base', 'unknown_base', `"${text}" is not a base column of ${this.context.unitsSheet}`, `「${text}」不是${this.context.unitsSheet}中的基数列`);
    return id ?? text;
  }

  /** `浒山街道 2、古塘街道 1` → `{ hushan: 2, gutang: 1 }`. */
  private shares(required: boolean): Record<string, number> {
    const text = this.text('shares');
    if (text === undefined) {
      if (required) this.report('shares', 'required', 'is required when 分解方式 is 配额, e.g. 龙山镇 2、周巷镇 1', '分解方式为「配额」时必须填写，如：龙山镇 2、周巷镇 1');
      return {};
    }
    const shares: Record<string, number> = {};
    for (const entry of text.split(listSeparators).map((e) => e.trim()).filter(Boolean)) {
      const match = /^(.+?)\s*[:：=]?\s*(-?\d+(?:\.\d+)?)$/.exec(entry);
      if (!match) {
        this.report('shares', 'format', `"${entry}" is not a unit and a number, e.g. 龙山镇 2`, `「${entry}」格式不正确，应为单位和数值，如：龙山镇 2`);
        continue;
      }
      shares[this.unitRef('shares', match[1]!.trim())] = Number(match[2]);
    }
    return shares;
  }

  /** 基准值 `30、海曙区 31.2`, 变化 `下降5%`, 基准年 `2023` → `relative`; validation names what is missing. */
  private relative(): Row {
    const read = readBaselines(this.value('baseline'));
    for (const entry of read.unreadable)
      this.report('baseline', 'format', `"${entry}" is not a number or a unit and a number, e.g. 30 or 海曙区 31.2`, `「${entry}」格式不正确，应为数值或单位和数值，如：30 或 海曙区 31.2`);
    const baselines = Object.fromEntries(read.baselines.map(([name, value]) => [this.unitRef('baseline', name), value]));
    const relative: Row = { change: readChange(this.value('change')) };
    if (read.baseline !== undefined) relative.baseline = read.baseline;
    if (read.baselines.length > 0) relative.baselines = baselines;
    const year = readBaselineYear(this.value('baselineYear'));
    if (year !== undefined) relative.baselineYear = year;
    return relative;
  }

  /** `2022-06-30 40%；2022-09-30 70%` → milestones; `6-30 40%` uses the plan year. */
  private milestones(): Row[] {
    const read = readMilestonesText(this.text('milestones') ?? '', this.context.year);
    for (const entry of read.unreadable) {
      const { message, messageZh } = unreadableMilestone(entry);
      this.report('milestones', 'format', message, messageZh);
    }
    return read.milestones;
  }
}

function isMethod(method: unknown): method is AllocationMethod {
  return typeof method === 'string' && method in methodLabels;
}
