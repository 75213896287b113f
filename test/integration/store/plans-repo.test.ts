import { DeleteCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import { Conflict } from '../../../shared/domain/errors.js';
import { useTestTable } from '../../support/test-table.js';
import { recordCommands } from './command-log.js';
import { samplePlan, withGoal } from '../../support/sample-plan.js';

const tableName = await useTestTable();
const { savePlan, loadPlan, listPlans, getPlanSummary } = await import('../../../shared/store/plans-repo.js');
const { dynamo } = await import('../../../shared/store/client.js');
const { keys } = await import('../../../shared/store/keys.js');
const { listPlanRevisions } = await import('../../../shared/store/plan-revisions.js');

const clock = fixedClock('2026-01-05T09:00:00+08:00');
afterEach(() => vi.restoreAllMocks());

describe('savePlan and loadPlan', () => {
  it('stores a first import as revision 1 and loads it back as it was', async () => {
    // Prepare
    const plan = samplePlan('first-import');

    // Act
    const saved = await savePlan(plan, 'admin:li', clock);
    const stored = await loadPlan(plan.id);

    // Assess
    expect(saved).toEqual({ planId: plan.id, revision: 1, changed: true, goals: 4, units: 4 });
    expect(stored).toEqual({
      plan,
      revision: 1,
      importedAt: '2026-01-05T01:00:00.000Z',
      importedBy: 'admin:li',
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('writes nothing when the content is the same, whatever the key order', async () => {
    // Prepare
    const plan = samplePlan('same-content');
    await savePlan(plan, 'admin:li', clock);
    const reordered = reverseKeys(plan) as typeof plan;
    const commands = recordCommands();

    // Act
    const saved = await savePlan(reordered, 'admin:wang', clock);

    // Assess
    expect(saved).toEqual({ planId: plan.id, revision: 1, changed: false, goals: 4, units: 4 });
    expect(commands.writes()).toEqual([]);
    expect((await loadPlan(plan.id))?.importedBy).toBe('admin:li');
  });

  it('stores changed content as the next revision, rewriting only what changed and deleting removed goals', async () => {
    // Prepare
    const plan = samplePlan('revised');
    await savePlan(plan, 'admin:li', clock);
    const revised = withGoal({ ...plan, goals: plan.goals.filter((goal) => goal.id !== 'pm25') }, 'vocs-cleanup', (goal) => ({
      ...goal,
      title: 'VOCs 深度治理',
    }));
    const commands = recordCommands();

    // Act
    const saved = await savePlan(revised, 'admin:li', clock);

    // Assess
    expect(saved).toMatchObject({ revision: 2, changed: true, goals: 3 });
    expect((await loadPlan(plan.id))?.plan).toEqual(revised);
    const sent = commands.names();
    expect(sent.filter((name) => name === 'BatchWriteCommand')).toHaveLength(2); // the changed goal, then the deletion
    const removed = await dynamo().send(new GetCommand({ TableName: tableName, Key: keys.goal(plan.id, 'pm25') }));
    expect(removed.Item).toBeUndefined();
  });

  it('keeps the current revision readable when an import fails before its meta item, and a retry finishes it', async () => {
    // Prepare
    const plan = samplePlan('interrupted');
    await savePlan(plan, 'admin:li', clock);
    const next = {
      ...plan,
      goals: [...plan.goals.filter((goal) => goal.id !== 'pm25'), { ...plan.goals[3]!, id: 'new-action', title: '新增行动' }],
    };
    const send = dynamo().send.bind(dynamo());
    vi.spyOn(dynamo(), 'send').mockImplementation(((command: unknown) =>
      command instanceof TransactWriteCommand ? Promise.reject(new Error('connection reset')) : send(command as never)) as never);

    // Act
    await expect(savePlan(next, 'admin:li', clock)).rejects.toThrow('connection reset');
    const during = await loadPlan(plan.id);
    vi.restoreAllMocks();
    const retried = await savePlan(next, 'admin:li', clock);

    // Assess
    expect(during).toMatchObject({ plan, revision: 1 });
    expect(retried).toMatchObject({ revision: 2, changed: true });
    expect((await loadPlan(plan.id))?.plan).toEqual(next);
  });

  it('refuses the second of two imports that read the same revision', async () => {
    // Prepare
    const plan = samplePlan('concurrent');
    await savePlan(plan, 'admin:li', clock);
    const mine = withGoal(plan, 'pm25', (goal) => ({ ...goal, title: 'mine' }));
    const theirs = withGoal(plan, 'pm25', (goal) => ({ ...goal, title: 'theirs' }));
    // Let "theirs" land between this import's read and its meta write.
    const send = dynamo().send.bind(dynamo());
    let interleaved = false;
    vi.spyOn(dynamo(), 'send').mockImplementation((async (command: unknown) => {
      if (command instanceof TransactWriteCommand && !interleaved) {
        interleaved = true;
        await savePlan(theirs, 'admin:wang', clock);
      }
      return send(command as never);
    }) as never);

    // Act
    const saving = savePlan(mine, 'admin:li', clock);

    // Assess
    await expect(saving).rejects.toBeInstanceOf(Conflict);
  });

  it('returns undefined for a plan never imported', async () => {
    // Act
    const stored = await loadPlan('never-imported');

    // Assess
    expect(stored).toBeUndefined();
    expect(await getPlanSummary('never-imported')).toBeUndefined();
  });
});

describe('listPlanRevisions', () => {
  it('lists each revision newest first with what it changed since the one before, goals by title and units by name', async () => {
    // Prepare
    const plan = samplePlan('revisions');
    await savePlan(plan, 'admin:li', clock);
    const renamed = plan.units.map((unit) => (unit.id === 'hushan' ? { ...unit, name: '浒山街道（新）' } : unit));
    const goals = plan.goals.filter((goal) => goal.id !== 'inspection-plan');
    const revised = withGoal({ ...plan, units: renamed, goals }, 'pm25', (goal) => ({ ...goal, title: 'PM2.5 浓度' }));
    await savePlan(revised, 'admin:wang', clock);
    await savePlan({ ...revised, name: '新名称' }, 'admin:wang', clock);

    // Act
    const revisions = await listPlanRevisions((await getPlanSummary(plan.id))!);

    // Assess
    expect(revisions.map((r) => [r.revision, r.importedBy])).toEqual([[3, 'admin:wang'], [2, 'admin:wang'], [1, 'admin:li']]);
    expect(revisions[2]!.changes).toBeNull();
    expect(revisions[1]!.changes).toEqual({
      goals: {
        added: 0,
        changed: 1,
        removed: 1,
        names: { added: [], changed: [{ id: 'pm25', name: 'PM2.5 浓度' }], removed: [{ id: 'inspection-plan', name: plan.goals[3]!.title }] },
      },
      units: { added: 0, changed: 1, removed: 0, names: { added: [], changed: [{ id: 'hushan', name: '浒山街道（新）' }], removed: [] } },
      settings: [],
    });
    expect(revisions[0]!.changes?.settings).toEqual(['name']);
  });

  it('lists the current revision of a plan stored before revisions were recorded, without changes', async () => {
    // Prepare
    const plan = samplePlan('no-history');
    await savePlan(plan, 'admin:li', clock);
    await dynamo().send(new DeleteCommand({ TableName: tableName, Key: keys.planRevision(plan.id, 1) }));

    // Act
    const revisions = await listPlanRevisions((await getPlanSummary(plan.id))!);

    // Assess
    expect(revisions).toEqual([expect.objectContaining({ revision: 1, importedBy: 'admin:li', goals: 4, units: 4, changes: null })]);
  });
});

describe('listPlans and getPlanSummary', () => {
  it('lists every plan, newest year first, without goals and units', async () => {
    // Prepare
    await savePlan({ ...samplePlan('list-2025'), year: 2025 }, 'admin:li', clock);
    await savePlan(samplePlan('list-2026'), 'admin:li', clock);

    // Act
    const plans = await listPlans();
    const summary = await getPlanSummary('list-2025');

    // Assess
    const listed = plans.filter((p) => p.planId.startsWith('list-'));
    expect(listed.map((p) => p.planId)).toEqual(['list-2026', 'list-2025']);
    expect(summary).toEqual({
      planId: 'list-2025',
      name: '慈溪市 2026 年生态环境目标',
      year: 2025,
      timezone: 'Asia/Shanghai',
      tracking: { reviewLevels: 2, margin: 0.1, ladder: { remindBefore: 5, urge: 1, supervise: 5, notice: 10, summon: 20 } },
      revision: 1,
      importedAt: '2026-01-05T01:00:00.000Z',
      importedBy: 'admin:li',
      goals: 4,
      units: 4,
    });
    expect(listed[1]).toEqual(summary);
  });
});

/** The same value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  return value;
}
