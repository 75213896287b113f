import { describe, expect, it } from 'vitest';
import { Plan } from '../../../shared/domain/plan.js';
import { planMetaItem, planOf, toPlanMeta, toPlanPartition, toPlanSummary, type PlanMeta } from '../../../shared/store/plan-items.js';
import { smallPlan } from '../domain/plan-fixture.js';

const ladder = { remindBefore: 3, urge: 2, supervise: 6, notice: 12, summon: 25 };
const plan = Plan.parse({ ...smallPlan(), tracking: { reviewLevels: 1, margin: 0.2, ladder } });
const defaultLadder = { remindBefore: 5, urge: 1, supervise: 5, notice: 10, summon: 20 };
const meta: PlanMeta = {
  planId: plan.id,
  name: plan.name,
  year: plan.year,
  timezone: plan.timezone,
  tracking: plan.tracking,
  revision: 1,
  importedAt: '2022-01-05T01:00:00.000Z',
  importedBy: 'admin:li',
  goals: plan.goals.length,
  units: plan.units.length,
  contentHash: 'hash',
  goalIds: [],
  unitIds: [],
};

describe('plan meta item: tracking', () => {
  it('stores the tracking settings and reads them back into the summary and the plan', () => {
    // Prepare
    const item = planMetaItem(meta);

    // Act
    const summary = toPlanSummary(item);
    const read = planOf(toPlanMeta(item), toPlanPartition([item]));

    // Assess
    expect(item.tracking).toEqual({ reviewLevels: 1, margin: 0.2, ladder });
    expect(summary.tracking).toEqual({ reviewLevels: 1, margin: 0.2, ladder });
    expect(read.tracking).toEqual({ reviewLevels: 1, margin: 0.2, ladder });
  });

  it('reads a plan stored before there was tracking with the defaults', () => {
    // Prepare
    const { tracking: _omitted, ...older } = planMetaItem(meta);

    // Act
    const summary = toPlanSummary(older);
    const read = planOf(toPlanMeta(older), toPlanPartition([older]));

    // Assess
    expect(summary.tracking).toEqual({ reviewLevels: 2, margin: 0.1, ladder: defaultLadder });
    expect(read.tracking).toEqual({ reviewLevels: 2, margin: 0.1, ladder: defaultLadder });
  });

  it('reads a plan stored before there was a ladder with the default ladder and its own settings', () => {
    // Prepare
    const item = planMetaItem(meta);
    const older = { ...item, tracking: { reviewLevels: 1, margin: 0.2 } };

    // Act
    const summary = toPlanSummary(older);
    const read = planOf(toPlanMeta(older), toPlanPartition([older]));

    // Assess
    expect(summary.tracking).toEqual({ reviewLevels: 1, margin: 0.2, ladder: defaultLadder });
    expect(read.tracking).toEqual({ reviewLevels: 1, margin: 0.2, ladder: defaultLadder });
  });
});
