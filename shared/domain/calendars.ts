import cn2022 from '../../calendars/cn-2022.json' with { type: 'json' };
import cn2023 from '../../calendars/cn-2023.json' with { type: 'json' };
import cn2024 from '../../calendars/cn-2024.json' with { type: 'json' };
import cn2025 from '../../calendars/cn-2025.json' with { type: 'json' };
import cn2026 from '../../calendars/cn-2026.json' with { type: 'json' };
import { CalendarFile, CalendarYearMissing, UnknownCalendar, workCalendars, type WorkCalendar } from './calendar.js';
import { problemsFromZodIssues } from './zod-problems.js';

/*
 * The calendars shipped in calendars/ (static JSON imports, so that esbuild bundles them into each
 * function), checked once at module load: a broken file stops the module with its name and problems.
 * To add a year, see calendars/README.md and list the file here.
 */

const files: readonly (readonly [string, unknown])[] = [
  ['calendars/cn-2022.json', cn2022],
  ['calendars/cn-2023.json', cn2023],
  ['calendars/cn-2024.json', cn2024],
  ['calendars/cn-2025.json', cn2025],
  ['calendars/cn-2026.json', cn2026],
];

/** The shipped calendar files, parsed, in year order. */
export const shippedCalendars: readonly CalendarFile[] = files
  .map(([file, json]) => load(file, json))
  .sort((a, b) => a.year - b.year);

/** The years the shipped calendars cover, ascending. */
export const shippedYears: readonly number[] = shippedCalendars.map((calendar) => calendar.year);

// One file per year (workCalendars refuses two for a year), and ids that name one file each.
workCalendars(shippedCalendars);
for (const [i, calendar] of shippedCalendars.entries())
  if (shippedCalendars.findIndex((other) => other.id === calendar.id) !== i)
    throw new Error(`Two working-day calendars have the id "${calendar.id}" / 两个工作日日历编号都是 "${calendar.id}"`);

function load(file: string, json: unknown): CalendarFile {
  const parsed = CalendarFile.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = problemsFromZodIssues(parsed.error.issues, json)
    .map((p) => `  ${p.path || '(file)'} (${p.rule}): ${p.message} / ${p.messageZh}`)
    .join('\n');
  throw new Error(`Working-day calendar ${file} is invalid / 工作日日历文件有误:\n${problems}`);
}

const built = new Map<string, WorkCalendar>();

/** One calendar over the shipped years asked for (built once per set of years). */
export function calendarForYears(years: readonly number[]): WorkCalendar {
  const wanted = [...new Set(years)].sort((a, b) => a - b);
  const key = wanted.join(',');
  const cached = built.get(key);
  if (cached) return cached;
  const chosen = wanted.map((year) => {
    const file = shippedCalendars.find((calendar) => calendar.year === year);
    if (!file) throw new CalendarYearMissing(year, shippedYears);
    return file;
  });
  const calendar = workCalendars(chosen);
  built.set(key, calendar);
  return calendar;
}

/** The shipped calendar of that id (`cn-2024`). */
export function calendarById(id: string): WorkCalendar {
  const file = shippedCalendars.find((calendar) => calendar.id === id);
  if (!file) throw new UnknownCalendar(id, shippedCalendars.map((calendar) => calendar.id));
  return calendarForYears([file.year]);
}
