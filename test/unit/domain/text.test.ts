import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { hiddenCharacter, multiLine, singleLine } from '../../../shared/domain/text.js';
import { problemsFromZodIssues } from '../../../shared/domain/zod-problems.js';

/** Each range refused, by its first and last character (and those around the allowed tab and newline). */
const refusedEverywhere = [
  ['NUL', '\u0000'],
  ['a backspace', '\u0008'],
  ['a vertical tab', '\u000B'],
  ['a carriage return', '\u000D'],
  ['the last C0 control', '\u001F'],
  ['DEL', '\u007F'],
  ['the first C1 control', '\u0080'],
  ['the last C1 control', '\u009F'],
  ['the Arabic letter mark', '\u061C'],
  ['a zero-width space', '\u200B'],
  ['a left-to-right mark', '\u200E'],
  ['a right-to-left mark', '\u200F'],
  ['a line separator', '\u2028'],
  ['a paragraph separator', '\u2029'],
  ['a left-to-right embedding', '\u202A'],
  ['a right-to-left override', '\u202E'],
  ['a word joiner', '\u2060'],
  ['a left-to-right isolate', '\u2066'],
  ['a pop directional isolate', '\u2069'],
  ['the last deprecated format character', '\u206F'],
  ['a zero-width no-break space', '\uFEFF'],
] as const;

/** Right next to the refused ranges, or simply text people write. */
const shown = ['浒山街道 VOCs 整改验收报告.pdf', 'μg/m³', '≥ 87 %', 'a\u00A0b', 'a\u200Ab', 'a\u2010b', 'a\u202Fb', 'x\u2070', '✅ 已完成', '𠀀'];

describe('hiddenCharacter', () => {
  it.each(refusedEverywhere)('finds %s in one line and in many', (_, character) => {
    // Prepare
    const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

    // Act / Assess
    expect(hiddenCharacter(`ab${character}cd`, 'single')).toBe(code);
    expect(hiddenCharacter(`ab${character}cd`, 'multi')).toBe(code);
  });

  it.each([
    ['a tab', '\t', 'U+0009'],
    ['a newline', '\n', 'U+000A'],
  ])('allows %s in many lines only', (_, character, code) => {
    // Act / Assess
    expect(hiddenCharacter(`第一行${character}第二行`, 'single')).toBe(code);
    expect(hiddenCharacter(`第一行${character}第二行`, 'multi')).toBeUndefined();
  });

  it.each(shown)('finds nothing in %j', (text) => {
    // Act / Assess
    expect(hiddenCharacter(text, 'single')).toBeUndefined();
    expect(hiddenCharacter(text, 'multi')).toBeUndefined();
  });

  it('names the first of several', () => {
    // Act / Assess
    expect(hiddenCharacter('report\u202Efdp\u0000.exe', 'single')).toBe('U+202E');
  });
});

describe('singleLine and multiLine', () => {
  const body = z.strictObject({
    fileName: z.string().trim().min(1).max(200).superRefine(singleLine),
    notes: z.array(z.string().superRefine(multiLine)).optional(),
  });
  const problemsOf = (input: unknown) => {
    const parsed = body.safeParse(input);
    return parsed.success ? [] : problemsFromZodIssues(parsed.error.issues, input, { root: 'body' });
  };

  it('refuses a file name that shows as another (report\\u202Efdp.exe shows as reportexe.pdf), naming the field and the character', () => {
    // Act
    const problems = problemsOf({ fileName: 'report\u202Efdp.exe' });

    // Assess
    expect(problems).toEqual([
      {
        path: 'fileName',
        rule: 'control_character',
        message: 'fileName contains U+202E, an invisible, direction-changing or control character: remove it',
        messageZh: 'fileName 含有不可见字符、改变文字方向的字符或控制字符 U+202E，请删除',
      },
    ]);
  });

  it('keeps tabs and newlines of multi-line text, names the list a refused item is in, and says what is allowed', () => {
    // Act
    const problems = problemsOf({ fileName: 'a.pdf', notes: ['第一行\n\t第二行', '覆盖\r已完成'] });

    // Assess
    expect(problems).toEqual([
      {
        path: 'notes[1]',
        rule: 'control_character',
        message: 'notes contains U+000D, an invisible, direction-changing or control character: remove it (of these only tab and newline may be used)',
        messageZh: 'notes 含有不可见字符、改变文字方向的字符或控制字符 U+000D，请删除（此类字符中仅可使用制表符和换行符）',
      },
    ]);
  });

  it('reports a text too long and hiding a character as both', () => {
    // Act
    const problems = problemsOf({ fileName: `${'x'.repeat(300)}\u0000` });

    // Assess
    expect(problems.map((problem) => problem.rule)).toEqual(['too_long', 'control_character']);
  });

  it('accepts text that shows as itself', () => {
    // Act / Assess
    expect(problemsOf({ fileName: ' 浒山街道 VOCs 整改验收报告.pdf ', notes: ['第一行\n第二行\t完'] })).toEqual([]);
  });
});
