import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Role } from '../../../shared/auth/principal.js';
import { Forbidden, IllegalTransition, InvalidInput } from '../../../shared/domain/errors.js';
import {
  type ActingRole,
  type Actor,
  actionsFor,
  actorsOf,
  checkReason,
  stepFor,
  type TaskAction,
  taskActions,
  transitions,
} from '../../../shared/domain/lifecycle.js';
import { taskEventTypes } from '../../../shared/domain/task-event.js';
import { type TaskStatus, taskStatuses } from '../../../shared/domain/task.js';
import { cixiTask } from './cixi-tasks.js';

const allActors: readonly Actor[] = ['owner', 'lead', 'admin'];

/**
 * The table of docs/architecture.md, written out again by hand: who may take each action from which
 * statuses, where it leads with two review levels and with one, and whether it needs a reason.
 */
const contract: Record<TaskAction, { from: Partial<Record<Actor, TaskStatus[]>>; to: [TaskStatus, TaskStatus]; reason: boolean }> = {
  report: { from: { owner: ['assigned', 'in_progress'] }, to: ['in_progress', 'in_progress'], reason: false },
  request_closeout: { from: { owner: ['assigned', 'in_progress'] }, to: ['closeout_requested', 'closeout_requested'], reason: false },
  accept: { from: { lead: ['closeout_requested'], admin: ['closeout_requested'] }, to: ['accepted', 'closed'], reason: false },
  reject: { from: { lead: ['closeout_requested'], admin: ['closeout_requested', 'accepted'] }, to: ['in_progress', 'in_progress'], reason: true },
  close: { from: { admin: ['accepted'] }, to: ['closed', 'closed'], reason: false },
  reopen: { from: { lead: ['closed'], admin: ['closed'] }, to: ['in_progress', 'in_progress'], reason: true },
};

const events: Record<TaskAction, string> = {
  report: 'progress_reported',
  request_closeout: 'closeout_requested',
  accept: 'closeout_accepted',
  reject: 'closeout_rejected',
  close: 'task_closed',
  reopen: 'task_reopened',
};

// A task of 浒山街道 led by 慈溪分局 (eco-bureau), and one 市治水办 both owns and leads.
const hushanTask = cixiTask('hazardous-waste-network', 'hushan');
const waterTask = cixiTask('water-sections', 'water-office');

const attempt = (fn: () => unknown): unknown => {
  try {
    return fn();
  } catch (error) {
    return error;
  }
};

describe('actorsOf', () => {
  it.each<[string, { role: ActingRole; unitId?: string }, Actor[]]>([
    ['the unit itself', { role: 'unit', unitId: 'hushan' }, ['owner']],
    ['another unit', { role: 'unit', unitId: 'longshan' }, []],
    ['the lead department as reviewer', { role: 'reviewer', unitId: 'eco-bureau' }, ['lead']],
    ['another reviewer', { role: 'reviewer', unitId: 'water-office' }, []],
    ['the bureau', { role: 'admin' }, ['admin']],
    ['leadership', { role: 'viewer' }, []],
    ['a unit token without its unit', { role: 'unit' }, []],
  ])('makes %s on hushan\'s hazardous-waste task what it is', (_who, principal, expected) => {
    // Act
    const actors = actorsOf(principal, hushanTask);

    // Assess
    expect(actors).toEqual(expected);
  });

  it('makes a reviewer department only the owner of a task it leads itself: no one reviews their own close-out', () => {
    // Act
    const actors = actorsOf({ role: 'reviewer', unitId: 'water-office' }, waterTask);
    const accept = () => stepFor({ ...waterTask, status: 'closeout_requested' }, 'accept', actors, 1);

    // Assess
    expect(actors).toEqual(['owner']);
    expect(accept).toThrow(Forbidden);
  });

  it('gives a unit token that names the lead unit no lead rights: only reviewers lead', () => {
    // Act
    const actors = actorsOf({ role: 'unit', unitId: 'eco-bureau' }, hushanTask);

    // Assess
    expect(actors).toEqual([]);
  });

  it('takes the roles of shared/auth', () => {
    // Assess
    expectTypeOf<Role>().toEqualTypeOf<ActingRole>();
  });
});

describe('transitions', () => {
  it('is the table of the contract, row for row', () => {
    // Act
    const rows = transitions.map((t) => ({ action: t.action, actors: [...t.actors], from: [...t.from], to: t.to, reason: t.reasonRequired, event: t.event }));

    // Assess
    expect(rows).toEqual([
      { action: 'report', actors: ['owner'], from: ['assigned', 'in_progress'], to: 'in_progress', reason: false, event: 'progress_reported' },
      { action: 'request_closeout', actors: ['owner'], from: ['assigned', 'in_progress'], to: 'closeout_requested', reason: false, event: 'closeout_requested' },
      { action: 'accept', actors: ['lead', 'admin'], from: ['closeout_requested'], to: 'by_review_levels', reason: false, event: 'closeout_accepted' },
      { action: 'reject', actors: ['lead'], from: ['closeout_requested'], to: 'in_progress', reason: true, event: 'closeout_rejected' },
      { action: 'reject', actors: ['admin'], from: ['closeout_requested', 'accepted'], to: 'in_progress', reason: true, event: 'closeout_rejected' },
      { action: 'close', actors: ['admin'], from: ['accepted'], to: 'closed', reason: false, event: 'task_closed' },
      { action: 'reopen', actors: ['lead', 'admin'], from: ['closed'], to: 'in_progress', reason: true, event: 'task_reopened' },
    ]);
    expect(rows.every((r) => (taskEventTypes as readonly string[]).includes(r.event))).toBe(true);
  });
});

describe('stepFor: every status × action × actor against the contract', () => {
  const cases = taskStatuses.flatMap((status) =>
    taskActions.flatMap((action) => allActors.map((actor) => [status, action, actor] as const)),
  );

  it.each(cases)('%s, %s by %s', (status, action, actor) => {
    // Prepare
    const task = { ...hushanTask, status };
    const allowedFrom = contract[action].from[actor];

    // Act
    const twoLevels = attempt(() => stepFor(task, action, [actor], 2));
    const oneLevel = attempt(() => stepFor(task, action, [actor], 1));

    // Assess
    if (allowedFrom === undefined) {
      expect(twoLevels).toBeInstanceOf(Forbidden);
      expect(oneLevel).toBeInstanceOf(Forbidden);
    } else if (!allowedFrom.includes(status)) {
      expect(twoLevels).toBeInstanceOf(IllegalTransition);
      expect((twoLevels as IllegalTransition).code).toBe('illegal_transition');
      expect(oneLevel).toBeInstanceOf(IllegalTransition);
    } else {
      const step = { action, from: status, event: events[action], rebound: action === 'reopen' };
      expect(twoLevels).toEqual({ ...step, to: contract[action].to[0] });
      expect(oneLevel).toEqual({ ...step, to: contract[action].to[1] });
    }
  });

  it.each(taskActions)('asks a reason for %s exactly where the contract does', (action) => {
    // Act
    const refused = attempt(() => checkReason(action, undefined));

    // Assess
    if (contract[action].reason) expect(refused).toBeInstanceOf(InvalidInput);
    else expect(refused).toBeUndefined();
  });
});

describe('stepFor: messages', () => {
  it('tells a lead who accepts a closed task what it may do instead, in English and Chinese', () => {
    // Prepare
    const task = { ...hushanTask, status: 'closed' as const };

    // Act
    const error = attempt(() => stepFor(task, 'accept', ['lead'], 2)) as IllegalTransition;

    // Assess
    expect(error).toBeInstanceOf(IllegalTransition);
    expect(error.message).toBe('Task cixi-2022.hazardous-waste-network.hushan is closed, so you cannot accept it; from there you may: reopen');
    expect(error.messageZh).toBe('任务 cixi-2022.hazardous-waste-network.hushan 当前状态为「已销号」，不能验收通过；该状态下您可以：回头看重新打开');
  });

  it('lists every action the caller has from the status, in action order', () => {
    // Prepare: 市治水办 owns and leads its own task, which waits for acceptance
    const task = { ...waterTask, status: 'closeout_requested' as const };

    // Act
    const error = attempt(() => stepFor(task, 'report', ['owner', 'lead'], 2)) as IllegalTransition;

    // Assess
    expect(error.message).toContain('is closeout_requested, so you cannot report it; from there you may: accept, reject');
    expect(error.messageZh).toContain('当前状态为「申请销号」，不能报告进展；该状态下您可以：验收通过、退回');
  });

  it('says there is nothing to do with a withdrawn task', () => {
    // Prepare
    const task = { ...hushanTask, status: 'withdrawn' as const };

    // Act
    const error = attempt(() => stepFor(task, 'report', ['owner'], 2)) as IllegalTransition;

    // Assess
    expect(error).toBeInstanceOf(IllegalTransition);
    expect(error.message).toContain('is withdrawn, so you cannot report it; from there you may take no action');
    expect(error.messageZh).toContain('当前状态为「已撤回」，不能报告进展；该状态下您没有可执行的操作');
  });

  it('forbids an action the caller never has, whatever the status', () => {
    // Act
    const error = attempt(() => stepFor(hushanTask, 'close', ['owner', 'lead'], 2)) as Forbidden;

    // Assess
    expect(error).toBeInstanceOf(Forbidden);
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('You may not close task cixi-2022.hazardous-waste-network.hushan');
    expect(error.messageZh).toBe('您无权对任务 cixi-2022.hazardous-waste-network.hushan 执行「销号」');
  });

  it('forbids everything to a caller who is no actor (a viewer)', () => {
    // Act
    const errors = taskActions.map((action) => attempt(() => stepFor({ ...hushanTask, status: 'in_progress' }, action, [], 2)));

    // Assess
    errors.forEach((error) => expect(error).toBeInstanceOf(Forbidden));
  });
});

describe('actionsFor', () => {
  it.each<[TaskStatus, Actor[], TaskAction[]]>([
    ['assigned', ['owner'], ['report', 'request_closeout']],
    ['in_progress', ['owner', 'lead'], ['report', 'request_closeout']],
    ['closeout_requested', ['lead'], ['accept', 'reject']],
    ['accepted', ['lead'], []],
    ['accepted', ['admin'], ['reject', 'close']],
    ['closed', ['admin'], ['reopen']],
    ['closed', ['owner'], []],
    ['withdrawn', ['owner', 'lead', 'admin'], []],
  ])('from %s gives %j: %j', (status, actors, expected) => {
    // Act / Assess
    expect(actionsFor(status, actors)).toEqual(expected);
  });
});

describe('lifecycle invariants', () => {
  const statuses = fc.constantFrom(...taskStatuses);
  const actions = fc.constantFrom(...taskActions);
  const actorSets = fc.subarray([...allActors]);
  const levels = fc.constantFrom<1 | 2>(1, 2);

  it('actionsFor lists exactly the actions stepFor allows', () => {
    fc.assert(
      fc.property(statuses, actions, actorSets, levels, (status, action, actors, reviewLevels) => {
        // Act
        const listed = actionsFor(status, actors).includes(action);
        const outcome = attempt(() => stepFor({ id: hushanTask.id, status }, action, actors, reviewLevels));

        // Assess
        expect(outcome instanceof Error).toBe(!listed);
      }),
    );
  });

  it('refuses with Forbidden exactly when the action is listed from no status at all', () => {
    fc.assert(
      fc.property(statuses, actions, actorSets, (status, action, actors) => {
        // Prepare
        const everHas = taskStatuses.some((s) => actionsFor(s, actors).includes(action));

        // Act
        const outcome = attempt(() => stepFor({ id: hushanTask.id, status }, action, actors, 2));

        // Assess
        if (!everHas) expect(outcome).toBeInstanceOf(Forbidden);
        else expect(outcome instanceof Forbidden).toBe(false);
      }),
    );
  });

  it('every step starts at the task\'s status, never leads to withdrawn, and rebounds only out of closed', () => {
    fc.assert(
      fc.property(statuses, actions, actorSets, levels, (status, action, actors, reviewLevels) => {
        // Act
        const outcome = attempt(() => stepFor({ id: hushanTask.id, status }, action, actors, reviewLevels));

        // Assess
        fc.pre(!(outcome instanceof Error));
        const step = outcome as ReturnType<typeof stepFor>;
        expect(step.from).toBe(status);
        expect(step.to).not.toBe('withdrawn');
        expect(step.rebound).toBe(status === 'closed');
      }),
    );
  });

  it('an illegal transition always names the current status', () => {
    fc.assert(
      fc.property(statuses, actions, actorSets, (status, action, actors) => {
        // Act
        const outcome = attempt(() => stepFor({ id: hushanTask.id, status }, action, actors, 2));

        // Assess
        fc.pre(outcome instanceof IllegalTransition);
        expect((outcome as IllegalTransition).message).toContain(`is ${status},`);
      }),
    );
  });
});

describe('checkReason', () => {
  it.each(['', '   ', '\n\t', undefined])('refuses %j as the reason of a reopen, at reason', (reason) => {
    // Act
    const error = attempt(() => checkReason('reopen', reason)) as InvalidInput;

    // Assess
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error.problems).toEqual([
      {
        path: 'reason',
        rule: 'required',
        message: 'is required: say why you reopen the task',
        messageZh: '必须填写：请说明「回头看重新打开」的理由',
      },
    ]);
  });

  it('gives back the reason trimmed', () => {
    // Act / Assess
    expect(checkReason('reject', '  台账不全，补充入网企业名单  ')).toBe('台账不全，补充入网企业名单');
  });

  it('takes no reason where none is asked', () => {
    // Act / Assess
    expect(checkReason('accept', '  ')).toBeUndefined();
    expect(checkReason('close', 'done')).toBe('done');
  });
});
