import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { SECURITY_HEADERS } from '../../shared/http/security-headers.js';
import { WEB_BASE_PATH, webContentSecurityPolicy } from '../../shared/http/web-policy.js';
import type { HttpResponse } from './http-event.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
};

/**
 * The built web workspace (web/dist) under /app/, as CloudFront serves it from its bucket: files as they are
 * (hashed assets cached for a year), any other path under /app/ answered with index.html so that deep links
 * work (history routing), `/` sent to `/app/`. The CSP names the local S3 endpoint, as CloudFront's names the bucket. Undefined for every other path: the API's.
 */
export function webAppResponder(distDir: string, storageOrigins: readonly string[] = []): (method: string, rawPath: string) => HttpResponse | undefined {
  const root = resolve(distDir);
  const policy = webContentSecurityPolicy(storageOrigins);
  return (method, rawPath) => {
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    if (rawPath === '/' || rawPath === WEB_BASE_PATH.slice(0, -1)) return redirect(WEB_BASE_PATH);
    if (!rawPath.startsWith(WEB_BASE_PATH)) return undefined;
    let relative: string;
    try {
      relative = decodeURIComponent(rawPath.slice(WEB_BASE_PATH.length));
    } catch {
      return undefined;
    }
    const file = normalize(join(root, relative));
    const inside = file === root || file.startsWith(root + sep);
    if (inside && relative !== '' && existsSync(file) && statSync(file).isFile()) return fileResponse(file, relative.startsWith('assets/'), policy);
    // An asset that is not there is a 404, not the page: a stale tab asks for an old hashed file.
    if (extname(relative) !== '' && relative.startsWith('assets/')) return undefined;
    const index = join(root, 'index.html');
    return existsSync(index) ? fileResponse(index, false, policy) : undefined;
  };
}

function fileResponse(file: string, immutable: boolean, policy: string): HttpResponse {
  const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
  return {
    statusCode: 200,
    headers: {
      'content-type': type,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'content-security-policy': policy,
      ...SECURITY_HEADERS,
    },
    cookies: [],
    body: readFileSync(file),
  };
}

function redirect(location: string): HttpResponse {
  return { statusCode: 302, headers: { location, ...SECURITY_HEADERS }, cookies: [], body: Buffer.alloc(0) };
}
