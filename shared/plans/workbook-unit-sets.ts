import type { UnitFilter, UnitSet } from '../domain/plan.js';
import type { Problem } from '../domain/problem.js';
import { listOf } from '../domain/unit-sets.js';
import { listSeparators, unitKindAliases, unitKindLabels, unitSetLabels } from './workbook-layout.js';
import { fromLabel, oneOfProblem } from './workbook-labels.js';

/**
 * 单位范围 as a clerk writes a set by kind or tag: `类型：区、县、县级市`, `标签：沿海`, or both, `类型：县；标签：村庄`
 * (units of those kinds that also have one of those tags). The words 类型 and 标签 are the 单位表's own
 * column headers, so the cell reads as "the units whose 类型 is …".
 */
export const filterWords = { kind: '类型', tag: '标签' } as const;

const filterPart = /(类型|标签)\s*[:：]/g;
/** Words between the parts that join them, not values: `类型：县 且 标签：村庄`. */
const joiningWords = new Set(['且', '并且', '和', '及']);

export function unitSetText(set: UnitSet, nameOf: (id: string) => string): string {
  if (typeof set === 'string') return unitSetLabels[set];
  if (Array.isArray(set)) return set.map(nameOf).join('、');
  const kinds = listOf(set.kind)?.map((kind) => unitKindLabels[kind]);
  const tags = listOf(set.tag);
  return [kinds && `${filterWords.kind}：${kinds.join('、')}`, tags && `${filterWords.tag}：${tags.join('、')}`]
    .filter(Boolean)
    .join('；');
}

/** What went wrong reading a set's words: a kind that is not one, words before 类型/标签, a part with no value. */
export type FilterSlip = { kind: 'unknown_kind'; text: string } | { kind: 'stray_text'; text: string } | { kind: 'empty'; word: string };

/**
 * The filter a 单位范围 cell says, or undefined when it does not use 类型： or 标签： (then it is a list of units).
 * Kinds not understood are passed on as written, so that validation names them too.
 */
export function readFilterText(text: string): { filter: Partial<Record<keyof UnitFilter, unknown>>; slips: FilterSlip[] } | undefined {
  const starts = [...text.matchAll(filterPart)];
  if (starts.length === 0) return undefined;
  const slips: FilterSlip[] = [];
  const before = text.slice(0, starts[0]!.index).trim();
  if (before !== '') slips.push({ kind: 'stray_text', text: before });
  const kinds: string[] = [];
  const tags: string[] = [];
  starts.forEach((start, i) => {
    const word = start[1]!;
    const values = text
      .slice(start.index + start[0].length, starts[i + 1]?.index ?? text.length)
      .split(listSeparators)
      .flatMap((value) => value.trim().split(/\s+/))
      .filter((value) => value !== '' && !joiningWords.has(value));
    if (values.length === 0) slips.push({ kind: 'empty', word });
    if (word === filterWords.tag) tags.push(...values);
    else
      for (const value of values) {
        const kind = fromLabel(value, unitKindLabels, unitKindAliases);
        if (kind === undefined) slips.push({ kind: 'unknown_kind', text: value });
        kinds.push(kind ?? value);
      }
  });
  const filter: Partial<Record<keyof UnitFilter, unknown>> = {};
  if (kinds.length > 0) filter.kind = oneOrList(kinds);
  if (tags.length > 0) filter.tag = oneOrList(tags);
  return { filter, slips };
}

/** The plan's form of what a cell lists: one value alone, several as a list. */
function oneOrList(values: readonly string[]): string | string[] {
  return values.length === 1 ? values[0]! : [...values];
}

const example = '类型：区、县 / 标签：沿海 / 类型：县；标签：村庄';

export function filterSlipProblem(path: string, slip: FilterSlip): Problem {
  switch (slip.kind) {
    case 'unknown_kind':
      return oneOfProblem(path, slip.text, unitKindLabels);
    case 'stray_text':
      return {
        path,
        rule: 'format',
        message: `"${slip.text}" before 类型： or 标签： is not understood: write a set by kind or tag alone, e.g. ${example}`,
        messageZh: `「${slip.text}」不能写在「类型：」或「标签：」之前；按类型或标签指定单位范围时只写条件，如：${example}`,
      };
    case 'empty':
      return {
        path,
        rule: 'format',
        message: `${slip.word}： is followed by no value, e.g. ${example}`,
        messageZh: `「${slip.word}：」后没有填写内容，如：${example}`,
      };
  }
}
