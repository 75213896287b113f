import type * as z from 'zod';

/*
 * Text people write for others to read (names, titles, notes, reasons, labels, file names) must show as
 * what it is. A character that is invisible or turns the text around makes it show something else:
 * `report\u202Efdp.exe` shows to a reviewer as `reportexe.pdf`. Such text is refused with the rule
 * `control_character` (docs/decisions/0011-bounded-answers-and-plain-text.md).
 *
 * Refused: the C0 controls, DEL and the C1 controls (tab and newline only in multi-line text: a carriage
 * return moves a terminal's cursor back over what was printed), the zero-width characters and direction
 * marks (U+200B–U+200F, U+061C), the line and paragraph separators and the embeddings and overrides
 * (U+2028–U+202E), the invisible operators, the isolates and the deprecated format characters
 * (U+2060–U+206F) and the zero-width no-break space (U+FEFF).
 */

const hiddenInSingleLine = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/u;
const hiddenInMultiLine = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/u;

/** A name, title, label or file name: one line. A note or reason may also hold tabs and newlines. */
export type Lines = 'single' | 'multi';

/** The first character of `text` that would not show as itself, as `U+202E`; undefined when there is none. */
export function hiddenCharacter(text: string, lines: Lines): string | undefined {
  const found = (lines === 'single' ? hiddenInSingleLine : hiddenInMultiLine).exec(text);
  return found ? `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/**
 * Refines a string schema: `z.string().trim().min(1).max(100).superRefine(singleLine)`. The problem names
 * the field (`namesField`, shared/domain/zod-problems.ts) and the character, since neither shows in the text.
 */
export function singleLine(text: string, context: z.RefinementCtx): void {
  refuseHidden(text, context, 'single');
}

/** As `singleLine`, for notes and reasons: tabs and newlines are allowed. */
export function multiLine(text: string, context: z.RefinementCtx): void {
  refuseHidden(text, context, 'multi');
}

function refuseHidden(text: string, context: z.RefinementCtx, lines: Lines): void {
  const character = hiddenCharacter(text, lines);
  if (character === undefined) return;
  const allowed = lines === 'multi' ? ' (of these only tab and newline may be used)' : '';
  const allowedZh = lines === 'multi' ? '（此类字符中仅可使用制表符和换行符）' : '';
  context.addIssue({
    code: 'custom',
    message: `contains ${character}, an invisible, direction-changing or control character: remove it${allowed}`,
    params: { rule: 'control_character', messageZh: `含有不可见字符、改变文字方向的字符或控制字符 ${character}，请删除${allowedZh}`, namesField: true },
  });
}
