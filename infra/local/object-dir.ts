import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rmdir } from 'node:fs/promises';
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
