/** Injected everywhere a rule depends on "now", so tests and simulations can run a whole year. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  return { now: () => new Date(at) };
}

/** The calendar day (YYYY-MM-DD) it is now in a time zone: plans count their days in their own zone. */
export function localDate(clock: Clock, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(clock.now());
}
