import { parseDocument } from 'yaml';
import type { Plan } from '../domain/plan.js';
import { validatePlan } from '../domain/plan-rules.js';
import type { Problem, Result } from '../domain/problem.js';

export type PlanTextFormat = 'yaml' | 'json';

/**
 * A plan from YAML or JSON text, validated. Kept free of exceljs: the API bundle imports it.
 * A syntax error is located by line and column; nothing is validated until the text parses.
 */
export function parsePlanText(text: string, format: PlanTextFormat): Result<Plan> {
  const source = text.replace(/^\uFEFF/, '');
  const parsed = format === 'json' ? parseJson(source) : parseYaml(source);
  return parsed.ok ? validatePlan(parsed.value) : parsed;
}

function parseYaml(text: string): Result<unknown> {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
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
    rule: 'syntax',
    message: `${language} syntax error: ${reason}`,
    messageZh: `${language} 格式错误（第 ${line} 行第 ${column} 列）：${reason}`,
  };
}
