import * as z from 'zod';
import type { PlanTextFormat } from '../../shared/plans/parse-plan-text.js';
import { idParam } from '../../shared/http/params.js';

export const PlanParams = z.strictObject({ planId: idParam });

/** `POST /plans` takes the plan file as it is written: JSON or YAML (its schema: shared/domain/plan.ts). */
export const planMediaTypes: Record<string, PlanTextFormat> = {
  'application/json': 'json',
  'application/yaml': 'yaml',
  'application/x-yaml': 'yaml',
  'text/yaml': 'yaml',
};
