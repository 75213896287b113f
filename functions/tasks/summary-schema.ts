import * as z from 'zod';
import { idParam } from '../../shared/http/params.js';

/** `GET /plans/{planId}/summary` */
export const SummaryParams = z.strictObject({ planId: idParam });
