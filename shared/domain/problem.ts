/**
 * One thing wrong with an input, located by a path (`goals[3].deadline`) or, for a spreadsheet,
 * by sheet and row. `rule` is a stable machine-readable name (`date`, `unknown_unit`, `shares_sum`…);
 * `message` and `messageZh` are for people.
 */
export interface Problem {
  path: string;
  rule: string;
  message: string;
  messageZh: string;
  /** The id of the goal or unit the problem is in, as written (`pm25` for `goals[4].target`), when it has one. */
  itemId?: string;
  /** In a YAML plan file: the line and column (1-based) of the offending key, or of the nearest one written. */
  line?: number;
  column?: number;
  /** For an unknown field: the known field nearest to it (`unitOfMeasure` for `unitOfMesure`). */
  suggestion?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** The most problems an answer lists: the rest are counted, so that an answer stays small whatever the input. */
export const MAX_LISTED_PROBLEMS = 50;

/** The problems as an answer lists them: the first MAX_LISTED_PROBLEMS, and how many more there were. */
export function listedProblems(problems: readonly Problem[]): { fields: Problem[]; moreFields?: number } {
  if (problems.length <= MAX_LISTED_PROBLEMS) return { fields: [...problems] };
  return { fields: problems.slice(0, MAX_LISTED_PROBLEMS), moreFields: problems.length - MAX_LISTED_PROBLEMS };
}
