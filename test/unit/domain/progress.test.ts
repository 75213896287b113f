import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../../shared/domain/errors.js';
import { type ProgressReport, progressFromReport } from '../../../shared/domain/progress.js';
import type { Task } from '../../../shared/domain/task.js';
import { cixiTask } from './cixi-tasks.js';

const network = cixiTask('hazardous-waste-network', 'hushan');
const pm25 = cixiTask('pm25', 'hushan');
const campaign = cixiTask('campaign-water-quality', 'water-office');
const context = { today: '2022-07-05', by: 'token:hushan', at: '2022-07-05T02:00:00.000Z' };

const problemsOf = (task: Pick<Task, 'kind' | 'year' | 'progress'>, report: ProgressReport) => {
  try {
    progressFromReport(task, report, context);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInput);
    return (error as InvalidInput).problems.map((p) => `${p.path} ${p.rule}`);
  }
  throw new Error('expected the report to be refused');
};

describe('progressFromReport: what each kind of goal reports', () => {
  it('takes the cumulative amount of a quantity, with note and evidence', () => {
    // Act
    const progress = progressFromReport(
      network,
      { asOf: '2022-06-30', done: 62, note: '上半年入网 62 家', evidence: ['ev-01', 'ev-02'] },
      context,
    );

    // Assess
    expect(progress).toEqual({
      asOf: '2022-06-30',
      done: 62,
      note: '上半年入网 62 家',
      evidence: ['ev-01', 'ev-02'],
      reportedBy: 'token:hushan',
      reportedAt: '2022-07-05T02:00:00.000Z',
    });
  });

  it('takes the value and period of an indicator, and leaves out a note and evidence not given', () => {
    // Act
    const progress = progressFromReport(pm25, { asOf: '2022-07-05', value: 27.4, period: '2022-Q2' }, context);

    // Assess
    expect(progress).toEqual({
      asOf: '2022-07-05',
      value: 27.4,
      period: '2022-Q2',
      reportedBy: 'token:hushan',
      reportedAt: '2022-07-05T02:00:00.000Z',
    });
    expect(Object.keys(progress)).not.toContain('note');
    expect(Object.keys(progress)).not.toContain('evidence');
  });

  it('takes completion of an action, even false', () => {
    // Act
    const progress = progressFromReport(campaign, { asOf: '2022-04-20', complete: false, note: '方案已起草' }, context);

    // Assess
    expect(progress).toEqual({
      asOf: '2022-04-20',
      complete: false,
      note: '方案已起草',
      reportedBy: 'token:hushan',
      reportedAt: '2022-07-05T02:00:00.000Z',
    });
  });

  it('leaves out a blank note and an empty evidence list', () => {
    // Act
    const progress = progressFromReport(network, { asOf: '2022-06-30', done: 1, note: '  ', evidence: [] }, context);

    // Assess
    expect(progress).not.toHaveProperty('note');
    expect(progress).not.toHaveProperty('evidence');
  });

  it.each<[string, Task, ProgressReport, string[]]>([
    ['a quantity without done', network, { asOf: '2022-06-30' }, ['done required']],
    ['a quantity with an indicator reading', network, { asOf: '2022-06-30', done: 5, value: 3, period: '2022' }, ['value not_allowed', 'period not_allowed']],
    ['a quantity with completion', network, { asOf: '2022-06-30', done: 5, complete: true }, ['complete not_allowed']],
    ['a negative quantity', network, { asOf: '2022-06-30', done: -1 }, ['done too_small']],
    ['an indicator without anything', pm25, { asOf: '2022-06-30' }, ['value required', 'period required']],
    ['an indicator with done and completion', pm25, { asOf: '2022-06-30', value: 28, period: '2022', done: 1, complete: true }, ['done not_allowed', 'complete not_allowed']],
    ['an action without completion', campaign, { asOf: '2022-04-20', done: 1 }, ['done not_allowed', 'complete required']],
  ])('refuses %s', (_what, task, report, expected) => {
    // Act / Assess
    expect(problemsOf(task, report)).toEqual(expected);
  });

  it('says which kind of goal takes a refused field', () => {
    // Act
    let error: InvalidInput | undefined;
    try {
      progressFromReport(network, { asOf: '2022-06-30', done: 5, value: 3 }, context);
    } catch (e) {
      error = e as InvalidInput;
    }

    // Assess
    expect(error?.message).toBe('The progress report is invalid');
    expect(error?.problems).toEqual([
      {
        path: 'value',
        rule: 'not_allowed',
        message: 'value is for indicator tasks; a quantity task reports done (the cumulative amount)',
        messageZh: 'value 仅用于指标类任务；数量类任务填报 done（累计完成量）',
      },
    ]);
  });
});

describe('progressFromReport: dates and periods', () => {
  const previous = { asOf: '2022-06-30', done: 60, reportedBy: 'token:hushan', reportedAt: '2022-06-30T08:00:00.000Z' };

  it.each<[string, Partial<Task>, ProgressReport, string[]]>([
    ['a date after today', {}, { asOf: '2022-07-06', done: 70 }, ['asOf not_future']],
    ['a date before the previous report', { progress: previous }, { asOf: '2022-06-29', done: 70 }, ['asOf date_order']],
    ['a date before the plan year', {}, { asOf: '2021-12-31', done: 0 }, ['asOf date_range']],
    ['a date that is not one', {}, { asOf: '2022-02-30', done: 0 }, ['asOf date']],
  ])('refuses %s', (_what, changes, report, expected) => {
    // Act / Assess
    expect(problemsOf({ ...network, ...changes }, report)).toEqual(expected);
  });

  it('accepts a correction on the day of the previous report', () => {
    // Act
    const progress = progressFromReport({ ...network, progress: previous }, { asOf: '2022-06-30', done: 58 }, context);

    // Assess
    expect(progress.done).toBe(58);
  });

  it('names a date both after today and outside the plan year, and every other problem, at once', () => {
    // Prepare
    const late = { ...context, today: '2023-01-03' };

    // Act
    let problems: string[] = [];
    try {
      progressFromReport(pm25, { asOf: '2023-01-04', value: 28, period: '2022-Q5', done: 3 }, late);
    } catch (error) {
      problems = (error as InvalidInput).problems.map((p) => `${p.path} ${p.rule}`);
    }

    // Assess
    expect(problems).toEqual(['done not_allowed', 'period period', 'asOf not_future', 'asOf date_range']);
  });

  it.each(['2022', '2022-Q1', '2022-Q4', '2022-01', '2022-12'])('takes the period %s', (period) => {
    // Act
    const progress = progressFromReport(pm25, { asOf: '2022-07-05', value: 28, period }, context);

    // Assess
    expect(progress.period).toBe(period);
  });

  it.each(['2021', '2023-Q1', '2022-Q0', '2022-Q5', '2022-13', '2022-00', '2022-6', '22', '2022-H1', ''])('refuses the period %j', (period) => {
    // Act / Assess
    expect(problemsOf(pm25, { asOf: '2022-07-05', value: 28, period })).toEqual(['period period']);
  });

  it('accepts any date of the plan year up to today, after the previous report', () => {
    const dates = fc
      .date({ min: new Date('2022-06-30T00:00:00Z'), max: new Date('2022-07-05T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(dates, fc.nat(147), (asOf, done) => {
        // Act
        const progress = progressFromReport({ ...network, progress: previous }, { asOf, done }, context);

        // Assess
        expect(progress).toMatchObject({ asOf, done, reportedBy: context.by, reportedAt: context.at });
      }),
    );
  });
});
