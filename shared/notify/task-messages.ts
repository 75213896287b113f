import type { Task } from '../domain/task.js';
import type { TaskEventType } from '../domain/task-event.js';

type Subject = Pick<Task, 'id' | 'title' | 'unitId'>;

/** Title and body of a task notification, English first, then Chinese (as every notification). */
export function taskMessage(type: TaskEventType, task: Subject, detail: { reason?: string; deadline?: string } = {}): { title: string; body: string } {
  const name = `${task.title} (${task.id})`;
  const reason = detail.reason ? ` Reason: ${detail.reason}` : '';
  const reasonZh = detail.reason ? `理由：${detail.reason}` : '';
  const texts: Partial<Record<TaskEventType, [string, string, string, string]>> = {
    closeout_requested: [`Close-out requested: ${task.unitId}`, `申请销号：${task.unitId}`, `${task.unitId} asks to close out ${name}; please review it.`, `${task.unitId} 申请对「${task.title}」销号，请验收。`],
    closeout_accepted: [`Close-out accepted`, `验收通过`, `The close-out of ${name} was accepted.`, `「${task.title}」已验收通过。`],
    closeout_rejected: [`Close-out sent back`, `销号被退回`, `The close-out of ${name} was sent back.${reason}`, `「${task.title}」的销号申请被退回。${reasonZh}`],
    task_closed: [`Task closed`, `任务已销号`, `${name} is closed.`, `「${task.title}」已销号。`],
    task_reopened: [`Task re-opened (re-check)`, `回头看：任务重新打开`, `${name} was re-opened after a re-check.${reason}`, `「${task.title}」经回头看重新打开。${reasonZh}`],
    extension_requested: [`Extension requested: ${task.unitId}`, `延期申请：${task.unitId}`, `${task.unitId} asks to move the deadline of ${name} to ${detail.deadline}.${reason}`, `${task.unitId} 申请将「${task.title}」的完成时限延至 ${detail.deadline}。${reasonZh}`],
    extension_approved: [`Extension approved`, `延期申请已批准`, `The deadline of ${name} is now ${detail.deadline}.`, `「${task.title}」的完成时限已延至 ${detail.deadline}。`],
    extension_refused: [`Extension refused`, `延期申请未获批准`, `The deadline of ${name} stays ${detail.deadline}.${reason}`, `「${task.title}」的完成时限仍为 ${detail.deadline}。${reasonZh}`],
  };
  const [title, titleZh, body, bodyZh] = texts[type] ?? [`Task changed: ${type}`, '任务有变动', name, `「${task.title}」`];
  return { title: `${title} / ${titleZh}`, body: `${body} / ${bodyZh}` };
}
