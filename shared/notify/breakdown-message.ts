import type { UnitChanges } from '../store/breakdowns-repo.js';

export interface Message {
  /** Bilingual, English first: "… / …". */
  title: string;
  body: string;
}

/** The notification a unit gets when a breakdown created, revised or withdrew some of its tasks. */
export function breakdownMessage(plan: { name: string; revision: number }, counts: UnitChanges): Message {
  const en = [
    counts.created > 0 ? `${counts.created} new task${counts.created === 1 ? '' : 's'}` : undefined,
    counts.updated > 0 ? `${counts.updated} revised` : undefined,
    counts.withdrawn > 0 ? `${counts.withdrawn} withdrawn` : undefined,
  ].filter((part) => part !== undefined);
  const zh = [
    counts.created > 0 ? `新增任务 ${counts.created} 项` : undefined,
    counts.updated > 0 ? `调整 ${counts.updated} 项` : undefined,
    counts.withdrawn > 0 ? `撤销 ${counts.withdrawn} 项` : undefined,
  ].filter((part) => part !== undefined);
  return {
    title: `${en.join(', ')} in plan ${plan.name} / 计划「${plan.name}」${zh.join('、')}`,
    body:
      `Revision ${plan.revision} of plan ${plan.name} has been broken down into tasks: ${en.join(', ')}. ` +
      'See your task list for targets and deadlines. / ' +
      `计划「${plan.name}」第 ${plan.revision} 版已完成任务分解：${zh.join('、')}。目标和期限请查看任务清单。`,
  };
}
