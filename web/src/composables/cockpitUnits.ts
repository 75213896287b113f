/** What a chart row needs of a unit of the plan summary. */
export interface ChartUnit {
  tasks: number;
  completionRate: number | null;
  light: { red: number; yellow: number };
}

/** A province's 1,500 units don't fit a chart: past this many, a chart shows the units that most need a look. */
export const CHART_UNITS = 40;

/** Units with tasks by completion, highest first; when crowded, only the `limit` lowest (still highest first). */
export function byCompletion<T extends ChartUnit>(units: readonly T[], limit = CHART_UNITS): T[] {
  const sorted = units.filter((unit) => unit.tasks > 0).sort((a, b) => (b.completionRate ?? 0) - (a.completionRate ?? 0));
  return sorted.length > limit ? sorted.slice(-limit) : sorted;
}

/** Units with tasks in plan order; when crowded, the `limit` with the most red, then yellow, tasks. */
export function byLights<T extends ChartUnit>(units: readonly T[], limit = CHART_UNITS): T[] {
  const withTasks = units.filter((unit) => unit.tasks > 0);
  if (withTasks.length <= limit) return withTasks;
  return [...withTasks].sort((a, b) => b.light.red - a.light.red || b.light.yellow - a.light.yellow).slice(0, limit);
}
