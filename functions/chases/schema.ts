import * as z from 'zod';
import { isoDate } from '../../shared/domain/ids.js';

/** The chase day; today in Asia/Shanghai when left out. An empty body is accepted too. */
export const StartChaseBody = z.strictObject({ date: isoDate.optional() }).optional();

/** `chase-<date>-<8 hex>`: the execution name the start route chose. */
export const chaseExecutionId = z.string().regex(/^chase-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}$/);

export const ChaseParams = z.strictObject({ executionId: chaseExecutionId });
