import { describe, expect, it } from 'vitest';
import { holderIsGone } from '../../../shared/executions/run-status.js';

const acquiredAt = '2022-03-01T01:00:00.000Z';
const seconds = (n: number) => new Date(Date.parse(acquiredAt) + n * 1000);

describe('holderIsGone', () => {
  it('keeps the lock of a running execution, and when Step Functions cannot say', () => {
    // Prepare, Act, Assess
    expect(holderIsGone('RUNNING', acquiredAt, seconds(3000))).toBe(false);
    expect(holderIsGone('PENDING_REDRIVE', acquiredAt, seconds(3000))).toBe(false);
    expect(holderIsGone(undefined, acquiredAt, seconds(3000))).toBe(false);
  });

  it('frees the lock of an execution that has ended', () => {
    // Prepare, Act, Assess
    for (const status of ['ABORTED', 'FAILED', 'TIMED_OUT', 'SUCCEEDED'] as const) {
      expect(holderIsGone(status, acquiredAt, seconds(1))).toBe(true);
    }
  });

  it('waits for a missing execution while its start may still be on the way', () => {
    // Prepare, Act, Assess
    expect(holderIsGone('MISSING', acquiredAt, seconds(5))).toBe(false);
    expect(holderIsGone('MISSING', acquiredAt, seconds(61))).toBe(true);
  });
});
