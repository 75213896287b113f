import { stringify } from 'yaml';
import type { Plan } from '../domain/plan.js';

/**
 * A plan as a YAML plan file, every setting written out (defaults too), so that importing it gives the plan
 * back unchanged. The first line points editors at the JSON Schema, as the samples' does.
 */
export function planYaml(plan: Plan, header: { schemaPath: string; revision: number }): string {
  const comment = [
    `# yaml-language-server: $schema=${header.schemaPath}`,
    '#',
    `# ${plan.name} (${plan.id}), revision ${header.revision}, exported by \`plan export\` / 由 plan export 导出（第 ${header.revision} 版）.`,
    '# Import it again with `plan import`; unchanged, it reports "changed": false. / 原样导入时计划无变化。',
  ];
  // lineWidth 0: a long title stays on one line, as a clerk would write it.
  return `${comment.join('\n')}\n${stringify(plan, { lineWidth: 0 })}`;
}
