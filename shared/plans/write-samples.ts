import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatProblem } from '../domain/plan-rules.js';
import { parsePlanText } from './parse-plan-text.js';
import { templatePlan } from './template-plan.js';
import { writePlanWorkbook } from './write-plan-workbook.js';

/**
 * Writes the spreadsheets in samples/ from what they are made of: cixi-2022.xlsx from cixi-2022.yaml,
 * plan-template.xlsx from the template's example. Run: npx tsx shared/plans/write-samples.ts
 */
const samples = fileURLToPath(new URL('../../samples/', import.meta.url));

const cixi = parsePlanText(readFileSync(`${samples}cixi-2022.yaml`, 'utf8'), 'yaml');
if (!cixi.ok) throw new Error(`cixi-2022.yaml is not valid:\n${cixi.problems.map(formatProblem).join('\n')}`);
writeFileSync(`${samples}cixi-2022.xlsx`, await writePlanWorkbook(cixi.value));
writeFileSync(`${samples}plan-template.xlsx`, await writePlanWorkbook(templatePlan));
console.log('wrote samples/cixi-2022.xlsx and samples/plan-template.xlsx');
