/**
 * Carried by every answer of the API: no browser guesses a body's type into something it runs, and no
 * link followed from an answer tells another site the URL it came from (URLs hold plan, task and unit ids).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** The Strict-Transport-Security value, set on deployed functions only (API Gateway serves HTTPS only). */
export const HSTS_VARIABLE = 'STRICT_TRANSPORT_SECURITY';

const hstsValue = /^max-age=\d+(; includeSubDomains)?(; preload)?$/;

/** The HSTS header for the configured value, none without one; a malformed value fails the handler's load. */
export function strictTransportSecurity(value: string | undefined): Record<string, string> {
  if (value === undefined) return {};
  if (!hstsValue.test(value)) {
    throw new Error(`${HSTS_VARIABLE} must read "max-age=<seconds>[; includeSubDomains][; preload]", not "${value}"`);
  }
  return { 'strict-transport-security': value };
}
