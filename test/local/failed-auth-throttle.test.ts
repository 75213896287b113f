import { describe, expect, it } from 'vitest';
import { failedAuthThrottle } from '../../infra/local/failed-auth-throttle.js';

describe('the failed-authentication throttle', () => {
  const limits = { rateLimit: 2, burstLimit: 3 };

  it('lets a burst through, then tells the client how many whole seconds to wait', () => {
    // Prepare
    const throttle = failedAuthThrottle(limits, () => 0);

    // Act
    const answers = Array.from({ length: 4 }, () => throttle.take('10.0.0.1'));

    // Assess
    expect(answers).toEqual([undefined, undefined, undefined, 1]);
  });

  it('refills at the rate, never above the burst', () => {
    // Prepare
    let now = 0;
    const throttle = failedAuthThrottle(limits, () => now);
    for (let i = 0; i < 3; i++) throttle.take('10.0.0.1');

    // Act
    now = 500; // one attempt back
    const afterHalfASecond = [throttle.take('10.0.0.1'), throttle.take('10.0.0.1')];
    now = 60_000;
    const afterAMinute = Array.from({ length: 4 }, () => throttle.take('10.0.0.1'));

    // Assess
    expect(afterHalfASecond).toEqual([undefined, 1]);
    expect(afterAMinute).toEqual([undefined, undefined, undefined, 1]);
  });

  it('keeps a bucket per client address', () => {
    // Prepare
    const throttle = failedAuthThrottle(limits, () => 0);
    for (let i = 0; i < 3; i++) throttle.take('10.0.0.1');

    // Act
    const other = throttle.take('10.0.0.2');

    // Assess
    expect([throttle.take('10.0.0.1'), other]).toEqual([1, undefined]);
  });

  it('counts only failures: an attempt that succeeded is given back', () => {
    // Prepare
    const throttle = failedAuthThrottle(limits, () => 0);

    // Act
    for (let i = 0; i < 10; i++) {
      throttle.take('10.0.0.1');
      throttle.refund('10.0.0.1');
    }

    // Assess
    expect(Array.from({ length: 4 }, () => throttle.take('10.0.0.1'))).toEqual([undefined, undefined, undefined, 1]);
  });

  it('asks a slow-refilling client to wait as long as one attempt takes to come back', () => {
    // Prepare
    const throttle = failedAuthThrottle({ rateLimit: 0.25, burstLimit: 1 }, () => 0);
    throttle.take('10.0.0.1');

    // Act
    const wait = throttle.take('10.0.0.1');

    // Assess
    expect(wait).toBe(4);
  });
});
