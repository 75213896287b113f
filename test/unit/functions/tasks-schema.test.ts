import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { DecisionBody, EvidenceBody, ExtensionBody, NoteBody, ReopenBody, ReportBody, ReviewBody } from '../../../functions/tasks/schema.js';
import { InvalidInput } from '../../../shared/domain/errors.js';
import { validate } from '../../../shared/http/validation.js';

/** The problems a body would be answered with (400), as `{ path, rule }`. */
function problemsOf(schema: z.ZodType, body: unknown): { path: string; rule: string }[] {
  try {
    validate(schema, body, 'body');
  } catch (error) {
    if (error instanceof InvalidInput) return error.problems.map(({ path, rule }) => ({ path, rule }));
    throw error;
  }
  return [];
}

const described = { contentType: 'application/pdf', size: 1024, sha256: 'a'.repeat(64) };

/** Every free-text field of the task routes' bodies, with the rest of a body that is otherwise valid. */
const freeText: [string, z.ZodType, (text: string) => object, string][] = [
  ['a report note', ReportBody, (note) => ({ asOf: '2022-06-30', done: 1, note }), 'note'],
  ['a close-out note', NoteBody, (note) => ({ note }), 'note'],
  ['a rejection reason', ReviewBody, (reason) => ({ decision: 'reject', reason }), 'reason'],
  ['a re-opening reason', ReopenBody, (reason) => ({ reason }), 'reason'],
  ['an extension reason', ExtensionBody, (reason) => ({ to: '2022-12-31', reason }), 'reason'],
  ['an extension decision note', DecisionBody, (note) => ({ approve: true, note }), 'note'],
];

describe('free text of the task routes', () => {
  it.each(freeText)('refuses %s hiding a character (control_character)', (_, schema, body, field) => {
    // Act / Assess
    expect(problemsOf(schema, body('已完成\u202E验收'))).toEqual([{ path: field, rule: 'control_character' }]);
    expect(problemsOf(schema, body('已完成\u0000'))).toEqual([{ path: field, rule: 'control_character' }]);
  });

  it.each(freeText)('keeps the lines and tabs of %s', (_, schema, body) => {
    // Act / Assess
    expect(problemsOf(schema, body('第一项已完成\n第二项：\t进行中'))).toEqual([]);
  });
});

describe('an evidence file name', () => {
  it('refuses one that shows as another: report\\u202Efdp.exe shows as reportexe.pdf', () => {
    // Act / Assess
    expect(problemsOf(EvidenceBody, { ...described, fileName: 'report\u202Efdp.exe' })).toEqual([{ path: 'fileName', rule: 'control_character' }]);
  });

  it.each(['验收报告\n.pdf', 'a\tb.pdf', 'report\u200B.pdf', 'report\u2066.pdf'])('refuses %j: one line, nothing invisible', (fileName) => {
    // Act / Assess
    expect(problemsOf(EvidenceBody, { ...described, fileName })).toEqual([{ path: 'fileName', rule: 'control_character' }]);
  });

  it('still refuses folders as file_name', () => {
    // Act / Assess
    expect(problemsOf(EvidenceBody, { ...described, fileName: '../etc/passwd' })).toEqual([{ path: 'fileName', rule: 'file_name' }]);
  });

  it('takes a name as people write it', () => {
    // Act / Assess
    expect(problemsOf(EvidenceBody, { ...described, fileName: '浒山街道 VOCs 整改验收报告（终稿）.pdf' })).toEqual([]);
  });
});
