import type { Problem } from '../domain/problem.js';

/** The files a plan may come in: YAML, JSON or the .xlsx 任务分解表. */
export const planFileExtensions = ['.yaml', '.yml', '.json', '.xlsx'] as const;
export type PlanFileExtension = (typeof planFileExtensions)[number];

export function isPlanFileExtension(extension: string): extension is PlanFileExtension {
  return (planFileExtensions as readonly string[]).includes(extension);
}

/** One file that is not a plan file, in the same words for the CLI and the web page. */
export function fileTypeProblem(path: string, extension: string): Problem {
  return {
    path,
    rule: 'file_type',
    message: `${extension || 'a file without extension'} is not a plan file: use .yaml, .yml, .json or .xlsx`,
    messageZh: `${extension || '无扩展名的文件'}不是计划文件，请使用 .yaml、.yml、.json 或 .xlsx`,
  };
}
