import * as z from 'zod';

/** A month of publication: `YYYY-MM` (the bulletin published on its first working day covers the month before). */
export const bulletinMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'must be a month, YYYY-MM (e.g. 2022-11)' });

export const BulletinParams = z.strictObject({ month: bulletinMonth });
