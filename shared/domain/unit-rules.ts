import { unitKindNamesZh } from './unit-kinds.js';
import { nearestName } from './known-fields.js';
import type { Unit, UnitKind, UnitSet } from './plan.js';
import type { Problem } from './problem.js';
import { listOf } from './unit-sets.js';
import { problem, show } from './zod-problems.js';

/*
 * The plan rules about unit kinds and tags (plan-rules.ts runs them with the others): what a clerk trips on
 * when sets name units by kind and tag instead of by id.
 */

/** A tag written twice on one unit is a slip: the second says nothing. */
export function duplicateTags(rawUnits: readonly unknown[]): Problem[] {
  return rawUnits.flatMap((unit, index) => {
    const tags = isRecord(unit) && Array.isArray(unit.tags) ? unit.tags : [];
    return tags.flatMap((tag, t) => {
      const first = tags.indexOf(tag);
      if (typeof tag !== 'string' || first === t) return [];
      return [
        problem(
          ['units', index, 'tags', t],
          'duplicate_tag',
          `${show(tag)} is already tags[${first}] of this unit`,
          `标签 ${show(tag)} 与本单位的 tags[${first}] 重复`,
        ),
      ];
    });
  });
}

/**
 * A tag in a unit set that no unit has: a typo that would silently leave units out of the set (or empty it).
 * Tags of units that did not parse count, so that a unit's other problem does not make its tags unknown.
 */
export function unknownTags(set: UnitSet, path: readonly PropertyKey[], known: ReadonlySet<unknown>): Problem[] {
  if (typeof set === 'string' || Array.isArray(set) || set.tag === undefined) return [];
  const tags = listOf(set.tag) ?? [];
  const knownTags = [...known].filter((tag): tag is string => typeof tag === 'string');
  return tags.flatMap((tag, t) => {
    if (known.has(tag)) return [];
    const at = Array.isArray(set.tag) ? [...path, 'tag', t] : [...path, 'tag'];
    const found = problem(at, 'unknown_tag', `no unit of the plan has the tag ${show(tag)}`, `本计划中没有单位带有标签 ${show(tag)}`);
    const nearest = nearestName(tag, knownTags);
    if (nearest === undefined) return [found];
    return [
      {
        ...found,
        message: `${found.message}; did you mean ${JSON.stringify(nearest)}?`,
        messageZh: `${found.messageZh}，是否应为 ${nearest}？`,
        suggestion: nearest,
      },
    ];
  });
}

/** Every tag written on a unit, read defensively. */
export function tagsWritten(rawUnits: readonly unknown[]): Set<unknown> {
  return new Set(rawUnits.flatMap((unit) => (isRecord(unit) && Array.isArray(unit.tags) ? unit.tags : [])));
}

/**
 * With groups of its own (分类考核), the plan must rank every kind of unit it has; a county's plan without
 * districts need not name them. (Left out, the default groups rank every kind.)
 */
export function ungroupedKinds(assessment: unknown, units: readonly Unit[]): Problem[] {
  const groups = isRecord(assessment) && Array.isArray(assessment.groups) ? assessment.groups : undefined;
  if (groups === undefined) return [];
  const grouped = new Set(groups.flatMap((group) => (isRecord(group) && Array.isArray(group.kinds) ? group.kinds : [])));
  const kinds = [...new Set(units.map((unit) => unit.kind))].filter((kind) => !grouped.has(kind));
  return kinds.map((kind) => {
    const example = units.find((unit) => unit.kind === kind)!;
    return problem(
      ['assessment', 'groups'],
      'missing_kind',
      `no group ranks the "${kind}" units (such as ${example.name})`,
      `没有分组包含"${kind}"（${unitKindNamesZh[kind]}）类单位（如${example.name}）`,
    );
  });
}

/** A unit set as a problem quotes it: `kind: district, county; tag: coastal` / `类型：区、县；标签：沿海`. */
export function describeSet(set: UnitSet, language: 'en' | 'zh'): string {
  if (typeof set === 'string') return set;
  if (Array.isArray(set)) return set.join(language === 'en' ? ', ' : '、');
  const kinds = listOf<UnitKind>(set.kind);
  const tags = listOf(set.tag);
  if (language === 'en')
    return [kinds && `kind: ${kinds.join(', ')}`, tags && `tag: ${tags.join(', ')}`].filter(Boolean).join('; ');
  return [kinds && `类型：${kinds.map((kind) => unitKindNamesZh[kind]).join('、')}`, tags && `标签：${tags.join('、')}`]
    .filter(Boolean)
    .join('；');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
