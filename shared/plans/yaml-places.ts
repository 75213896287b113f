import { type Document, isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';
import type { Problem } from '../domain/problem.js';
import { pathSegments } from '../domain/zod-problems.js';

/**
 * Each problem of a YAML plan with the line and column of its key (`deadline:` of `goals[3].deadline`): the
 * clerk's editor shows lines, not paths. A field that is missing is placed at the nearest key that is written
 * (the goal it belongs to); a path that is not in the document (`line 3, column 1` of a syntax error) is left as is.
 */
export function withYamlPlaces(problems: readonly Problem[], document: Document, lines: LineCounter): Problem[] {
  return problems.map((p) => {
    const offset = offsetOf(document.contents, pathSegments(p.path));
    if (offset === undefined) return p;
    const { line, col } = lines.linePos(offset);
    return { ...p, line, column: col };
  });
}

/** Where the deepest written part of the path starts: a map entry's key, a list's item. */
function offsetOf(root: Node | null, segments: readonly PropertyKey[]): number | undefined {
  let node: unknown = root;
  let offset: number | undefined;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}
