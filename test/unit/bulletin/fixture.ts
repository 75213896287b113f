import type { BulletinEscalation, BulletinInput } from '../../../shared/bulletin/bulletin.js';
import { allocateGoal } from '../../../shared/domain/allocation.js';
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

/*
 * The whole Cixi sample on 2022-11-01 (its October bulletin): every task of every goal, closed or advanced by
 * rules on the unit's place in the plan, so the bulletin has every unit, all three lights and both levels.
 * Actions due by September are done but for every fifth unit; the spray-painting recheck (due 2022-09-30)
 * is done by every third, the others were noticed on 2022-10-19 and every fourth of those summoned on
 * 2022-10-28; quantities due later are 90 / 70 / 50 / 20 % done by turns, so some lag behind (yellow).
 */
export function cixiOctober(): BulletinInput {
  const shares = [0.9, 0.7, 0.5, 0.2];
  const allTasks = cixi.goals.flatMap((goal) =>
    allocateGoal(cixi, goal).map(({ unitId }) => {
      const place = cixi.units.findIndex((unit) => unit.id === unitId);
      const task = cixiTask(goal.id, unitId);
      const doneBy = (done: number) => ({ status: 'in_progress' as const, progress: { ...progress(done), asOf: '2022-10-28' } });
      if (goal.id === 'spray-recheck') return place % 3 === 0 ? { ...task, status: 'closed' as const } : { ...task, ...doneBy(Math.max(0, (task.target ?? 1) - 1)) };
      if (goal.kind === 'action') return goal.deadline <= '2022-09-30' && place % 5 !== 3 ? { ...task, status: 'closed' as const } : task;
      if (goal.kind === 'quantity') return { ...task, ...doneBy(Math.floor((task.target ?? 0) * shares[place % shares.length]!)) };
      return task;
    }),
  );
  const sprayLate = allTasks.filter((task) => task.goalId === 'spray-recheck' && task.status !== 'closed');
  const raised = sprayLate.flatMap((task, i): BulletinEscalation[] => [
    { ...escalation(task.id, 'notice', '2022-10-19', 13), unitId: task.unitId },
    ...(i % 4 === 0 ? [{ ...escalation(task.id, 'summon', '2022-10-28', 20), unitId: task.unitId }] : []),
  ]);
  return {
    publishedOn: PUBLISHED_ON,
    plans: [{ planId: cixi.id, name: cixi.name, margin: cixi.tracking.margin, units: cixi.units.map(({ id, name }) => ({ id, name })), tasks: allTasks }],
    escalations: raised,
  };
}

/** The Cixi bureau's particulars, as `npm start` sets them with the sample. */
export const cixiParticulars = { issuer: '宁波市生态环境局慈溪分局', documentNumber: '慈环督〔2022〕11号', cc: ['慈溪市人民政府办公室', '宁波市生态环境局'] };
