/** A stage's route throttle as the template gives it (`DefaultRouteSettings`). */
export interface ThrottleLimits {
  /** Requests per second, on average. */
  rateLimit: number;
  /** Requests at once: what a full bucket holds. */
  burstLimit: number;
}

export interface FailedAuthThrottle {
  /**
   * Takes one authentication attempt from the client's bucket before the authorizer runs: undefined when
   * it may go ahead, else the whole seconds until the bucket holds an attempt again.
   */
  take(client: string): number | undefined;
  /** Gives the attempt back once the request turned out authenticated: only failures use up the bucket. */
  refund(client: string): void;
}

/** Buckets that are full again are forgotten once this many clients are tracked. */
const SWEEP_ABOVE = 1_000;

/**
 * A token bucket per client address of failed authentications (no token, a refused token). The attempt
 * is taken before the authorizer runs, so that a burst of requests in flight together cannot overdraw
 * the bucket, and refunded when the request was authenticated. Monotonic time: a test's fake Date does
 * not freeze or rewind the buckets.
 */
export function failedAuthThrottle(limits: ThrottleLimits, now: () => number = () => performance.now()): FailedAuthThrottle {
  const buckets = new Map<string, { attempts: number; at: number }>();
  const refilled = (client: string, time: number): number => {
    const bucket = buckets.get(client);
    return bucket === undefined ? limits.burstLimit : Math.min(limits.burstLimit, bucket.attempts + ((time - bucket.at) / 1000) * limits.rateLimit);
  };
  const sweep = (time: number) => {
    for (const client of buckets.keys()) if (refilled(client, time) >= limits.burstLimit) buckets.delete(client);
  };
  return {
    take(client) {
      const time = now();
      if (buckets.size > SWEEP_ABOVE) sweep(time);
      const attempts = refilled(client, time);
      if (attempts < 1) return Math.max(1, Math.ceil((1 - attempts) / limits.rateLimit));
      buckets.set(client, { attempts: attempts - 1, at: time });
      return undefined;
    },
    refund(client) {
      const time = now();
      buckets.set(client, { attempts: Math.min(limits.burstLimit, refilled(client, time) + 1), at: time });
    },
  };
}
