import type { Clock } from '../clock/clock.js';
import { InvalidInput, NotFound } from '../domain/errors.js';
import { readLedgerTasks } from '../store/plan-ledger-tasks.js';
import { loadPlan } from '../store/plans-repo.js';
import { renderLedgerCsv } from './ledger-csv.js';
import { ledgerContentTypes, type LedgerFormat } from './ledger-formats.js';
import { ledgerOf, type Ledger } from './ledger-rows.js';
import { renderLedgerXlsx } from './ledger-xlsx.js';


/**
 * The most tasks one answer carries (docs/decisions/0016-ledger-export.md): 5,000 rows make a workbook of
 * about 0.3 MB in under 2 s and ~100 MB of heap, inside the tasks function's 10 s and 512 MB. A larger plan (1,500
 * units × 100 goals is 150,000 tasks) is exported a unit at a time: a unit has at most one task per goal.
 */
export const MAX_LEDGER_ROWS = 5_000;

/** A Lambda answer is at most 6 MB, and a file goes base64 (4/3): long notes could pass it within the rows. */
export const MAX_LEDGER_BYTES = 4 * 1024 * 1024;

export interface LedgerRequest {
  planId: string;
  unitId?: string;
  format: LedgerFormat;
  sheetPerUnit?: boolean;
}

export interface LedgerFile {
  body: Buffer;
  contentType: string;
  fileName: string;
  rows: number;
}

/** Reads the plan and its tasks, and renders the ledger as of the plan's calendar day today. */
export async function exportLedger(request: LedgerRequest, clock: Clock): Promise<LedgerFile> {
  const stored = await loadPlan(request.planId);
  if (!stored) throw new NotFound(`Plan ${request.planId} not found`, `未找到计划 ${request.planId}`);
  const { plan } = stored;
  if (request.unitId !== undefined && !plan.units.some((unit) => unit.id === request.unitId))
    throw new NotFound(`Plan ${plan.id} has no unit ${request.unitId}`, `计划 ${plan.id} 中没有单位 ${request.unitId}`);

  const read = await readLedgerTasks({ planId: plan.id, year: plan.year, unitId: request.unitId }, MAX_LEDGER_ROWS);
  if (read.truncated) throw tooLarge(plan.id);
  const ledger = ledgerOf(plan, read.tasks, clock, request.unitId);
  const body = request.format === 'csv' ? renderLedgerCsv(ledger) : await renderLedgerXlsx(ledger, { sheetPerUnit: request.sheetPerUnit });
  if (body.length > MAX_LEDGER_BYTES) throw tooLarge(plan.id);
  return { body, contentType: ledgerContentTypes[request.format], fileName: fileNameOf(ledger, request.format), rows: ledger.rows.length };
}

/** 慈溪市2022年生态环境保护重点工作-任务台账-2022-10-31.xlsx, with the unit's name when it is one unit's. */
export function fileNameOf(ledger: Ledger, format: LedgerFormat): string {
  const parts = [ledger.planName, ledger.unit?.name, '任务台账', ledger.asOf].filter((part) => part !== undefined);
  return `${parts.join('-').replace(/[\\/:*?"<>|\s]+/g, '_')}.${format}`;
}

function tooLarge(planId: string): InvalidInput {
  const message = `The ledger of plan ${planId} is too large for one answer (over ${MAX_LEDGER_ROWS} tasks or ${MAX_LEDGER_BYTES / 1024 / 1024} MB): export one unit at a time (unitId)`;
  const messageZh = `计划 ${planId} 的台账过大（超过 ${MAX_LEDGER_ROWS} 项任务或 ${MAX_LEDGER_BYTES / 1024 / 1024} MB），无法一次导出：请按单位（unitId）分别导出`;
  return new InvalidInput([{ path: 'unitId', rule: 'ledger_too_large', message, messageZh }], message, messageZh);
}
