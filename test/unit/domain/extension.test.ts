import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Conflict, IllegalTransition, InvalidInput } from '../../../shared/domain/errors.js';
import { checkExtensionRequest, extensionId, parseExtensionId } from '../../../shared/domain/extension.js';
import { openStatuses, type TaskStatus, taskStatuses } from '../../../shared/domain/task.js';
import { cixiTask } from './cixi-tasks.js';

// 市治水办's action 制定“水环境质量”一指标一攻坚提升方案, due 2022-04-30.
const campaign = cixiTask('campaign-water-quality', 'water-office', { status: 'in_progress' });
const request = { to: '2022-06-30', reason: '需等待省级方案印发后对标修改' };
const today = '2022-04-20';

const attempt = (fn: () => void): unknown => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error;
  }
};
const problemsOf = (error: unknown) => (error as InvalidInput).problems.map((p) => `${p.path} ${p.rule}`);

describe('checkExtensionRequest', () => {
  it('lets the owner of an open task ask before its deadline for a later date within the year', () => {
    // Act / Assess
    expect(attempt(() => checkExtensionRequest(campaign, request, today))).toBeUndefined();
    expect(attempt(() => checkExtensionRequest(campaign, { ...request, to: '2022-12-31' }, '2022-04-30'))).toBeUndefined();
  });

  it.each(taskStatuses.filter((s) => !openStatuses.includes(s)))('refuses a task that is %s as an illegal transition', (status) => {
    // Act
    const error = attempt(() => checkExtensionRequest({ ...campaign, status }, request, today)) as IllegalTransition;

    // Assess
    expect(error).toBeInstanceOf(IllegalTransition);
    expect(error.code).toBe('illegal_transition');
    expect(error.message).toContain(`is ${status}`);
  });

  it('refuses a second request while one waits', () => {
    // Prepare
    const pending = { ...campaign, pendingExtension: `${campaign.id}~1` };

    // Act
    const error = attempt(() => checkExtensionRequest(pending, request, today)) as Conflict;

    // Assess
    expect(error).toBeInstanceOf(Conflict);
    expect(error).not.toBeInstanceOf(IllegalTransition);
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('An extension request is already waiting for a decision (cixi-2022.campaign-water-quality.water-office~1)');
    expect(error.messageZh).toBe('已有一项延期申请等待审批（cixi-2022.campaign-water-quality.water-office~1）');
  });

  it('refuses a request after the deadline', () => {
    // Act
    const error = attempt(() => checkExtensionRequest(campaign, request, '2022-05-01')) as InvalidInput;

    // Assess
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error.problems).toEqual([
      {
        path: 'deadline',
        rule: 'too_late',
        message: 'the deadline 2022-04-30 has passed: requests must come before the deadline',
        messageZh: '完成时限 2022-04-30 已过：延期须在完成时限前申请',
      },
    ]);
  });

  it.each([
    ['2022-04-30', 'to too_small'],
    ['2022-03-31', 'to too_small'],
    ['2023-01-31', 'to date_range'],
    ['2022-06-31', 'to date'],
    ['next month', 'to date'],
  ])('refuses the new deadline %s', (to, expected) => {
    // Act
    const error = attempt(() => checkExtensionRequest(campaign, { ...request, to }, today));

    // Assess
    expect(problemsOf(error)).toEqual([expected]);
  });

  it('names every problem of the request at once', () => {
    // Act
    const error = attempt(() => checkExtensionRequest(campaign, { to: '2022-04-01', reason: ' ' }, '2022-05-03'));

    // Assess
    expect(problemsOf(error)).toEqual(['deadline too_late', 'to too_small', 'reason required']);
  });

  it('accepts any date after the deadline up to the end of the year, asked any day up to the deadline', () => {
    const dates = (min: string, max: string) =>
      fc.date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(dates('2022-05-01', '2022-12-31'), dates('2022-01-01', '2022-04-30'), fc.constantFrom<TaskStatus>(...openStatuses), (to, asked, status) => {
        // Act / Assess
        expect(attempt(() => checkExtensionRequest({ ...campaign, status }, { ...request, to }, asked))).toBeUndefined();
      }),
    );
  });
});

describe('extensionId and parseExtensionId', () => {
  it('names the n-th request of a task', () => {
    // Act / Assess
    expect(extensionId(campaign.id, 1)).toBe('cixi-2022.campaign-water-quality.water-office~1');
    expect(parseExtensionId('cixi-2022.campaign-water-quality.water-office~12')).toEqual({
      taskId: 'cixi-2022.campaign-water-quality.water-office',
      n: 12,
    });
  });

  it.each([
    'cixi-2022.campaign-water-quality.water-office',
    'cixi-2022.campaign-water-quality.water-office~0',
    'cixi-2022.campaign-water-quality.water-office~01',
    'cixi-2022.campaign-water-quality.water-office~1000',
    'cixi-2022.campaign-water-quality.water-office~-1',
    'cixi-2022.campaign-water-quality.water-office~1~2',
    'cixi-2022.campaign-water-quality~1',
    'Cixi-2022.pm25.hushan~1',
    '~1',
  ])('refuses %j', (id) => {
    // Act / Assess
    expect(parseExtensionId(id)).toBeUndefined();
  });

  it.each([0, 1000, 1.5, -1])('refuses to number a request %d', (n) => {
    // Act / Assess
    expect(() => extensionId(campaign.id, n)).toThrow(RangeError);
  });

  it('reads back every id it makes', () => {
    const slugs = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
    fc.assert(
      fc.property(slugs, slugs, slugs, fc.integer({ min: 1, max: 999 }), (plan, goal, unit, n) => {
        // Prepare
        const taskId = `${plan}.${goal}.${unit}`;

        // Act / Assess
        expect(parseExtensionId(extensionId(taskId, n))).toEqual({ taskId, n });
      }),
    );
  });
});
