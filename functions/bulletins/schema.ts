import * as z from 'zod';
import { monthPattern } from '../../shared/bulletin/bulletin.js';

/** A month of publication: `YYYY-MM` (the bulletin published on its first working day covers the month before). */
export const bulletinMonth = z.string().regex(monthPattern, { message: 'must be a month, YYYY-MM (e.g. 2022-11)' });

export const BulletinParams = z.strictObject({ month: bulletinMonth });
