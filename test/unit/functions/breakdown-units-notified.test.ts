import { describe, expect, it } from 'vitest';
import { unitsNotified } from '../../../functions/breakdowns/status.js';

describe('unitsNotified', () => {
  it('reads NotifyUnits’ count from the output of a succeeded execution', () => {
    // Prepare
    const output = JSON.stringify({ planId: 'cixi-2022', changed: true, notified: { notified: 21 } });

    // Act, Assess
    expect(unitsNotified({ status: 'SUCCEEDED', output })).toBe(21);
  });

  it('says 0 when the run changed nothing and skipped the notifications', () => {
    // Act, Assess
    expect(unitsNotified({ status: 'SUCCEEDED', output: JSON.stringify({ changed: false }) })).toBe(0);
  });

  it('says nothing while the execution runs, after it failed, or when Step Functions cannot say', () => {
    // Act, Assess
    expect(unitsNotified({ status: 'RUNNING' })).toBeUndefined();
    expect(unitsNotified({ status: 'FAILED', output: JSON.stringify({ notified: { notified: 3 } }) })).toBeUndefined();
    expect(unitsNotified(undefined)).toBeUndefined();
  });
});
