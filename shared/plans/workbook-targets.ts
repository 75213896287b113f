import type { RelativeTarget } from '../domain/plan.js';
import { changeWords } from '../domain/target.js';
import { cellText, type CellValue } from './workbook-cells.js';
import { listSeparators } from './workbook-layout.js';

/*
 * How the 任务表 writes the targets that are not a bare number: a floor in 目标值 (`150以上`), and a
 * relative target in 基准值 / 变化 / 基准年 (`30、海曙区 31.2` / `下降5%` / `2023`). Reader and writer share
 * this file so that a written workbook reads back to the same plan.
 */

/** `150以上` or `150个以上`: the number and that it is a floor; undefined for any other text. */
export function readFloor(value: CellValue): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*[^\d\s]{0,4}?以上$/.exec(cellText(value) ?? '');
  return match ? Number(match[1]) : undefined;
}

export function floorText(target: number): string {
  return `${target}以上`;
}

const fallWords = ['下降', '降低', '减少', '压减'];

/**
 * 变化 as a share: `-5%`, `下降5%`, `增长10%`, or a number (−0.05, or a percent-formatted cell holding it).
 * The text as written when it is none of these, for validation to name.
 */
export function readChange(value: CellValue): number | string | undefined {
  if (typeof value === 'number' || value === undefined) return value;
  const text = (cellText(value) ?? '').replace(/\s+/g, '');
  const match = /^(下降|降低|减少|压减|上升|提高|增长|增加)?([+-]?\d+(?:\.\d+)?)(%|％)?$/.exec(text);
  if (!match) return text;
  const [, word, figure, percent] = match;
  const magnitude = Number(figure) / (percent ? 100 : 1);
  const sign = word !== undefined && fallWords.includes(word) ? -1 : 1;
  // Exact to the hundredth of a percent written: 5% is 0.05, not 0.05000000000000001.
  return Number((sign * magnitude).toFixed(8));
}

/** 下降5% / 上升10%: the words a clerk writes. */
export function changeText(change: number): string {
  return change === 0 ? '0%' : changeWords(change).zh;
}

/** 2023 or 2023年. */
export function readBaselineYear(value: CellValue): number | string | undefined {
  if (typeof value === 'number' || value === undefined) return value;
  const text = (cellText(value) ?? '').replace(/\s+/g, '');
  const match = /^(\d{4})年?$/.exec(text);
  return match ? Number(match[1]) : text;
}

/** What 基准值 says: a baseline for every unit (a bare number, or 其余 30) and the units' own (海曙区 31.2). */
export interface BaselinesRead {
  baseline?: number;
  /** By the unit's name as written; the reader turns names into ids. */
  baselines: [name: string, value: number][];
  unreadable: string[];
}

const restWords = /^(其余|其他|其它|默认|统一)\s*[:：=]?\s*/;

export function readBaselines(value: CellValue): BaselinesRead {
  if (typeof value === 'number') return { baseline: value, baselines: [], unreadable: [] };
  const read: BaselinesRead = { baselines: [], unreadable: [] };
  for (const entry of (cellText(value) ?? '').split(listSeparators).map((e) => e.trim()).filter(Boolean)) {
    const bare = /^-?\d+(?:\.\d+)?$/.test(entry.replace(restWords, '')) ? Number(entry.replace(restWords, '')) : undefined;
    if (bare !== undefined) {
      read.baseline = bare;
      continue;
    }
    const match = /^(.+?)\s*[:：=]?\s*(-?\d+(?:\.\d+)?)$/.exec(entry);
    if (match) read.baselines.push([match[1]!.trim(), Number(match[2])]);
    else read.unreadable.push(entry);
  }
  return read;
}

/** `30、海曙区 31.2、宁海县 24.5`: the baseline for every unit first, then the units' own. */
export function baselinesText(relative: Pick<RelativeTarget, 'baseline' | 'baselines'>, nameOf: (id: string) => string): string {
  const own = Object.entries(relative.baselines ?? {}).map(([id, value]) => `${nameOf(id)} ${value}`);
  return [...(relative.baseline === undefined ? [] : [String(relative.baseline)]), ...own].join('、');
}
