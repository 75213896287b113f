import { computed, reactive, ref, watch, type Ref } from 'vue';
import type { PlanProgressSummary, SummaryGoal, SummaryUnit, Task } from '../api/client';

export type Light = NonNullable<Task['light']>;
export type Level = NonNullable<Task['escalation']>['level'];
export type Status = Task['status'];

export const LIGHTS: readonly Light[] = ['green', 'yellow', 'red'];
export const LEVELS: readonly Level[] = ['remind', 'urge', 'supervise', 'notice', 'summon'];
export const STATUSES: readonly Status[] = ['assigned', 'in_progress', 'closeout_requested', 'accepted', 'closed', 'withdrawn'];

/** Units shown on one page of the 台账: a province plan has 1,500. */
export const UNITS_PER_PAGE = 20;

export interface LedgerFilter {
  unit: string;
  goalId: string;
  light: Light | '';
  level: Level | '';
  status: Status | '';
}

/** A row of the summary (a unit's or a goal's) counts a task of the light, level and status asked for. */
function counts(row: SummaryUnit | SummaryGoal, filter: LedgerFilter): boolean {
  return (!filter.light || row.light[filter.light] > 0) && (!filter.level || row.level[filter.level] > 0) && (!filter.status || row.status[filter.status] > 0);
}

/**
 * The 台账's filters applied to the summary's rows, never to tasks: a unit or goal stays when it has at
 * least one task of the light, level and status asked for; the unit search matches names; a goal chosen
 * keeps that goal's row (the summary has no goal × unit figures, so the units' rows stay whole and a
 * unit opened lists that goal's task only). Units are paged, 20 at a time.
 */
export function useLedgerRows(summary: Ref<PlanProgressSummary | null>) {
  const filter = reactive<LedgerFilter>({ unit: '', goalId: '', light: '', level: '', status: '' });
  const page = ref(1);

  const units = computed(() => {
    const search = filter.unit.trim();
    return (summary.value?.units ?? []).filter((unit) => (!search || unit.unitName.includes(search)) && counts(unit, filter));
  });
  const goals = computed(() => (summary.value?.goals ?? []).filter((goal) => (!filter.goalId || goal.goalId === filter.goalId) && counts(goal, filter)));
  const pageOfUnits = computed(() => units.value.slice((page.value - 1) * UNITS_PER_PAGE, page.value * UNITS_PER_PAGE));
  const filtered = computed(() => Boolean(filter.unit.trim() || filter.goalId || filter.light || filter.level || filter.status));

  watch(filter, () => (page.value = 1));

  function clear(): void {
    Object.assign(filter, { unit: '', goalId: '', light: '', level: '', status: '' });
  }

  return { filter, page, units, goals, pageOfUnits, filtered, clear };
}
