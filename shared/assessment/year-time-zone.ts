import { listYearPlans } from '../store/assessment-reads.js';

/** A plan's time zone when it names none (the plan schema's default). */
const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * Where the year's assessment dates its days (publication, `appealsUntil`): the year's first plan's (by id)
 * time zone, as the workflow's Publish dates them.
 */
export async function yearTimeZone(year: number): Promise<string> {
  return (await listYearPlans(year))[0]?.timezone ?? DEFAULT_TIME_ZONE;
}
