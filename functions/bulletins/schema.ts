import * as z from 'zod';
import { monthPattern } from '../../shared/bulletin/bulletin.js';
import { documentLanguages } from '../../shared/bulletin/labels.js';

/** A month of publication: `YYYY-MM` (the bulletin published on its first working day covers the month before). */
export const bulletinMonth = z.string().regex(monthPattern, { message: 'must be a month, YYYY-MM (e.g. 2022-11)' });

export const BulletinParams = z.strictObject({ month: bulletinMonth });

/** The documents' language: Chinese, as the bureau sends them, unless English is asked for. */
export const BulletinQuery = z.strictObject({
  lang: z.enum(documentLanguages).optional().meta({ description: 'zh (default) or en: the language of the HTML and XLSX linked' }),
});
