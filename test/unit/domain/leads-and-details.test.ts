import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actorsOf } from '../../../shared/domain/lifecycle.js';
import { goalLeads, taskLeads } from '../../../shared/domain/leads.js';
import type { Plan, PlanInput } from '../../../shared/domain/plan.js';
import { validatePlan } from '../../../shared/domain/plan-rules.js';
import type { Problem } from '../../../shared/domain/problem.js';
import { previewBreakdown } from '../../../shared/plans/breakdown-preview.js';
import { decideTask, desiredTasks } from '../../../shared/store/goal-task-decisions.js';
import { smallPlan } from './plan-fixture.js';

/** The small plan with goal `index` changed by `change`. */
function withGoal(index: number, change: Record<string, unknown>): PlanInput {
  const plan = smallPlan();
  plan.goals[index] = { ...plan.goals[index]!, ...change } as PlanInput['goals'][number];
  return plan;
}

function problemsOf(input: unknown): Problem[] {
  const result = validatePlan(input);
  if (result.ok) throw new Error('expected problems, the plan is valid');
  return result.problems;
}

function validPlan(input: unknown): Plan {
  const result = validatePlan(input);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path} ${p.message}`).join('\n'));
  return result.value;
}

const NOW = '2022-01-05T01:00:00.000Z';
// vocs: proportional over the towns; parks: quota with milestones; eco-plan: an action for its lead.
const VOCS = 1;
const PARKS = 2;
const ECO_PLAN = 4;

describe('joint leads', () => {
  it('reads one lead or several as a list, the primary first', () => {
    // Assess
    expect(goalLeads({ lead: 'bureau' })).toEqual(['bureau']);
    expect(goalLeads({ lead: ['bureau', 'water-office'] })).toEqual(['bureau', 'water-office']);
    expect(taskLeads({ lead: 'bureau' })).toEqual(['bureau']);
    expect(taskLeads({ lead: 'bureau', coLeads: ['water-office'] })).toEqual(['bureau', 'water-office']);
  });

  it('puts the primary lead on every task and the others as co-leads', () => {
    // Prepare
    const plan = validPlan(withGoal(VOCS, { lead: ['bureau', 'water-office'] }));

    // Act
    const tasks = desiredTasks(plan, plan.goals[VOCS]!, 1, NOW);

    // Assess
    expect(tasks.length).toBeGreaterThan(0);
    for (const task of tasks) expect(task).toMatchObject({ lead: 'bureau', coLeads: ['water-office'] });
  });

  it('gives a single lead no coLeads field, as tasks stored before joint leads have none', () => {
    // Prepare
    const plan = validPlan(smallPlan());

    // Act
    const [task] = desiredTasks(plan, plan.goals[VOCS]!, 1, NOW);

    // Assess
    expect(task).not.toHaveProperty('coLeads');
  });

  it('makes one task of a lead goal, for the primary lead, which the co-lead reviews', () => {
    // Prepare
    const plan = validPlan(withGoal(ECO_PLAN, { lead: ['water-office', 'bureau'] }));

    // Act
    const tasks = desiredTasks(plan, plan.goals[ECO_PLAN]!, 1, NOW);

    // Assess
    expect(tasks.map((t) => t.unitId)).toEqual(['water-office']);
    expect(actorsOf({ role: 'reviewer', unitId: 'bureau' }, tasks[0]!)).toEqual(['lead']);
    expect(actorsOf({ role: 'reviewer', unitId: 'water-office' }, tasks[0]!)).toEqual(['owner']);
  });

  it('lets every lead but the task own unit review, and no other reviewer', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
        fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
        ([lead, ...coLeads], unitId, reviewer) => {
          // Act
          const actors = actorsOf({ role: 'reviewer', unitId: reviewer }, { unitId, lead: lead!, coLeads });

          // Assess
          const leads = reviewer !== unitId && [lead, ...coLeads].includes(reviewer);
          expect(actors.includes('lead')).toBe(leads);
        },
      ),
    );
  });

  it('names a lead written twice, at its second place', () => {
    // Act
    const problems = problemsOf(withGoal(VOCS, { lead: ['bureau', 'water-office', 'bureau'] }));

    // Assess
    expect(problems).toEqual([expect.objectContaining({ path: 'goals[1].lead[2]', rule: 'duplicate_lead', messageZh: expect.stringContaining('重复') })]);
  });

  it('names a lead that is not a unit of the plan, and refuses more than five or none', () => {
    // Act
    const unknown = problemsOf(withGoal(VOCS, { lead: ['bureau', 'fgw'] }));
    const many = problemsOf(withGoal(VOCS, { lead: ['bureau', 'water-office', 'hushan', 'longshan', 'zhouxiang', 'bureau'] }));
    const none = problemsOf(withGoal(VOCS, { lead: [] }));

    // Assess
    expect(unknown.map((p) => `${p.path} ${p.rule}`)).toEqual(['goals[1].lead[1] unknown_unit']);
    expect(many.map((p) => p.path)).toContain('goals[1].lead');
    expect(none.map((p) => p.path)).toContain('goals[1].lead');
  });
});

describe('per-unit detail (allocation.details)', () => {
  it('gives the unit its own title, note, deadline and milestones; the others keep the goal fields', () => {
    // Prepare
    const detail = {
      title: '周巷镇零排放园区',
      note: '以周巷工业园为重点',
      deadline: '2022-10-31',
      milestones: [{ date: '2022-06-30', share: 0.5 }],
    };
    const plan = validPlan(
      withGoal(PARKS, { allocation: { method: 'quota', quotas: { hushan: 1, zhouxiang: 2 }, details: { zhouxiang: detail } } }),
    );

    // Act
    const [hushan, zhouxiang] = desiredTasks(plan, plan.goals[PARKS]!, 1, NOW);

    // Assess
    expect(zhouxiang).toMatchObject({
      unitId: 'zhouxiang',
      title: '周巷镇零排放园区',
      note: '以周巷工业园为重点',
      deadline: '2022-10-31',
      milestones: [
        { date: '2022-06-30', share: 0.5 },
        { date: '2022-10-31', share: 1 },
      ],
    });
    expect(hushan).toMatchObject({ title: 'Zero-discharge parks', deadline: '2022-11-30' });
    expect(hushan).not.toHaveProperty('note');
  });

  it('cuts the goal milestones at an own deadline given alone, due whole on it', () => {
    // Prepare
    const plan = validPlan(
      withGoal(PARKS, { allocation: { method: 'quota', quotas: { hushan: 1, zhouxiang: 2 }, details: { hushan: { deadline: '2022-08-31' } } } }),
    );

    // Act
    const [hushan] = desiredTasks(plan, plan.goals[PARKS]!, 1, NOW);

    // Assess
    expect(hushan!.milestones).toEqual([
      { date: '2022-06-30', share: 0.3 },
      { date: '2022-08-31', share: 1 },
    ]);
  });

  it('accepts details with any method, an action and a lead goal included', () => {
    // Act
    const result = validatePlan(withGoal(ECO_PLAN, { allocation: { method: 'lead', details: { bureau: { note: '年底前报市政府' } } } }));

    // Assess
    expect(result.ok).toBe(true);
  });

  it('names a key that is not a unit of the allocation, and one that is not a unit at all', () => {
    // Act
    const problems = problemsOf(
      withGoal(VOCS, { allocation: { method: 'proportional', units: 'towns', base: 'enterprises', details: { bureau: { note: 'x' }, fgw: { note: 'y' } } } }),
    );

    // Assess
    expect(problems.map((p) => `${p.path} ${p.rule}`)).toEqual([
      'goals[1].allocation.details.bureau detail_not_allocated',
      'goals[1].allocation.details.fgw unknown_unit',
    ]);
    expect(problems[0]!.message).toContain('"bureau"');
    expect(problems[0]!.messageZh).toContain('单位明细');
  });

  it('names a co-lead given detail on a lead goal: only the primary lead has a task', () => {
    // Act
    const problems = problemsOf(
      withGoal(ECO_PLAN, { lead: ['bureau', 'water-office'], allocation: { method: 'lead', details: { 'water-office': { note: 'x' } } } }),
    );

    // Assess
    expect(problems.map((p) => `${p.path} ${p.rule}`)).toEqual(["goals[4].allocation.details.water-office detail_not_allocated"]);
  });

  it('names an own deadline outside the plan year and milestones after it', () => {
    // Act
    const problems = problemsOf(
      withGoal(PARKS, {
        allocation: {
          method: 'quota',
          quotas: { hushan: 1, zhouxiang: 2 },
          details: { hushan: { deadline: '2023-03-31' }, zhouxiang: { deadline: '2022-09-30', milestones: [{ date: '2022-10-31', share: 1 }] } },
        },
      }),
    );

    // Assess
    expect(problems.map((p) => `${p.path} ${p.rule}`)).toEqual([
      'goals[2].allocation.details.hushan.deadline deadline_outside_year',
      'goals[2].allocation.details.zhouxiang.milestones[0].date milestones',
    ]);
    expect(problems[1]!.message).toBe('2022-10-31 is after the deadline 2022-09-30');
    expect(problems[1]!.messageZh).toBe('2022-10-31 晚于完成时限 2022-09-30');
  });

  it('names milestones given to a unit of an indicator goal', () => {
    // Act
    const problems = problemsOf(
      withGoal(0, { allocation: { method: 'each', units: 'towns', details: { hushan: { milestones: [{ date: '2022-06-30', share: 0.5 }] } } } }),
    );

    // Assess
    expect(problems).toEqual([
      expect.objectContaining({ path: 'goals[0].allocation.details.hushan.milestones', rule: 'not_applicable', messageZh: expect.stringContaining('数量类') }),
    ]);
  });

  it('refuses an unknown field of a detail', () => {
    // Act
    const problems = problemsOf(withGoal(ECO_PLAN, { allocation: { method: 'lead', details: { bureau: { remark: 'x' } } } }));

    // Assess
    expect(problems.map((p) => p.path)).toEqual(['goals[4].allocation.details.bureau.remark']);
  });
});

describe('the breakdown preview', () => {
  it('names every lead joined with 、 and shows the unit detail beside its task', () => {
    // Prepare
    const plan = validPlan(
      withGoal(PARKS, {
        lead: ['bureau', 'water-office'],
        allocation: { method: 'quota', quotas: { hushan: 1, zhouxiang: 2 }, details: { zhouxiang: { note: '以周巷工业园为重点' } } },
      }),
    );

    // Act
    const parks = previewBreakdown(plan)[PARKS]!;

    // Assess
    expect(parks.leadName).toBe('慈溪分局、市治水办');
    expect(parks.tasks.map((task) => task.detail)).toEqual([undefined, { note: '以周巷工业园为重点' }]);
  });
});

describe('a new breakdown of a plan whose detail or leads changed', () => {
  it('revises an open task: a co-lead added, its own deadline and note dropped (removed, not set to nothing)', () => {
    // Prepare
    const detailed = validPlan(
      withGoal(PARKS, { allocation: { method: 'quota', quotas: { hushan: 1, zhouxiang: 2 }, details: { hushan: { note: '先易后难', deadline: '2022-08-31' } } } }),
    );
    const revised = validPlan(withGoal(PARKS, { lead: ['bureau', 'water-office'] }));
    const [stored] = desiredTasks(detailed, detailed.goals[PARKS]!, 1, NOW);
    const [desired] = desiredTasks(revised, revised.goals[PARKS]!, 2, NOW);

    // Act
    const decision = decideTask(desired, { task: { ...stored!, status: 'in_progress' } }, 'exec');

    // Assess
    expect(decision.action).toBe('revise');
    if (decision.action !== 'revise') return;
    expect(decision.revision.from).toMatchObject({ deadline: '2022-08-31', note: '先易后难', coLeads: undefined });
    expect(decision.revision.to).toEqual({
      deadline: '2022-11-30',
      milestones: [
        { date: '2022-06-30', share: 0.3 },
        { date: '2022-11-30', share: 1 },
      ],
      coLeads: ['water-office'],
      note: undefined,
    });
  });
});
