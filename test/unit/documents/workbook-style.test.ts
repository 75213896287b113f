import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  addTitleRows,
  defaultWidths,
  displayWidth,
  lightStyles,
  pageNumberFooter,
  paintLight,
  styleTable,
  validateDate,
  validateList,
  validateNumber,
  validateWholeNumber,
} from '../../../shared/documents/workbook-style.js';

/** Writes the workbook and reads it back, as Excel or LibreOffice would see the file. */
async function roundTrip(workbook: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const read = new ExcelJS.Workbook();
  await read.xlsx.load((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  return read;
}

function tableSheet(rows: (string | number)[][]): { workbook: ExcelJS.Workbook; sheet: ExcelJS.Worksheet } {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  const titleRows = addTitleRows(sheet, 3, '慈溪市2022年任务台账', '截至2022-10-31');
  sheet.getRow(titleRows + 1).values = ['单位', '任务', '完成率%'];
  rows.forEach((row, i) => (sheet.getRow(titleRows + 2 + i).values = row));
  styleTable(sheet, { columnCount: 3, headerRow: titleRows + 1, lastRow: titleRows + 1 + rows.length });
  return { workbook, sheet };
}

describe('displayWidth', () => {
  it('counts a Chinese character or a full-width sign as two and a Latin one as one', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('坎墩街道')).toBe(8);
    expect(displayWidth('PM2.5（年均）')).toBe(5 + 2 + 4 + 2);
  });

  it('measures the widest line of a text on several lines', () => {
    expect(displayWidth('短\n长一点的行\nab')).toBe(10);
  });
});

describe('styleTable', () => {
  it('merges the title across the table and makes it large and bold, the subtitle below', async () => {
    const { workbook } = tableSheet([['坎墩街道', '化肥减量', 0.5]]);

    const sheet = (await roundTrip(workbook)).getWorksheet('台账')!;

    expect(sheet.getCell('A1').value).toBe('慈溪市2022年任务台账');
    expect(sheet.getCell('C1').isMerged).toBe(true);
    expect(sheet.getCell('A1').font.bold).toBe(true);
    expect(sheet.getCell('A1').font.size).toBeGreaterThan(12);
    expect(sheet.getCell('A2').value).toBe('截至2022-10-31');
  });

  it('fills and borders the header, borders and wraps the body, freezes and filters the header', async () => {
    const { workbook } = tableSheet([
      ['坎墩街道', '化肥减量', 0.5],
      ['农业农村局', '秸秆综合利用', 1],
    ]);

    const sheet = (await roundTrip(workbook)).getWorksheet('台账')!;

    const heading = sheet.getCell('B3');
    expect(heading.font.bold).toBe(true);
    expect(heading.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(heading.border.bottom?.style).toBe('thin');
    expect(sheet.getCell('C5').border.right?.style).toBe('thin');
    expect(sheet.getCell('B5').alignment.wrapText).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.autoFilter).toBe('A3:C5');
  });

  it('sizes columns from their widest text, a Chinese character counting two, within the cap', async () => {
    const long = '推进化肥农药减量增效，完成测土配方施肥技术推广覆盖率达到百分之九十以上并建立档案';
    const { workbook } = tableSheet([
      ['坎墩街道', long, 0.5],
      ['农业农村局', '短', 1],
    ]);

    const sheet = (await roundTrip(workbook)).getWorksheet('台账')!;

    // 农业农村局: 5 characters × 2, plus room for the filter button.
    expect(sheet.getColumn(1).width).toBe(displayWidth('农业农村局') + 3);
    expect(sheet.getColumn(2).width).toBe(defaultWidths.max);
    expect(sheet.getColumn(3).width).toBe(displayWidth('完成率%') + 3);
  });

  it('makes a row high enough for its wrapped text, one line for a short one', async () => {
    const long = '推进化肥农药减量增效，完成测土配方施肥技术推广覆盖率达到百分之九十以上并建立档案';
    const { workbook } = tableSheet([
      ['坎墩街道', long, 0.5],
      ['农业农村局', '短', 1],
    ]);

    const sheet = (await roundTrip(workbook)).getWorksheet('台账')!;

    const oneLine = sheet.getRow(5).height;
    const expectedLines = Math.ceil(displayWidth(long) / (defaultWidths.max - 1.5));
    expect(expectedLines).toBeGreaterThan(1);
    expect(sheet.getRow(4).height).toBeCloseTo(oneLine + (expectedLines - 1) * (oneLine - 3), 5);
  });

  it('prints on A4 landscape, one page wide, the header repeated, page numbers in the footer', async () => {
    const { workbook } = tableSheet([['坎墩街道', '化肥减量', 0.5]]);

    const sheet = (await roundTrip(workbook)).getWorksheet('台账')!;

    expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(sheet.pageSetup.printTitlesRow).toBe('3:3');
    expect(sheet.headerFooter.oddFooter).toBe(pageNumberFooter);
    expect(pageNumberFooter).toContain('&P');
    expect(pageNumberFooter).toContain('&N');
  });
});

describe('paintLight', () => {
  it('gives each light its own fill and text colour', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('灯');
    (['red', 'yellow', 'green'] as const).forEach((light, i) => {
      const cell = sheet.getCell(i + 1, 1);
      cell.value = light;
      paintLight(cell, light);
    });

    const read = (await roundTrip(workbook)).getWorksheet('灯')!;

    const fills = [1, 2, 3].map((r) => (read.getCell(r, 1).fill as ExcelJS.FillPattern).fgColor?.argb);
    expect(fills).toEqual([lightStyles.red, lightStyles.yellow, lightStyles.green].map((s) => (s.fill as ExcelJS.FillPattern).fgColor?.argb));
    expect(new Set(fills).size).toBe(3);
    expect(read.getCell(1, 1).font.color?.argb).toBe(lightStyles.red.font.color?.argb);
  });
});

describe('validations', () => {
  it('offers a list, whole numbers, numbers and dates over whole column ranges', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('任务表');
    validateList(sheet, { column: 1, fromRow: 2, toRow: 50 }, ['数量型', '指标型', '工作型']);
    validateList(sheet, { column: 2, fromRow: 2, toRow: 50 }, { cells: "'单位表'!$A$2:$A$30" });
    validateWholeNumber(sheet, { column: 3, fromRow: 2, toRow: 50 }, 1, 5);
    validateNumber(sheet, { column: 4, fromRow: 2, toRow: 50 }, 0);
    validateNumber(sheet, { column: 6, fromRow: 2, toRow: 50 });
    validateDate(sheet, { column: 5, fromRow: 2, toRow: 50 }, '2022-01-01', '2022-12-31');

    const read = (await roundTrip(workbook)).getWorksheet('任务表')!;

    expect(read.getCell('A50').dataValidation).toMatchObject({ type: 'list', formulae: ['"数量型,指标型,工作型"'] });
    expect(read.getCell('B2').dataValidation).toMatchObject({ type: 'list', formulae: ["'单位表'!$A$2:$A$30"] });
    expect(read.getCell('C10').dataValidation).toMatchObject({ type: 'whole', operator: 'between', formulae: [1, 5] });
    expect(read.getCell('D10').dataValidation).toMatchObject({ type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0] });
    expect(read.getCell('F10').dataValidation).toMatchObject({ type: 'decimal', operator: 'between', formulae: [-1e12, 1e12] });
    const date = read.getCell('E10').dataValidation;
    expect(date.type).toBe('date');
    expect((date.formulae as Date[]).map((d) => d.toISOString().slice(0, 10))).toEqual(['2022-01-01', '2022-12-31']);
    expect(read.getCell('A51').dataValidation).toBeUndefined();
  });

  it('refuses a dropdown whose words pass Excel’s 255 characters', () => {
    const sheet = new ExcelJS.Workbook().addWorksheet('任务表');
    const words = Array.from({ length: 60 }, (_, i) => `单位${i}`);

    expect(() => validateList(sheet, { column: 1, fromRow: 2, toRow: 10 }, words)).toThrow(/255/);
  });
});
