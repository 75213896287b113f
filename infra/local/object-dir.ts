import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where the local bucket keeps its objects: the data dir itself, so that a key `reports/…` is the file
 * `$DATA_DIR/reports/…` and `evidence/…` is `$DATA_DIR/evidence/…`. Data dirs of earlier versions kept
 * them one level down, under `$DATA_DIR/evidence/` (hence `evidence/evidence/…`): those are moved up
 * once, so that their evidence and bulletins stay reachable.
 */
export async function localObjectDir(dataDir: string): Promise<string> {
  const oldRoot = join(dataDir, 'evidence');
  if (existsSync(join(oldRoot, '.s3meta'))) await moveUp(dataDir, oldRoot);
  return dataDir;
}

async function moveUp(dataDir: string, oldRoot: string): Promise<void> {
  const parked = join(dataDir, '.objects-before-move');
  await rename(oldRoot, parked);
  await mkdir(join(dataDir, '.s3meta'), { recursive: true });
  for (const name of await readdir(parked)) {
    if (name === '.s3meta') continue;
    await rename(join(parked, name), join(dataDir, name));
  }
  for (const name of await readdir(join(parked, '.s3meta'))) {
    await rename(join(parked, '.s3meta', name), join(dataDir, '.s3meta', name));
  }
  await rmdir(join(parked, '.s3meta'));
  await rmdir(parked);
}

/**
 * Creates the file with this content, or fails (EEXIST) when it exists: a write-once object. Written whole
 * to a file of its own first (created with the exclusive flag), then linked under its name: link(2) fails on
 * an existing name as O_EXCL does, and a reader never sees half a file, nor does a crash leave one behind
 * that could never be written again.
 */
export async function createOnce(path: string, body: string | Uint8Array): Promise<void> {
  const partial = `${path}.${randomBytes(4).toString('hex')}.partial`;
  try {
    await writeFile(partial, body, { flag: 'wx' });
    await link(partial, path);
  } finally {
    await rm(partial, { force: true });
  }
}
