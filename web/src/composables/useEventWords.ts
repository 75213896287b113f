import { useI18n } from 'vue-i18n';
import type { Task, TaskEvent } from '../api/client';
import { todayIso } from './dates';
import { useTaskText } from './useTaskText';

type Level = NonNullable<Task['escalation']>['level'];
const LEVELS: readonly string[] = ['remind', 'urge', 'supervise', 'notice', 'summon'];

const record = (value: unknown): Record<string, unknown> => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const numeric = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** One entry of a task's history in words: the sentence, its details (reason, note) and the files it cited. */
export interface EventWords {
  sentence: string;
  details: string[];
  evidence: string[];
  /** The escalation level raised, for an `escalated` entry. */
  level: Level | null;
}

/**
 * A task's history in plain words: who did what, when ("浒山街道 于 2022年6月30日 上报进展：已完成 3 个").
 * Who: the unit's name for a unit or a lead department (`unit:hushan/…`, `reviewer:eco-bureau/…`), the
 * bureau for an admin, the chase or the breakdown for the system. When: the day the report is as of, the
 * chase day of an escalation, else the day it was recorded.
 */
export function useEventWords() {
  const { t } = useI18n();
  const words = useTaskText();

  function who(by: string, names: ReadonlyMap<string, string>): string {
    const unit = /^(?:unit|reviewer):([a-z0-9-]+)/.exec(by);
    if (unit) return names.get(unit[1]!) ?? t('task.unknownUnit');
    if (by.startsWith('admin')) return t('role.admin');
    if (by.startsWith('viewer')) return t('role.viewer');
    if (by.startsWith('chase')) return t('history.who.chase');
    if (by.startsWith('breakdown')) return t('history.who.breakdown');
    return t('history.who.system');
  }

  /** Why a level was raised, from its period: `overdue:<deadline>`, `behind:<since>`, `due:<since>`. */
  function why(period: string | undefined): string {
    const [kind, since] = (period ?? '').split(':');
    if (kind === 'overdue' && since) return t('escalation.overdue', { date: words.date(since) });
    if (kind === 'behind' && since) return t('escalation.behind', { date: words.date(since) });
    if (kind === 'due') return t('escalation.due');
    return t('escalation.other');
  }

  function reported(task: Task, progress: Record<string, unknown>): string {
    const done = numeric(progress.done);
    const value = numeric(progress.value);
    if (task.kind === 'quantity' && done !== undefined) return t('history.done', { amount: words.amount(done, task.unitOfMeasure) });
    if (task.kind === 'indicator' && value !== undefined) {
      const period = text(progress.period);
      return t('task.progressIndicator', { period: period ? words.period(period) : '', value: words.amount(value, task.unitOfMeasure) });
    }
    return progress.complete === true ? t('task.progressComplete') : t('task.progressIncomplete');
  }

  function describe(event: TaskEvent, task: Task, names: ReadonlyMap<string, string>): EventWords {
    const to = record(event.to);
    const subject = who(event.by, names);
    // The day it was recorded, in the API's time zone.
    let date = todayIso(new Date(event.at));
    const details: string[] = [];
    let evidence: string[] = [];
    let level: Level | null = null;
    let sentence: string;
    if (event.reason && event.type !== 'escalated') details.push(t('history.reason', { reason: event.reason }));
    if (event.note) details.push(t('history.note', { note: event.note }));

    switch (event.type) {
      case 'progress_reported': {
        const progress = record(to.progress);
        date = text(progress.asOf) ?? date;
        const note = text(progress.note);
        if (note) details.push(t('history.note', { note }));
        evidence = Array.isArray(progress.evidence) ? progress.evidence.filter((id): id is string => typeof id === 'string') : [];
        sentence = t('history.progress_reported', { who: subject, date: words.date(date), what: reported(task, progress) });
        break;
      }
      case 'escalated': {
        const escalation = record(to.escalation);
        const raised = text(escalation.level);
        level = raised && LEVELS.includes(raised) ? (raised as Level) : null;
        date = text(escalation.date) ?? date;
        sentence = t('history.escalated', {
          who: subject,
          date: words.date(date),
          level: level ? t(`level.${level}`) : '',
          why: why(text(escalation.period)),
        });
        break;
      }
      case 'extension_requested':
      case 'extension_approved': {
        const deadline = text(to.deadline);
        sentence = t(`history.${event.type}`, { who: subject, date: words.date(date), to: deadline ? words.date(deadline) : '' });
        break;
      }
      case 'target_revised': {
        const target = numeric(to.target);
        sentence =
          target === undefined
            ? t('history.task_revised', { who: subject, date: words.date(date) })
            : t('history.target_revised', { who: subject, date: words.date(date), to: words.amount(target, task.unitOfMeasure) });
        break;
      }
      default:
        sentence = t(`history.${event.type}`, { who: subject, date: words.date(date) });
    }
    return { sentence, details, evidence, level };
  }

  return { who, why, describe };
}
