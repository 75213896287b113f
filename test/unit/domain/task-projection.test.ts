import { describe, expect, it } from 'vitest';
import type { Task } from '../../../shared/domain/task.js';
import type { TaskEvent } from '../../../shared/domain/task-event.js';
import { projectTask, stateDifferences } from '../../../shared/domain/task-projection.js';

const taskId = 'cixi-2022.vocs-projects.hushan';
const createdAt = '2022-01-05T02:00:00.000Z';

/** A quantity task as the breakdown creates it. */
const created: Task = {
  id: taskId,
  planId: 'cixi-2022',
  goalId: 'vocs-projects',
  unitId: 'hushan',
  year: 2022,
  kind: 'quantity',
  title: 'VOCs 治理项目',
  target: 4,
  unitOfMeasure: '个',
  deadline: '2022-11-30',
  milestones: [
    { date: '2022-06-30', share: 0.5 },
    { date: '2022-11-30', share: 1 },
  ],
  lead: 'eco-bureau',
  coUnits: [],
  status: 'assigned',
  progress: null,
  version: 1,
  planRevision: 1,
  createdAt,
  updatedAt: createdAt,
};

/** Events from version 2 on, one a day, shaped as the writers shape them. */
function events(...changes: (Pick<TaskEvent, 'type' | 'from' | 'to'> & Record<string, unknown>)[]): TaskEvent[] {
  return changes.map((change, index) => ({ ...change, taskId, at: `2022-06-${String(index + 10)}T02:00:00.000Z`, by: 'unit:hushan', version: index + 2 }));
}

const progress = { asOf: '2022-06-09', done: 3, reportedBy: 'unit:hushan', reportedAt: '2022-06-10T02:00:00.000Z' };
/** Reported, asked to close out, accepted by the lead department: what the lifecycle writes. */
const reviewed = events(
  { type: 'progress_reported', from: { progress: null, status: 'assigned' }, to: { progress, status: 'in_progress' } },
  { type: 'closeout_requested', from: { status: 'in_progress' }, to: { status: 'closeout_requested' }, reportedAsOf: '2022-06-09' },
  { type: 'closeout_accepted', from: { status: 'closeout_requested' }, to: { status: 'accepted' } },
);
const reviewedTask: Task = { ...created, status: 'accepted', progress, version: 4, updatedAt: reviewed[2]!.at };

describe('projectTask and stateDifferences', () => {
  it('find nothing to say of a task never changed: assigned, nothing reported, escalated or extended, updated when created', () => {
    // Act
    const projection = projectTask(created, []);

    // Assess
    expect(Object.fromEntries(projection)).toEqual({
      status: 'assigned',
      progress: null,
      rebounds: undefined,
      escalation: undefined,
      pendingExtension: undefined,
      extensionRequests: undefined,
      originalDeadline: undefined,
      updatedAt: createdAt,
    });
    expect(stateDifferences(created, projection)).toEqual([]);
  });

  it('follow the lifecycle: status, progress and the time of the newest change as the events left them', () => {
    // Act
    const differences = stateDifferences(reviewedTask, projectTask(reviewedTask, reviewed));

    // Assess
    expect(differences).toEqual([]);
  });

  it('name every field of a task edited without an event, with both values', () => {
    // Prepare: closed, and 999999 done, written straight to the item.
    const edited: Task = { ...reviewedTask, status: 'closed', progress: { ...progress, done: 999999 } };

    // Act
    const differences = stateDifferences(edited, projectTask(edited, reviewed));

    // Assess
    expect(differences).toEqual([
      { field: 'status', stored: 'closed', events: 'accepted' },
      { field: 'progress', stored: { ...progress, done: 999999 }, events: progress },
    ]);
  });

  it('tell an edited task with no event at all from one as created', () => {
    // Prepare
    const edited: Task = { ...created, status: 'closed', progress: { ...progress, done: 999999 } };

    // Act
    const differences = stateDifferences(edited, projectTask(edited, []));

    // Assess
    expect(differences.map((d) => d.field)).toEqual(['status', 'progress']);
  });

  it('take an extension request to set the pending request and the count, not the deadline asked for', () => {
    // Prepare
    const asked = events({
      type: 'extension_requested',
      from: { deadline: '2022-11-30' },
      to: { deadline: '2022-12-20' },
      reason: '设备到货延迟',
      extensionId: `${taskId}~1`,
    });

    // Act
    const projection = projectTask({ ...created, version: 2 }, asked);

    // Assess
    expect(projection.get('pendingExtension')).toBe(`${taskId}~1`);
    expect(projection.get('extensionRequests')).toBe(1);
    expect(projection.has('deadline')).toBe(false);
  });

  it('take approvals to move the deadline and the milestones it knows, keeping the first deadline as the original', () => {
    // Prepare: the plan's milestones known from a revision, then two extensions approved.
    const milestones = [
      { date: '2022-06-30', share: 0.5 },
      { date: '2022-11-30', share: 1 },
    ];
    const history = events(
      { type: 'task_revised', from: { milestones: [{ date: '2022-11-30', share: 1 }] }, to: { milestones } },
      { type: 'extension_requested', from: { deadline: '2022-11-30' }, to: { deadline: '2022-12-10' }, extensionId: `${taskId}~1` },
      { type: 'extension_approved', from: { deadline: '2022-11-30' }, to: { deadline: '2022-12-10' }, extensionId: `${taskId}~1` },
      { type: 'extension_requested', from: { deadline: '2022-12-10' }, to: { deadline: '2022-12-20' }, extensionId: `${taskId}~2` },
      { type: 'extension_approved', from: { deadline: '2022-12-10' }, to: { deadline: '2022-12-20' }, extensionId: `${taskId}~2` },
    );

    // Act
    const projection = projectTask({ ...created, version: 6 }, history);

    // Assess
    expect(projection.get('deadline')).toBe('2022-12-20');
    expect(projection.get('originalDeadline')).toBe('2022-11-30');
    expect(projection.get('pendingExtension')).toBeUndefined();
    expect(projection.get('extensionRequests')).toBe(2);
    expect(projection.get('milestones')).toEqual([
      { date: '2022-06-30', share: 0.5 },
      { date: '2022-12-20', share: 1 },
    ]);
  });

  it('take a field in an event’s from but not its to as removed, and an escalation as the chase raised it', () => {
    // Prepare
    const escalation = { level: 'urge', period: 'overdue:2022-11-30', date: '2022-12-02' };
    const history = events(
      { type: 'task_revised', from: { direction: 'down', target: 30 }, to: { target: 4 } },
      { type: 'escalated', from: { escalation: null }, to: { escalation }, reason: '催办 / urge' },
    );

    // Act
    const projection = projectTask({ ...created, version: 3 }, history);

    // Assess
    expect(projection.has('direction')).toBe(true);
    expect(projection.get('direction')).toBeUndefined();
    expect(projection.get('target')).toBe(4);
    expect(projection.get('escalation')).toEqual(escalation);
    expect(stateDifferences({ ...created, version: 3, escalation: escalation as Task['escalation'], updatedAt: history[1]!.at }, projection)).toEqual([]);
  });

  it('know nothing of the creation for a chain that starts later (writes older than the chain): only what its events touched', () => {
    // Prepare: versions 2 and 3 predate the chain.
    const later = events({ type: 'target_revised', from: { target: 4 }, to: { target: 5 } }).map((event) => ({ ...event, version: 4 }));

    // Act
    const projection = projectTask({ ...created, version: 4 }, later);

    // Assess
    expect([...projection.keys()].sort()).toEqual(['target', 'updatedAt']);
    expect(stateDifferences({ ...created, status: 'in_progress', target: 5, version: 4, updatedAt: later[0]!.at }, projection)).toEqual([]);
  });
});
