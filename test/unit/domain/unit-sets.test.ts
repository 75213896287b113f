import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Plan, type Unit, type UnitFilter, unitKinds } from '../../../shared/domain/plan.js';
import { resolveUnitSet } from '../../../shared/domain/unit-sets.js';
import { smallPlan } from './plan-fixture.js';

const plan = Plan.parse(smallPlan());
const ids = (set: Parameters<typeof resolveUnitSet>[1], of: Pick<Plan, 'units'> = plan) => resolveUnitSet(of, set).map((u) => u.id);

/** A city's units: districts, a county, a county-level city, a zone, a town of its own and departments. */
const cityUnits: Unit[] = [
  { id: 'haishu', name: '海曙区', kind: 'district', tags: ['urban'] },
  { id: 'ninghai', name: '宁海县', kind: 'county', tags: ['coastal', 'villages'] },
  { id: 'yuyao', name: '余姚市', kind: 'city', tags: ['villages'] },
  { id: 'hi-tech-zone', name: '高新区', kind: 'zone' },
  { id: 'xiangshan', name: '象山县', kind: 'county', tags: ['coastal'] },
  { id: 'fgw', name: '市发改委', kind: 'department' },
];
const city = { units: cityUnits };

describe('resolveUnitSet', () => {
  it('counts streets among the towns', () => {
    // Act / Assess
    expect(ids('towns')).toEqual(['hushan', 'longshan', 'zhouxiang']);
  });

  it('resolves departments and all', () => {
    // Act / Assess
    expect(ids('departments')).toEqual(['water-office', 'bureau']);
    expect(ids('all')).toEqual(['hushan', 'longshan', 'zhouxiang', 'water-office', 'bureau']);
  });

  it('returns a list in plan order, without unknown ids or repeats', () => {
    // Act / Assess
    expect(ids(['bureau', 'zhouxiang', 'nobody', 'bureau'])).toEqual(['zhouxiang', 'bureau']);
  });

  it('leaves districts, counties, cities and zones out of towns: towns are the towns and streets', () => {
    // Act / Assess
    expect(ids('towns', city)).toEqual([]);
    expect(ids('departments', city)).toEqual(['fgw']);
  });

  it('resolves a set by kind, one kind or several, in plan order', () => {
    // Act / Assess
    expect(ids({ kind: 'county' }, city)).toEqual(['ninghai', 'xiangshan']);
    expect(ids({ kind: ['zone', 'district', 'city'] }, city)).toEqual(['haishu', 'yuyao', 'hi-tech-zone']);
  });

  it('resolves a set by tag: a unit with any of the tags', () => {
    // Act / Assess
    expect(ids({ tag: 'coastal' }, city)).toEqual(['ninghai', 'xiangshan']);
    expect(ids({ tag: ['urban', 'villages'] }, city)).toEqual(['haishu', 'ninghai', 'yuyao']);
    expect(ids({ tag: 'mountains' }, city)).toEqual([]);
  });

  it('resolves kind and tag together as both must hold', () => {
    // Act / Assess
    expect(ids({ kind: 'county', tag: 'villages' }, city)).toEqual(['ninghai']);
    expect(ids({ kind: ['county', 'city'], tag: ['villages', 'coastal'] }, city)).toEqual(['ninghai', 'yuyao', 'xiangshan']);
  });
});

describe('resolveUnitSet: a set by kind and tag (property)', () => {
  const tagWords = ['coastal', 'villages', '沿海', '山区'];
  const units = fc
    .uniqueArray(
      fc.record({
        id: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
        kind: fc.constantFrom(...unitKinds),
        tags: fc.option(fc.subarray(tagWords), { nil: undefined }),
      }),
      { selector: (unit) => unit.id, minLength: 1, maxLength: 30 },
    )
    .map((list) => list.map((unit): Unit => ({ ...unit, name: unit.id })));
  const oneOrMany = <T>(values: readonly T[]) =>
    fc.oneof(fc.constantFrom(...values), fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: values.length }));
  const filters: fc.Arbitrary<UnitFilter> = fc
    .record({ kind: fc.option(oneOrMany(unitKinds), { nil: undefined }), tag: fc.option(oneOrMany(tagWords), { nil: undefined }) })
    .filter((filter) => filter.kind !== undefined || filter.tag !== undefined);

  it('is the units, in plan order, of one of its kinds (if it names kinds) with one of its tags (if it names tags)', () => {
    fc.assert(
      fc.property(units, filters, (planUnits, filter) => {
        // Prepare
        const asList = (value: string | readonly string[] | undefined) => (value === undefined ? undefined : [value].flat());
        const [kinds, tags] = [asList(filter.kind), asList(filter.tag)];
        const expected = planUnits.filter(
          (unit) => (!kinds || kinds.includes(unit.kind)) && (!tags || (unit.tags ?? []).some((tag) => tags.includes(tag))),
        );

        // Act
        const resolved = resolveUnitSet({ units: planUnits }, filter);

        // Assess: the described filter, a subsequence of the plan's units (same objects, same order)
        expect(resolved).toEqual(expected);
        const positions = resolved.map((unit) => planUnits.indexOf(unit));
        expect(positions.every((position, i) => position >= 0 && (i === 0 || position > positions[i - 1]!))).toBe(true);
      }),
    );
  });
});
