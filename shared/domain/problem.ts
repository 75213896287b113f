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
}

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };
