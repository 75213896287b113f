/**
 * The web workspace's Content-Security-Policy, the same on the local server and on CloudFront: scripts,
 * styles and connections from its own origin only (no inline script, no third party), nothing may frame
 * it, and forms post nowhere else. Images may be `blob:` URLs: evidence a unit picks is previewed before
 * it is uploaded.
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The web app's path on its origin; the API keeps its own paths beside it. */
export const WEB_BASE_PATH = '/app/';

/** The address that signs a person in with a token: the token in the fragment, which no server or Referer sees. */
export function signInLink(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}${WEB_BASE_PATH}signin#token=${encodeURIComponent(token)}`;
}
