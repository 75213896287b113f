/**
 * The web workspace's Content-Security-Policy, the same on the local server and on CloudFront: scripts and
 * styles from its own origin only (no inline script, no third party), nothing may frame it, and forms post
 * nowhere else. Connections and images: its own origin and the bureau's evidence storage, where a unit's
 * files go by presigned PUT and are read back by presigned GET (an S3 bucket's own address on AWS, the
 * local S3 endpoint on one machine); `blob:` images preview files read that way.
 */
export function webContentSecurityPolicy(storageOrigins: readonly string[] = []): string {
  const storage = storageOrigins.map((origin) => ` ${origin}`).join('');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${storage}`,
    "font-src 'self' data:",
    // A PDF the reviewer opens is shown in the page from the checked copy read into a blob: URL.
    "frame-src blob:",
    `connect-src 'self'${storage}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** What a browser sends with an upload the API presigned, allowed by the storage's CORS rule (AWS and local). */
export const EVIDENCE_CORS = {
  methods: ['GET', 'PUT', 'HEAD'],
  headers: ['content-type', 'x-amz-checksum-sha256', 'x-amz-sdk-checksum-algorithm'],
  exposed: ['etag'],
} as const;

/** The web app's path on its origin; the API keeps its own paths beside it. */
export const WEB_BASE_PATH = '/app/';

/** The address that signs a person in with a token: the token in the fragment, which no server or Referer sees. */
export function signInLink(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, '')}${WEB_BASE_PATH}signin#token=${encodeURIComponent(token)}`;
}
