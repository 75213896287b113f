import type ExcelJS from 'exceljs';
import { addTitleRows, paintLight, styleTable, type LightColour } from '../documents/workbook-style.js';
import { newWorkbook } from '../documents/workbook-library.js';
import { levels } from '../domain/lateness.js';
import type { Bulletin } from './bulletin.js';
import { bulletinWords, lightOrder, rankUnits, type BulletinWords, type DocumentLanguage } from './labels.js';

/** Rows above a sheet's table: the title and the line under it, then the header row. */
export const HEADER_ROW = 3;

/** The sheets, in the language of the workbook (Excel allows 31 characters, no `/`). */
export function bulletinSheets(lang: DocumentLanguage = 'zh'): BulletinWords['sheets'] {
  return bulletinWords[lang].sheets;
}

/** How a level is marked: 约谈 as red, 通报 as yellow, like the HTML's marks. */
const levelColours: Partial<Record<(typeof levels)[number], LightColour>> = { summon: 'red', notice: 'yellow' };

/**
 * The bulletin as a workbook, in the shared style (shared/documents/workbook-style.ts): the units ranked
 * as in the HTML, their lights as coloured counts, the rate a percentage; the tasks at 通报 and 约谈 by unit
 * and name; ids on a sheet of their own (附件), for whoever joins the figures with other data.
 */
export async function renderBulletinXlsx(bulletin: Bulletin, lang: DocumentLanguage = 'zh'): Promise<Buffer> {
  const words = bulletinWords[lang];
  const workbook = await newWorkbook();
  workbook.creator = bulletin.particulars.issuer ?? 'goal-breakdown';
  // The publication day, not now: the document says when the bulletin was published, not when it was rendered.
  workbook.created = workbook.modified = new Date(`${bulletin.publishedOn}T00:00:00Z`);
  const subtitle = [bulletin.particulars.issuer, bulletin.particulars.documentNumber, words.published(bulletin)].filter(Boolean).join('　');
  unitsSheet(workbook.addWorksheet(words.sheets.units), bulletin, words, subtitle);
  noticedSheet(workbook.addWorksheet(words.sheets.noticed), bulletin, words, subtitle);
  dataSheet(workbook.addWorksheet(words.sheets.data), bulletin, words);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function unitsSheet(sheet: ExcelJS.Worksheet, bulletin: Bulletin, words: BulletinWords, subtitle: string): void {
  const h = words.unitHeadings;
  const headings = [h.rank, h.unit, h.tasks, h.closed, h.rate, ...lightOrder.map((light) => words.lights[light]), ...levels.map((level) => words.levels[level])];
  addTitleRows(sheet, headings.length, words.title(bulletin.covers), subtitle);
  sheet.getRow(HEADER_ROW).values = headings;
  const rows = [
    ...rankUnits(bulletin.units).map((unit) => ({ rank: unit.rank ?? '—', name: unit.unitName, figures: unit })),
    { rank: words.total, name: '', figures: bulletin.totals },
  ];
  rows.forEach(({ rank, name, figures }, i) => {
    const row = sheet.getRow(HEADER_ROW + 1 + i);
    row.values = [
      rank,
      name,
      figures.tasks,
      figures.closed,
      figures.completionRate,
      ...lightOrder.map((light) => figures.lights[light]),
      ...levels.map((level) => figures.escalations[level]),
    ];
    row.getCell(5).numFmt = '0.0%';
    lightOrder.forEach((light, l) => {
      if (figures.lights[light] > 0) paintLight(row.getCell(6 + l), light);
    });
    if (i === rows.length - 1) row.font = { bold: true };
  });
  styleTable(sheet, { columnCount: headings.length, headerRow: HEADER_ROW, lastRow: HEADER_ROW + rows.length, orientation: 'portrait' });
}

function noticedSheet(sheet: ExcelJS.Worksheet, bulletin: Bulletin, words: BulletinWords, subtitle: string): void {
  const h = words.noticedHeadings;
  const headings = [h.unit, h.task, h.level, h.lateness, h.raisedOn];
  addTitleRows(sheet, headings.length, words.title(bulletin.covers), subtitle);
  sheet.getRow(HEADER_ROW).values = headings;
  bulletin.noticed.forEach((task, i) => {
    const row = sheet.getRow(HEADER_ROW + 1 + i);
    row.values = [task.unitName, task.title, words.levels[task.level], words.lateness(task), task.date];
    paintLight(row.getCell(3), levelColours[task.level]!);
  });
  if (bulletin.noticed.length === 0) sheet.getCell(HEADER_ROW + 1, 1).value = words.noNotice;
  styleTable(sheet, { columnCount: headings.length, headerRow: HEADER_ROW, lastRow: HEADER_ROW + Math.max(1, bulletin.noticed.length), orientation: 'portrait' });
}

/** The annex: each plan, unit and noticed task with its id, the keys of the JSON and of the API. */
function dataSheet(sheet: ExcelJS.Worksheet, bulletin: Bulletin, words: BulletinWords): void {
  const h = words.dataHeadings;
  const headings = [h.kind, h.id, h.name, h.unit];
  addTitleRows(sheet, headings.length, words.sheets.data, words.title(bulletin.covers));
  sheet.getRow(HEADER_ROW).values = headings;
  const rows = [
    ...bulletin.plans.map((plan) => [words.dataKinds.plan, plan.planId, plan.name, '']),
    ...bulletin.units.map((unit) => [words.dataKinds.unit, unit.unitId, unit.unitName, unit.unitId]),
    ...bulletin.noticed.map((task) => [words.dataKinds.task, task.taskId, task.title, task.unitId]),
  ];
  rows.forEach((values, i) => {
    sheet.getRow(HEADER_ROW + 1 + i).values = values;
  });
  styleTable(sheet, { columnCount: headings.length, headerRow: HEADER_ROW, lastRow: HEADER_ROW + rows.length, orientation: 'portrait' });
}
