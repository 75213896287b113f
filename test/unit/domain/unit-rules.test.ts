import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../../shared/domain/plan-rules.js';
import type { Problem } from '../../../shared/domain/problem.js';
import { cityPlan } from './city-plan-fixture.js';

function problemsOf(plan: unknown): Problem[] {
  const result = validatePlan(plan);
  return result.ok ? [] : result.problems;
}

const rulesAt = (plan: unknown) => problemsOf(plan).map((p) => `${p.path} ${p.rule}`);

describe('validatePlan: unit kinds and tags', () => {
  it('accepts every kind, tags in Chinese or English, and sets by kind, by tag and by both', () => {
    // Prepare
    const plans = [
      cityPlan({ kind: 'zone' }),
      cityPlan({ tag: ['coastal', 'urban'] }),
      cityPlan({ kind: 'county', tag: 'villages' }),
      { ...cityPlan(), units: [...cityPlan().units, { id: 'xiangshan', name: '象山县', kind: 'county', tags: ['沿海'] }] },
    ];

    // Act / Assess
    for (const plan of plans) expect(problemsOf(plan)).toEqual([]);
  });

  it('names a set by kind or tag that matches no unit, in English and Chinese (rule empty_unit_set)', () => {
    // Act
    const problems = [...problemsOf(cityPlan({ kind: 'town' })), ...problemsOf(cityPlan({ kind: 'zone', tag: 'coastal' }))];

    // Assess
    expect(problems).toEqual([
      {
        path: 'goals[0].allocation.units',
        rule: 'empty_unit_set',
        message: 'the unit set "kind: town" contains no unit',
        messageZh: '单位范围 "类型：镇" 中没有任何单位',
      },
      {
        path: 'goals[0].allocation.units',
        rule: 'empty_unit_set',
        message: 'the unit set "kind: zone; tag: coastal" contains no unit',
        messageZh: '单位范围 "类型：开发区；标签：coastal" 中没有任何单位',
      },
    ]);
  });

  it('names a tag no unit has, even when other tags of the set match, with the nearest tag (rule unknown_tag)', () => {
    // Act
    const one = problemsOf(cityPlan({ tag: 'costal' }));
    const several = rulesAt(cityPlan({ tag: ['coastal', 'vilages'] }));

    // Assess
    expect(one).toEqual([
      {
        path: 'goals[0].allocation.units.tag',
        rule: 'unknown_tag',
        message: 'no unit of the plan has the tag "costal"; did you mean "coastal"?',
        messageZh: '本计划中没有单位带有标签 "costal"，是否应为 coastal？',
        suggestion: 'coastal',
      },
    ]);
    expect(several).toEqual(['goals[0].allocation.units.tag[1] unknown_tag']);
    expect(problemsOf(cityPlan({ tag: 'mountains' }))).toEqual([
      expect.objectContaining({ rule: 'unknown_tag', message: 'no unit of the plan has the tag "mountains"' }),
    ]);
  });

  it('reports a tag twice on a unit (rule duplicate_tag) and a tag that is not one word (rule tag)', () => {
    // Prepare
    const plan = cityPlan();
    plan.units[1] = { ...plan.units[1]!, tags: ['coastal', 'villages', 'coastal'] };
    plan.units[2] = { ...plan.units[2]!, tags: ['村庄、沿海', 'has space'] };

    // Act
    const problems = problemsOf(plan);

    // Assess
    expect(problems).toEqual([
      {
        path: 'units[1].tags[2]',
        rule: 'duplicate_tag',
        message: '"coastal" is already tags[0] of this unit',
        messageZh: '标签 "coastal" 与本单位的 tags[0] 重复',
      },
      {
        path: 'units[2].tags[0]',
        rule: 'tag',
        message: '"村庄、沿海" is not a valid tag: one word without spaces, 、 , ; or :',
        messageZh: '"村庄、沿海" 不是有效标签：须为一个词，不含空格、顿号、逗号、分号或冒号',
      },
      expect.objectContaining({ path: 'units[2].tags[1]', rule: 'tag' }),
    ]);
  });

  it('explains a set object without kind or tag, with another key, or with a kind that is none', () => {
    // Act / Assess
    expect(problemsOf(cityPlan({}))).toEqual([
      {
        path: 'goals[0].allocation.units',
        rule: 'required',
        message: 'needs kind, tag or both, e.g. { kind: county, tag: coastal }',
        messageZh: '须写明 kind（类型）或 tag（标签），或两者都写，如 { kind: county, tag: coastal }',
      },
    ]);
    expect(rulesAt(cityPlan({ kinds: 'county' }))).toEqual(['goals[0].allocation.units required', 'goals[0].allocation.units.kinds unknown_field']);
    expect(rulesAt(cityPlan({ kind: 'village' }))).toEqual(['goals[0].allocation.units.kind one_of']);
    expect(rulesAt(cityPlan({ kind: ['county', 'village'] }))).toEqual(['goals[0].allocation.units.kind[1] one_of']);
  });

  it('names a unit kind of the plan that its own ranking groups leave out, not the kinds it has no unit of (rule missing_kind)', () => {
    // Prepare
    const groups = [
      { id: 'counties', name: '区县（市）', kinds: ['district', 'county', 'city'] },
      { id: 'departments', name: '部门', kinds: ['department'] },
    ];

    // Act
    const problems = problemsOf({ ...cityPlan(), assessment: { groups } });
    const withoutZone = problemsOf({ ...cityPlan(), units: cityPlan().units.filter((u) => u.kind !== 'zone'), assessment: { groups } });

    // Assess
    expect(problems).toEqual([
      {
        path: 'assessment.groups',
        rule: 'missing_kind',
        message: 'no group ranks the "zone" units (such as 高新区)',
        messageZh: '没有分组包含"zone"（开发区）类单位（如高新区）',
      },
    ]);
    expect(withoutZone).toEqual([]);
  });
});
