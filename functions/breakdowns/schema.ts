import * as z from 'zod';
import { idParam } from '../../shared/http/params.js';

export const StartParams = z.strictObject({ planId: idParam });

/** Nothing to choose yet: the plan's current revision is broken down. An empty object is accepted too. */
export const StartBody = z.strictObject({}).optional();

export const BreakdownParams = z.strictObject({ planId: idParam, executionId: z.uuid() });
