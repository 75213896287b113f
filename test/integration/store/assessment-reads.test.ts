import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../shared/clock/clock.js';
import type { LedgerEntry } from '../../../shared/domain/assessment/types.js';
import type { Task } from '../../../shared/domain/task.js';
import type { TaskEvent } from '../../../shared/domain/task-event.js';
import { defaultTracking } from '../../../shared/domain/tracking.js';
import { useTestTable } from '../../support/test-table.js';
import { plan, putTasks, task } from '../functions/fixtures.js';

const tableName = await useTestTable();
const { dynamo } = await import('../../../shared/store/client.js');
const { newTaskItem, taskEventItem } = await import('../../../shared/store/task-items.js');
const { savePlan } = await import('../../../shared/store/plans-repo.js');
const { listYearPlans, listYearUnits, readCoopTasks, readUnitForScoring } = await import('../../../shared/store/assessment-reads.js');

const pm25 = { kind: 'indicator' as const, title: 'PM2.5 年均浓度', target: 29, direction: 'at_most' as const, deadline: '2024-12-31' };
const closedOnTime: LedgerEntry[] = [
  { v: 3, type: 'closeout_requested', at: '2024-11-25T02:00:00.000Z' },
  { v: 4, type: 'closeout_accepted', at: '2024-11-27T02:00:00.000Z', to: 'accepted' },
  { v: 5, type: 'task_closed', at: '2024-11-28T02:00:00.000Z' },
];

/** Task items as the breakdown wrote them, with the ledger their changes appended. */
async function putWithLedger(entries: { task: Task; ledger: LedgerEntry[] }[]) {
  const items = entries.map(({ task: t, ledger }) => ({ PutRequest: { Item: { ...newTaskItem(t, undefined, defaultTracking), ledger } } }));
  await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName]: items } }));
}

/** Longshan's VOCs task, closed on time: progress 10 of 10. */
const vocsLongshan = task({ goalId: 'vocs', unitId: 'longshan', status: 'closed', version: 5, progress: { asOf: '2024-11-20', done: 10, reportedBy: 'unit:longshan', reportedAt: '2024-11-20T02:00:00.000Z' } as Task['progress'] });

beforeAll(async () => {
  // Two plans of 2024 (Longshan in both, named differently in the second) and one of 2023.
  await savePlan(plan, 'test', fixedClock('2024-01-10T00:00:00Z'));
  await savePlan(
    { ...plan, id: 'ningbo-2024', units: [{ id: 'longshan', name: '龙山镇（宁波）', kind: 'town', bases: {} }, { id: 'beilun', name: '北仑区', kind: 'town', bases: {} }] },
    'test',
    fixedClock('2024-01-10T00:00:00Z'),
  );
  await savePlan({ ...plan, id: 'cixi-2023', year: 2023, units: [{ id: 'xinpu', name: '新浦镇', kind: 'town', bases: {} }] }, 'test', fixedClock('2023-01-10T00:00:00Z'));

  await putWithLedger([
    { task: vocsLongshan, ledger: closedOnTime },
    { task: task({ goalId: 'pm25', unitId: 'longshan', ...pm25, status: 'withdrawn' }), ledger: [] },
    { task: task({ goalId: 'vocs', unitId: 'zhangqi', coUnits: ['longshan'] }), ledger: [{ v: 2, type: 'escalated', at: '2024-12-04T01:00:00.000Z', level: 'urge', period: 'overdue:2024-11-30' }] },
    { task: task({ planId: 'cixi-2023', year: 2023, deadline: '2023-11-30', goalId: 'vocs', unitId: 'longshan' }), ledger: [] },
  ]);
  // Guanhaiwei's VOCs task as stored before the ledger: its close-out request is only an event.
  const old = task({ goalId: 'vocs', unitId: 'guanhaiwei', status: 'closeout_requested', version: 2 });
  await putTasks(tableName, [old]);
  const event: TaskEvent = { taskId: old.id, type: 'closeout_requested', at: '2024-11-29T02:00:00.000Z', by: 'unit:guanhaiwei', version: 2, from: { status: 'assigned' }, to: { status: 'closeout_requested' } };
  await dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName]: [{ PutRequest: { Item: taskEventItem(event) } }] } }));
});

describe('readUnitForScoring', () => {
  it('reads a unit’s tasks of the year with their ledgers in one Query, leaving withdrawn tasks and other years out', async () => {
    // Act
    const reading = await readUnitForScoring('longshan', 2024);

    // Assess
    expect(reading.tasks).toEqual([
      {
        id: 'cixi-2024.vocs.longshan',
        planId: 'cixi-2024',
        goalId: 'vocs',
        unitId: 'longshan',
        year: 2024,
        kind: 'quantity',
        title: '完成 VOCs 治理项目',
        target: 10,
        deadline: '2024-11-30',
        coUnits: [],
        status: 'closed',
        progress: { asOf: '2024-11-20', done: 10 },
      },
    ]);
    expect(reading.events).toEqual(closedOnTime.map((entry) => ({ ...entry, taskId: 'cixi-2024.vocs.longshan' })));
    expect(reading).toMatchObject({ queries: 1, itemsRead: 2 });
  });

  it('reads the events of a task stored before the ledger, with one Query more', async () => {
    // Act
    const reading = await readUnitForScoring('guanhaiwei', 2024);

    // Assess
    expect(reading.tasks.map((t) => t.id)).toEqual(['cixi-2024.vocs.guanhaiwei']);
    expect(reading.events).toEqual([{ v: 2, type: 'closeout_requested', at: '2024-11-29T02:00:00.000Z', taskId: 'cixi-2024.vocs.guanhaiwei' }]);
    expect(reading).toMatchObject({ queries: 2, itemsRead: 2 });
  });

  it('reads nothing for a unit without tasks that year', async () => {
    expect(await readUnitForScoring('beilun', 2024)).toEqual({ tasks: [], events: [], queries: 1, itemsRead: 0 });
  });
});

describe('readCoopTasks', () => {
  it('reads a goal’s tasks (not withdrawn) with their events, for its co-units', async () => {
    // Act
    const reading = await readCoopTasks('cixi-2024', 'vocs');

    // Assess
    expect(reading.tasks.map((t) => [t.id, t.coUnits])).toEqual([
      ['cixi-2024.vocs.guanhaiwei', []],
      ['cixi-2024.vocs.longshan', []],
      ['cixi-2024.vocs.zhangqi', ['longshan']],
    ]);
    expect(reading.events.filter((e) => e.taskId === 'cixi-2024.vocs.zhangqi')).toEqual([
      { v: 2, type: 'escalated', at: '2024-12-04T01:00:00.000Z', level: 'urge', period: 'overdue:2024-11-30', taskId: 'cixi-2024.vocs.zhangqi' },
    ]);
  });
});

describe('the year’s plans and units', () => {
  it('lists the year’s plans by id, and each unit once, by id, named as the first plan names it', async () => {
    // Act
    const plans = await listYearPlans(2024);
    const units = await listYearUnits(2024);

    // Assess
    expect(plans.map((p) => p.planId)).toEqual(['cixi-2024', 'ningbo-2024']);
    expect(units).toEqual([
      { unitId: 'beilun', unitName: '北仑区', planIds: ['ningbo-2024'] },
      { unitId: 'guanhaiwei', unitName: '观海卫镇', planIds: ['cixi-2024'] },
      { unitId: 'longshan', unitName: '龙山镇', planIds: ['cixi-2024', 'ningbo-2024'] },
      { unitId: 'water-office', unitName: '治水办', planIds: ['cixi-2024'] },
      { unitId: 'zhangqi', unitName: '掌起镇', planIds: ['cixi-2024'] },
    ]);
  });
});
