import type { BulletinEscalation, BulletinInput } from '../../../shared/bulletin/bulletin.js';
import { cixi, cixiTask } from '../domain/cixi-tasks.js';

/*
 * The bulletin of 2022-11 (published Tuesday 2022-11-01, covering October) over two Cixi units:
 * 浒山街道 (hushan) and 白沙路街道 (baishalu), with the facts of samples/cixi-2022.yaml.
 */

export const PUBLISHED_ON = '2022-11-01';

const progress = (done: number) => ({ asOf: '2022-10-25', done, reportedBy: 'unit:test', reportedAt: '2022-10-25T02:00:00.000Z' });

export const tasks = [
  // 喷涂企业回头看 was due 2022-09-30: still open on 2022-11-01, so red.
  cixiTask('spray-recheck', 'hushan', { status: 'in_progress', progress: progress(5) }),
  // VOCs projects (4 for hushan): 2 done where 75 % is due by 2022-09-30 — yellow.
  cixiTask('vocs-projects', 'hushan', { status: 'in_progress', progress: progress(2) }),
  // PM2.5 never reported: green.
  cixiTask('pm25', 'hushan'),
  cixiTask('activated-carbon', 'hushan', { status: 'closed' }),
  cixiTask('spray-recheck', 'baishalu', { status: 'closed' }),
  // Withdrawn: no longer anyone's work, left out.
  cixiTask('vocs-projects', 'baishalu', { status: 'withdrawn' }),
  cixiTask('pm25', 'baishalu', { status: 'in_progress' }),
];

const escalation = (taskId: string, level: BulletinEscalation['level'], date: string, workingDays: number): BulletinEscalation => ({
  taskId,
  planId: cixi.id,
  unitId: taskId.split('.')[2]!,
  level,
  date,
  kind: 'overdue',
  since: '2022-09-30',
  workingDays,
});

export const sprayHushan = 'cixi-2022.spray-recheck.hushan';

export const escalations: BulletinEscalation[] = [
  // Raised in September: another bulletin's.
  escalation(sprayHushan, 'urge', '2022-09-30', 0),
  escalation(sprayHushan, 'supervise', '2022-10-12', 5),
  escalation(sprayHushan, 'notice', '2022-10-19', 10),
  escalation(sprayHushan, 'summon', '2022-10-31', 20),
  escalation('cixi-2022.vocs-projects.hushan', 'urge', '2022-10-10', 1),
  // Raised on the publication day itself: the next bulletin's.
  escalation('cixi-2022.pm25.baishalu', 'notice', '2022-11-01', 10),
  // Of a plan not in the bulletin (another year's).
  { ...escalation('cixi-2021.spray-recheck.baishalu', 'notice', '2022-10-20', 10), planId: 'cixi-2021' },
];

export function input(changes: Partial<BulletinInput> = {}): BulletinInput {
  return {
    publishedOn: PUBLISHED_ON,
    plans: [
      {
        planId: cixi.id,
        name: cixi.name,
        margin: cixi.tracking.margin,
        units: cixi.units.filter((unit) => unit.id === 'hushan' || unit.id === 'baishalu').map(({ id, name }) => ({ id, name })),
        tasks,
      },
    ],
    escalations,
    ...changes,
  };
}
