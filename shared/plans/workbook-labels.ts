import type { Problem } from '../domain/problem.js';
import { normalizeText } from './workbook-layout.js';

/** The plan's value for a word in a cell: its Chinese label, the plan's own word, or an alias. */
export function fromLabel<Value extends string>(
  text: string,
  labels: Record<Value, string>,
  aliases: Record<string, Value>,
): Value | undefined {
  const wanted = normalizeText(text);
  const entries = Object.entries(labels) as [Value, string][];
  return entries.find(([value, label]) => wanted === label || wanted === value)?.[0] ?? aliases[wanted];
}

export function oneOfProblem(path: string, text: string, labels: Record<string, string>): Problem {
  const options = Object.values(labels);
  return {
    path,
    rule: 'one_of',
    message: `"${text}" is not one of ${options.join(', ')}`,
    messageZh: `「${text}」不是以下之一：${options.join('、')}`,
  };
}

export function unknownUnitProblem(path: string, text: string, unitsSheet: string): Problem {
  return {
    path,
    rule: 'unknown_unit',
    message: `"${text}" is not a unit of ${unitsSheet}`,
    messageZh: `「${text}」不是${unitsSheet}中的单位`,
  };
}
