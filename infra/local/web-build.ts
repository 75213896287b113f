import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));
export const WEB_DIST_DIR = join(WEB_DIR, 'dist');
const LOCK_FILE = fileURLToPath(new URL('../../package-lock.json', import.meta.url));

/**
 * The web workspace, built with Vite when web/dist is missing or older than its sources (the pages, the
 * config, the locked dependencies); about a second here. Answers the built folder.
 */
export async function ensureWebBuild(log: (line: string) => void = () => undefined): Promise<string> {
  const built = join(WEB_DIST_DIR, 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs >= newestWebSource()) return WEB_DIST_DIR;
  log('Building the web workspace… / 正在构建网页工作台…');
  const { build } = await import('vite');
  await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' });
  return WEB_DIST_DIR;
}

/** When the web's sources last changed (ms): a build older than this is stale (also checked by `cdk deploy`). */
export function newestWebSource(): number {
  const files = [join(WEB_DIR, 'index.html'), join(WEB_DIR, 'vite.config.ts'), LOCK_FILE, ...filesUnder(join(WEB_DIR, 'src')), ...filesUnder(join(WEB_DIR, 'public'))];
  return Math.max(...files.map((file) => statSync(file).mtimeMs));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
