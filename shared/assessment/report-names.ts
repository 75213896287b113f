import type { Plan } from '../domain/plan.js';
import { parseTaskId } from '../domain/task.js';
import { loadPlan } from '../store/plans-repo.js';
import { getOrganisation } from '../store/settings-repo.js';
import { goalNamesOf, type AssessmentReport, type ReportNames } from './report.js';

/*
 * The names a published report says instead of ids, read when it is rendered: the bureau's name from the
 * organisation settings (left out when not set), each task's title and unit of measure from its plan's goal
 * (one Query per plan its lines name). A plan deleted since leaves its tasks' goal ids to stand for them.
 */
export async function readReportNames(report: AssessmentReport): Promise<ReportNames> {
  const planIds = new Set<string>();
  for (const unit of report.units)
    for (const line of unit.lineItems) {
      const parts = line.taskId === null ? undefined : parseTaskId(line.taskId);
      if (parts) planIds.add(parts.planId);
    }
  const plans: Plan[] = [];
  for (const planId of [...planIds].sort()) {
    const stored = await loadPlan(planId);
    if (stored) plans.push(stored.plan);
  }
  const organisation = (await getOrganisation())?.organisation.name;
  return { ...(organisation ? { organisation } : {}), goals: goalNamesOf(plans) };
}
