import type * as z from 'zod';

/*
 * The field names a schema accepts at a path of its input, so that an unknown field can be answered with the
 * nearest known one (`unitOfMesure` → `unitOfMeasure`). Walks zod's own definitions: wrappers (default,
 * optional, pipe…) are looked through, a union offers the fields of every alternative.
 */

type Definition = { type: string } & Record<string, unknown>;

const definitionOf = (schema: unknown): Definition => (schema as z.core.$ZodType)._zod.def as unknown as Definition;

/** The schemas a value at `path` is checked against (several under a union), wrappers removed. */
function schemasAt(schema: unknown, path: readonly PropertyKey[]): unknown[] {
  let current = unwrap(schema);
  for (const segment of path) {
    current = current.flatMap((inner) => {
      const definition = definitionOf(inner);
      if (definition.type === 'object') {
        const shape = definition.shape as Record<string, unknown>;
        return typeof segment === 'string' && segment in shape ? unwrap(shape[segment]) : [];
      }
      if (definition.type === 'array') return typeof segment === 'number' ? unwrap(definition.element) : [];
      if (definition.type === 'record') return unwrap(definition.valueType);
      return [];
    });
  }
  return current;
}

function unwrap(schema: unknown): unknown[] {
  const definition = definitionOf(schema);
  if ('innerType' in definition) return unwrap(definition.innerType);
  if (definition.type === 'pipe') return unwrap(definition.in);
  if (definition.type === 'lazy') return unwrap((definition.getter as () => unknown)());
  if (definition.type === 'union') return (definition.options as unknown[]).flatMap(unwrap);
  return [schema];
}

/** Every field name an object at `path` may have. */
export function knownFieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const names = schemasAt(schema, path).flatMap((inner) => {
    const definition = definitionOf(inner);
    return definition.type === 'object' ? Object.keys(definition.shape as object) : [];
  });
  return [...new Set(names)];
}

/**
 * The known name nearest to `written` by edit distance (letter case ignored), if near enough to be a slip:
 * at most a third of its letters, and at least one, away. Undefined when none is, or two are equally near.
 */
export function nearestName(written: string, known: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(written.length / 3));
  let best: { name: string; distance: number; tied: boolean } | undefined;
  for (const name of known) {
    // Lengths further apart than the limit cannot be near: skipped without the table.
    if (Math.abs(name.length - written.length) > limit) continue;
    const distance = editDistance(written.toLowerCase(), name.toLowerCase());
    if (distance > limit) continue;
    if (!best || distance < best.distance) best = { name, distance, tied: false };
    else if (distance === best.distance) best.tied = true;
  }
  return best && !best.tied ? best.name : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = distance;
    }
  return rows[a.length]![b.length]!;
}
