import type { Problem } from './problem.js';
import { cut } from './zod-problems.js';

/**
 * Each problem of a goal or a unit with that item's id as written (`goals[4].target` → `pm25`): a clerk looks
 * for a goal by its id, not by counting to the fifth. An item without a text id gets none.
 */
export function withItemIds(problems: readonly Problem[], input: unknown): Problem[] {
  return problems.map((p) => {
    const item = /^(goals|units)\[(\d+)\]/.exec(p.path);
    if (!item || p.itemId !== undefined) return p;
    const id = itemAt(input, item[1]!, Number(item[2]))?.id;
    return typeof id === 'string' && id.trim() !== '' ? { ...p, itemId: cut(id) } : p;
  });
}

function itemAt(input: unknown, list: string, index: number): Record<string, unknown> | undefined {
  const items = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[list] : undefined;
  const item = Array.isArray(items) ? (items[index] as unknown) : undefined;
  return item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : undefined;
}

/** The path as a person reads it: `goals[4] (pm25).target`. */
export function problemPlace(p: Problem): string {
  const named = p.itemId === undefined ? p.path : p.path.replace(/^((?:goals|units)\[\d+\])/, `$1 (${p.itemId})`);
  return p.line === undefined ? named : `${named} (line ${p.line}, column ${p.column ?? 1} / 第 ${p.line} 行)`;
}
