import { type Document, LineCounter, parseDocument } from 'yaml';
import type { Plan } from '../domain/plan.js';
import { validatePlan } from '../domain/plan-rules.js';
import type { Problem, Result } from '../domain/problem.js';
import { withItemIds } from '../domain/problem-items.js';
import { withYamlPlaces } from './yaml-places.js';

export type PlanTextFormat = 'yaml' | 'json';

/**
 * A plan from YAML or JSON text, validated. Kept free of exceljs: the API bundle imports it.
 * A syntax error is located by line and column; nothing is validated until the text parses. A problem of
 * a goal or unit names its id, and in YAML the line and column of its key.
 */
export function parsePlanText(text: string, format: PlanTextFormat): Result<Plan> {
  const source = text.replace(/^\uFEFF/, '');
  if (format === 'json') {
    const parsed = parseJson(source);
    return parsed.ok ? named(validatePlan(parsed.value), parsed.value) : parsed;
  }
  const lines = new LineCounter();
  const document = parseDocument(source, { uniqueKeys: true, prettyErrors: true, lineCounter: lines });
  const parsed = parseYaml(document);
  if (!parsed.ok) return parsed;
  const validated = named(validatePlan(parsed.value), parsed.value);
  return validated.ok ? validated : { ok: false, problems: withYamlPlaces(validated.problems, document, lines) };
}

function named(result: Result<Plan>, input: unknown): Result<Plan> {
  return result.ok ? result : { ok: false, problems: withItemIds(result.problems, input) };
}

function parseYaml(document: Document): Result<unknown> {
  if (document.errors.length > 0)
    return {
      ok: false,
      problems: document.errors.map((error) => {
        const { line, col } = error.linePos?.[0] ?? { line: 1, col: 1 };
        // The library's message repeats the position and quotes the source below it; the first clause is enough.
        const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return syntaxProblem('YAML', line, col, reason);
      }),
    };
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return { ok: false, problems: [syntaxProblem('YAML', 1, 1, (error as Error).message)] };
  }
}

function parseJson(text: string): Result<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    const before = text.slice(0, offset).split('\n');
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/ after JSON at position \d+.*$/, ' after the end');
    return { ok: false, problems: [syntaxProblem('JSON', before.length, before.at(-1)!.length + 1, reason)] };
  }
}

function syntaxProblem(language: 'YAML' | 'JSON', line: number, column: number, reason: string): Problem {
  return {
    path: `line ${line}, column ${column}`,
    line,
    column,
    rule: 'syntax',
    message: `${language} syntax error: ${reason}`,
    messageZh: `${language} 格式错误（第 ${line} 行第 ${column} 列）：${reason}`,
  };
}
