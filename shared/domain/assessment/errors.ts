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

/** The year's assessment froze its tasks: only an admin may change them now (and is marked in the audit). */
export class YearFrozen extends Conflict {
  override readonly code = 'year_frozen';
  constructor(readonly year: number) {
    super(
      `The year ${year} is frozen for its assessment: only an admin may change its tasks or plans now`,
      `${year} 年度已冻结考核，其任务和计划现在只能由管理员修改`,
    );
  }
}

/** The appeal period of the published result is over. */
export class AppealClosed extends Conflict {
  override readonly code = 'appeal_closed';
  constructor(year: number, appealsUntil: string) {
    super(
      `Appeals against the ${year} assessment were open until ${appealsUntil}`,
      `${year} 年度考核结果的申诉期已于 ${appealsUntil} 截止`,
    );
  }
}

/** The appeal was upheld or rejected already: a decision is made once. */
export class AppealDecided extends Conflict {
  override readonly code = 'appeal_decided';
  constructor(appealId: string, status: string) {
    super(`Appeal ${appealId} has already been decided (${status})`, `申诉 ${appealId} 已经处理（${status === 'upheld' ? '已支持' : '已驳回'}）`);
  }
}

/** The unit's earlier appeal of the line is still pending: one pending appeal per unit and line. */
export class AppealPending extends Conflict {
  override readonly code = 'appeal_pending';
  constructor(unitId: string, lineId: string) {
    super(
      `Unit ${unitId} already has a pending appeal of line ${lineId}; it may appeal the line again once that one is decided`,
      `单位 ${unitId} 对明细 ${lineId} 的申诉尚未处理，处理后方可再次申诉`,
    );
  }
}

/** The unit filed as many appeals of the year as a unit may. */
export class AppealLimit extends Conflict {
  override readonly code = 'appeal_limit';
  constructor(unitId: string, year: number, limit: number) {
    super(
      `Unit ${unitId} has filed ${limit} appeals against the ${year} assessment, the most a unit may file in a year`,
      `单位 ${unitId} 已对 ${year} 年度考核提出 ${limit} 次申诉，已达每个单位每年 ${limit} 次的上限`,
    );
  }
}
