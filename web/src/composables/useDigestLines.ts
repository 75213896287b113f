import { useI18n } from 'vue-i18n';
import { inLocale } from './bilingual';
import { useTaskText } from './useTaskText';

/** One line of a notification's body: plain text, or a digest line naming a task to link to. */
export type BodyLine = { kind: 'text'; text: string } | { kind: 'task'; taskId: string; title: string; text: string };

const TASK_LINE = /^- (?:\[[a-z0-9-]+\] )?(.+) \(([a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*)\): (.*)$/;
const ESCALATION = /^\S+ \/ (remind|urge|supervise|notice|summon), (overdue|behind|due_soon) since (\d{4}-\d{2}-\d{2}), (\d+) working days?( left)?$/;

/**
 * A notification's body in the reader's language: its "English / 中文" lines halved, and the chase digest's
 * task lines (`- 标题 (taskId): 通报 / notice, overdue since 2022-09-30, 11 working days`, shared/chase/digests.ts)
 * turned into the task's title, to link to, and words.
 */
export function useDigestLines() {
  const { t, locale } = useI18n();
  const words = useTaskText();

  function escalationWords(rest: string): string {
    const match = ESCALATION.exec(rest);
    if (!match) return rest;
    const [, level, kind, since, days, left] = match as unknown as [string, string, string, string, string, string | undefined];
    const n = Number(days);
    const why =
      kind === 'overdue' ? t('escalation.overdue', { date: words.date(since) }) : kind === 'behind' ? t('escalation.behind', { date: words.date(since) }) : t('escalation.due');
    const count = left ? t('inbox.workingDaysLeft', { n }, n) : t('inbox.workingDays', { n }, n);
    return t('inbox.digestLine', { level: t(`level.${level}`), why, days: count });
  }

  function lines(body: string): BodyLine[] {
    return body
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line): BodyLine => {
        const match = TASK_LINE.exec(line);
        if (match) return { kind: 'task', title: match[1]!, taskId: match[2]!, text: escalationWords(match[3]!) };
        return { kind: 'text', text: inLocale(line, locale.value) };
      });
  }

  return { lines };
}
