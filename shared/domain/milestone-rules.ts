import type { Milestone } from './plan.js';
import type { Problem } from './problem.js';
import { problem } from './zod-problems.js';

/**
 * 序时进度 that can be followed: inside the plan year, not after the deadline, dates rising and shares not
 * falling, the whole target on the deadline. A goal's milestones and a unit's own (allocation `details`)
 * are judged alike, each against its own deadline; `at` is where the milestones list sits.
 */
export function milestoneProblems(
  owner: { milestones?: readonly Milestone[] | undefined; deadline: string },
  at: readonly PropertyKey[],
  year: number | undefined,
): Problem[] {
  const milestones = owner.milestones ?? [];
  return milestones.flatMap((milestone, i) => {
    const path = [...at, i];
    const previous = milestones[i - 1];
    const found: Problem[] = [];
    const bad = (field: string, message: string, messageZh: string) =>
      found.push(problem([...path, field], 'milestones', message, messageZh));
    if (year !== undefined && !milestone.date.startsWith(`${year}-`))
      bad('date', `${milestone.date} is outside the plan year ${year}`, `${milestone.date} 不在计划年度 ${year} 年内`);
    if (milestone.date > owner.deadline)
      bad('date', `${milestone.date} is after the deadline ${owner.deadline}`, `${milestone.date} 晚于完成时限 ${owner.deadline}`);
    if (previous && milestone.date <= previous.date)
      bad('date', `${milestone.date} is not after the previous milestone ${previous.date}`, `${milestone.date} 不晚于上一节点 ${previous.date}`);
    if (previous && milestone.share < previous.share)
      bad('share', `${milestone.share} is less than the previous share ${previous.share}`, `比例 ${milestone.share} 小于上一节点的 ${previous.share}`);
    if (milestone.date === owner.deadline && milestone.share !== 1)
      bad('share', 'the milestone on the deadline must be 1 (the whole target)', '完成时限当天的节点比例必须为 1（全部完成）');
    return found;
  });
}
