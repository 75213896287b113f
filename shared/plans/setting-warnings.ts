import { defaultAssessmentRules } from '../domain/assessment/rules.js';
import type { Plan } from '../domain/plan.js';
import { MAX_LISTED_PROBLEMS } from '../domain/problem.js';
import { defaultTracking } from '../domain/tracking.js';
import { settingRows } from './workbook-assessment-layout.js';
import { infoRows } from './workbook-layout.js';

/**
 * A tracking or assessment setting a re-import changes, e.g. a workbook without 考核设置 imported over a YAML
 * plan with its own rules: the import goes through (the previous revision stays on record), and says so.
 */
export interface SettingWarning {
  /** The plan path of the setting, e.g. `assessment.grades.good`. */
  setting: string;
  from: unknown;
  to: unknown;
  message: string;
  messageZh: string;
}

const defaults = { tracking: defaultTracking, assessment: defaultAssessmentRules };

/** Chinese names as the workbook's 计划信息 and 考核设置 print them. */
const labelsZh = new Map<string, string>([
  ...Object.values(infoRows).map((row): [string, string] => [row.path, row.label]),
  ...settingRows.map((row): [string, string] => [`assessment.${row.path}`, row.label]),
  ['assessment.weights', '权重'],
  ['assessment.groups', '分类考核'],
]);

/** Each setting of `tracking` and `assessment` whose value differs between the stored plan and the one imported (at most MAX_LISTED_PROBLEMS). */
export function settingWarnings(stored: Plan, imported: Plan): SettingWarning[] {
  const warnings: SettingWarning[] = [];
  for (const section of ['tracking', 'assessment'] as const) {
    const before = leaves(stored[section], section);
    const after = leaves(imported[section], section);
    const fallback = leaves(defaults[section], section);
    // In the imported plan's order (the schema's); a stored plan's objects come back from the table in any order.
    for (const path of new Set([...after.keys(), ...before.keys()])) {
      const [from, to] = [before.get(path), after.get(path)];
      if (canonical(from) === canonical(to)) continue;
      warnings.push(warning(path, from, to, canonical(to) === canonical(fallback.get(path))));
    }
  }
  return warnings.slice(0, MAX_LISTED_PROBLEMS);
}

/** A value as JSON with object keys sorted: a stored plan's objects come back from the table in any key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** Objects walked to their values; a list (groups, tieBreak) is one value. Weights are per goal. */
function leaves(value: unknown, path: string, into = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && path !== 'tracking.ladder')
    for (const [key, inner] of Object.entries(value)) leaves(inner, `${path}.${key}`, into);
  else into.set(path, value);
  return into;
}

function warning(setting: string, from: unknown, to: unknown, isDefault: boolean): SettingWarning {
  const label = labelsZh.get(setting) ?? labelsZh.get(setting.replace(/\.[^.]+$/, '')) ?? setting;
  const shown = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));
  const [note, noteZh] = isDefault ? [' (the default)', '（默认值）'] : ['', ''];
  return {
    setting,
    from,
    to,
    message: `${setting} changes from ${shown(from)} to ${shown(to)}${note}`,
    messageZh: `${label}（${setting}）将由 ${shown(from)} 改为 ${shown(to)}${noteZh}`,
  };
}
