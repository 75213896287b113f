import type { AssessmentGroup, AssessmentRules, TieBreakKey } from './rules.js';
import { compareText, hundredths } from './score.js';
import type { Grade, RankChange, RankedUnit, RankFigures, UnitScore } from './types.js';

/** What ranking reads of a score: its totals, not its line items. */
type ScoreTotals = Omit<UnitScore, 'lineItems'>;

/*
 * Grades and ranking (docs/architecture.md, "Year-end assessment"): pure. Totals and subtotals are compared
 * in integer hundredths, so two totals equal on paper are equal here.
 */

/** 优秀 / 良好 / 合格 by the least total of each band (inclusive), else 不合格; a vetoed unit fails whatever its total. */
export function gradeOf(total: number, vetoed: boolean, rules: Pick<AssessmentRules, 'grades'>): Grade {
  if (vetoed) return 'fail';
  const score = hundredths(total);
  const { excellent, good, pass } = rules.grades;
  if (score >= hundredths(excellent)) return 'excellent';
  if (score >= hundredths(good)) return 'good';
  if (score >= hundredths(pass)) return 'pass';
  return 'fail';
}

/**
 * The units ranked and graded by group (分类考核, rules `groups`), the groups in the rules' order, each unit
 * in the group its kind belongs to. Within a group: by total, highest first, then by the tie rules in turn (a
 * subtotal, highest first; deductions are negative, so fewer deducted first); units still equal share a rank
 * (1, 2, 2, 4) and are listed by unit id. Vetoed units come after all others of their group, ranked among
 * themselves the same way, their ranks continuing from the others'. Grades by the group's bands, else the rules'.
 */
export function rankUnits(scores: readonly ScoreTotals[], rules: Pick<AssessmentRules, 'grades' | 'tieBreak' | 'groups'>): RankedUnit[] {
  const groupOfKind = new Map(rules.groups.flatMap((group) => group.kinds.map((kind) => [kind, group] as const)));
  // The groups name every kind (rules.ts): a score without a kind (stored before kinds were) ranks in the last group.
  const groupOf = (score: ScoreTotals) => groupOfKind.get(score.unitKind) ?? rules.groups[rules.groups.length - 1]!;
  return rules.groups.flatMap((group) =>
    rankGroup(
      scores.filter((score) => groupOf(score) === group),
      group,
      { grades: group.grades ?? rules.grades, tieBreak: rules.tieBreak },
    ),
  );
}

function rankGroup(scores: readonly ScoreTotals[], group: AssessmentGroup, rules: Pick<AssessmentRules, 'grades' | 'tieBreak'>): RankedUnit[] {
  const keyOf = (score: ScoreTotals) => [hundredths(score.total), ...rules.tieBreak.map((key) => hundredths(subtotal(score, key)))];
  const keyed = scores.map((score) => ({ score, key: keyOf(score) }));
  keyed.sort(
    (a, b) =>
      Number(a.score.vetoed) - Number(b.score.vetoed) ||
      compareKeys(b.key, a.key) ||
      compareText(a.score.unitId, b.score.unitId),
  );
  let rank = 0;
  return keyed.map(({ score, key }, index) => {
    const previous = keyed[index - 1];
    if (!previous || previous.score.vetoed !== score.vetoed || compareKeys(previous.key, key) !== 0) rank = index + 1;
    return {
      unitId: score.unitId,
      unitName: score.unitName,
      group: group.id,
      groupName: group.name,
      total: score.total,
      grade: gradeOf(score.total, score.vetoed, rules),
      rank,
      vetoed: score.vetoed,
      completion: score.completion,
      timeliness: score.timeliness,
      deductions: score.deductions,
      bonus: score.bonus,
    };
  });
}

/**
 * What a what-if run changes (`assess run --rules FILE --dry-run`): the units whose group, rank, total or
 * grade moved, or that are ranked on one side only, in the order of the new ranking (group by group, by
 * rank), then the units no longer ranked, in their old order. A rank moves only within a group: a unit
 * ranked in another group than before has no `rankDelta`.
 */
export function rankChanges(before: readonly RankedUnit[], after: readonly RankedUnit[]): RankChange[] {
  const old = new Map(before.map((unit) => [unit.unitId, unit]));
  const now = new Map(after.map((unit) => [unit.unitId, unit]));
  const figures = (unit: RankedUnit | undefined): RankFigures | null =>
    unit ? { group: unit.group, rank: unit.rank, total: unit.total, grade: unit.grade } : null;
  const changeOf = (unitId: string): RankChange | undefined => {
    const [was, is] = [old.get(unitId), now.get(unitId)];
    const sameGroup = was !== undefined && is !== undefined && was.group === is.group;
    if (sameGroup && was.rank === is.rank && hundredths(was.total) === hundredths(is.total) && was.grade === is.grade) return undefined;
    return {
      unitId,
      unitName: (is ?? was)!.unitName,
      before: figures(was),
      after: figures(is),
      rankDelta: sameGroup ? was.rank - is.rank : null,
    };
  };
  const gone = inRankOrder(before.filter((unit) => !now.has(unit.unitId)));
  return [...inRankOrder(after), ...gone].flatMap((unitId) => changeOf(unitId) ?? []);
}

/** Unit ids group by group (in the order the groups first come in the ranking), by rank, then by id. */
function inRankOrder(units: readonly RankedUnit[]): string[] {
  const groups = [...new Set(units.map((unit) => unit.group))];
  return [...units]
    .sort((a, b) => groups.indexOf(a.group) - groups.indexOf(b.group) || a.rank - b.rank || compareText(a.unitId, b.unitId))
    .map((unit) => unit.unitId);
}

function subtotal(score: ScoreTotals, key: TieBreakKey): number {
  return score[key];
}

/** Lexicographic, as numbers. */
function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
