import { Conflict } from '../errors.js';

/** A run of the year is under way: one run of a year at a time, so two never publish over each other. */
export class AssessmentRunning extends Conflict {
  override readonly code = 'assessment_running';
  constructor(
    readonly year: number,
    readonly runId: string | undefined,
  ) {
    super(
      `an assessment of ${year} is already running${runId ? ` (${runId})` : ''}`,
      `${year} 年度考核正在进行中${runId ? `（${runId}）` : ''}，请等待其完成`,
    );
  }
}
