import * as z from 'zod';
import { bilingual } from './zod-problems.js';
import { singleLine } from './text.js';

/*
 * The bureau's own particulars (docs/decisions/0015-organisation-settings.md), set once by an admin and
 * printed on the documents the product writes: who it is, who issues its bulletins, how their document
 * numbers read and who is copied. Every field may be left out: a document without them still reads well.
 */

/** Where the year and the running number go in a document number: `慈环督〔{year}〕{n}号`. */
export const NUMBER_PLACEHOLDERS = { year: '{year}', n: '{n}' } as const;

const name = z.string().trim().min(1).max(100).superRefine(singleLine);

export const Organisation = z
  .strictObject({
    name: name.meta({ description: 'The full name, e.g. 宁波市生态环境局慈溪分局' }),
    issuer: name.optional().meta({ description: 'Who issues the bulletins (落款); the full name when left out' }),
    numberPattern: z
      .string()
      .trim()
      .min(1)
      .max(60)
      .superRefine(singleLine)
      .refine(
        (pattern) => pattern.includes(NUMBER_PLACEHOLDERS.n),
        bilingual('pattern', 'must hold {n}, where the running number goes (e.g. 慈环督〔{year}〕{n}号)', '须包含 {n}（流水号的位置），如 慈环督〔{year}〕{n}号'),
      )
      .optional()
      .meta({ description: 'A document number with {year} and {n}, the running number of the year, e.g. 慈环督〔{year}〕{n}号' }),
    cc: z.array(name).max(20).optional().meta({ description: 'Who is copied (抄送), in order' }),
  })
  .meta({ id: 'Organisation' });
export type Organisation = z.output<typeof Organisation>;

/** `慈环督〔{year}〕{n}号`, 2022, 7 → `慈环督〔2022〕7号`. */
export function documentNumber(pattern: string, year: number, n: number): string {
  return pattern.replaceAll(NUMBER_PLACEHOLDERS.year, String(year)).replaceAll(NUMBER_PLACEHOLDERS.n, String(n));
}
