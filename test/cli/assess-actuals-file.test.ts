import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readActualsFile } from '../../cli/commands/actuals.js';
import { readRulesFile } from '../../cli/commands/assess.js';

// What `actuals import` and `assess run --rules` read and check before anything is sent: rows named by
// their sheet row, line or index; rules named by their field.
const workDir = mkdtempSync(join(tmpdir(), 'assess-files-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(workDir, name);
  writeFileSync(path, content);
  return path;
};

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('readActualsFile', () => {
  it('reads a CSV with a BOM, quoted cells and blank lines, in any column order', async () => {
    // Prepare
    const path = file('ok.csv', '\uFEFF"note, free text",value,taskId\r\n"浒山, 省站",29.5,cixi-2022.pm25.hushan\r\n\r\n,41,cixi-2022.pm25.guanhaiwei\r\n');

    // Act
    const read = await readActualsFile(path);

    // Assess
    expect(read).toEqual({
      ok: true,
      rows: [
        { taskId: 'cixi-2022.pm25.hushan', value: 29.5 },
        { taskId: 'cixi-2022.pm25.guanhaiwei', value: 41 },
      ],
    });
  });

  it('names every bad row by its line: a missing id, a value that is not a number, a task given twice', async () => {
    // Prepare
    const path = file('bad.csv', 'taskId,value\ncixi-2022.pm25.hushan,29.5\n,30\ncixi-2022.pm25.kandun,约33\ncixi-2022.pm25.hushan,31\n');

    // Act
    const read = await readActualsFile(path);

    // Assess
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problems.map(({ path: at, rule }) => [at, rule])).toEqual([
      ['line 3: taskId', 'required'],
      ['line 4: value', 'type'],
      ['line 5: taskId', 'duplicate'],
    ]);
    expect(!read.ok && read.problems[1]!.messageZh).toBe('第 4 行："约33" 不是数字');
  });

  it('needs both columns in the header (English or Chinese)', async () => {
    // Prepare
    const path = file('header.csv', '任务编号,数值\ncixi-2022.pm25.hushan,29.5\n');

    // Act
    const read = await readActualsFile(path);

    // Assess
    expect(!read.ok && read.problems.map(({ path: at, rule }) => [at, rule])).toEqual([['line 1: value', 'required']]);
  });

  it('reads the first sheet of a workbook, numbers as numbers, and names rows by sheet and row', async () => {
    // Prepare
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('PM2.5');
    sheet.addRow(['任务编号', '实际值']);
    sheet.addRow(['cixi-2022.pm25.hushan', 29.5]);
    sheet.addRow(['cixi-2022.pm25.kandun']);
    book.addWorksheet('说明').addRow(['taskId', 'value']);
    const path = file('actuals.xlsx', Buffer.from(await book.xlsx.writeBuffer()));

    // Act
    const read = await readActualsFile(path);

    // Assess
    expect(!read.ok && read.problems).toEqual([{ path: 'PM2.5 row 3: value', rule: 'required', message: 'is required', messageZh: 'PM2.5 第 3 行：实际值必须填写' }]);
  });

  it('reads JSON { actuals } and refuses any other shape', async () => {
    // Act
    const ok = await readActualsFile(file('ok.json', JSON.stringify({ actuals: [{ taskId: 'cixi-2022.pm25.hushan', value: 29.5 }] })));
    const bare = await readActualsFile(file('bare.json', JSON.stringify([{ taskId: 'cixi-2022.pm25.hushan', value: 29.5 }])));

    // Assess
    expect(ok).toEqual({ ok: true, rows: [{ taskId: 'cixi-2022.pm25.hushan', value: 29.5 }] });
    expect(!bare.ok && bare.problems.map((problem) => problem.path)).toEqual(['actuals']);
  });
});

describe('readRulesFile', () => {
  it('reads YAML rules, or a plan file’s assessment section as it is written there', async () => {
    // Act
    const bare = await readRulesFile(file('rules.yaml', 'bonusCap: 3\ngrades: { excellent: 92 }\n'));
    const section = await readRulesFile(file('section.yaml', 'assessment:\n  coUnitShare: 0.5\n'));

    // Assess
    expect(bare).toEqual({ bonusCap: 3, grades: { excellent: 92 } });
    expect(section).toEqual({ coUnitShare: 0.5 });
  });

  it('refuses rules that break the schema, naming rules.<field> and the rule', async () => {
    // Act
    const refusal = await readRulesFile(file('bad.json', JSON.stringify({ points: { completion: 70, timeliness: 20 }, weights: { 'PM 2.5': 2 } }))).catch((error: unknown) => error);

    // Assess
    expect((refusal as Error).message).toMatch(/2 problem\(s\) in the rules; nothing was started$/);
    expect((refusal as { details: { fields: { path: string; rule: string }[] } }).details.fields.map(({ path, rule }) => [path, rule]).sort()).toEqual([
      ['rules.points', 'sum'],
      ['rules.weights["PM 2.5"]', 'slug'],
    ]);
  });
});
