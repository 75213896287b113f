import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isCheckpointName, type CheckpointStore } from '../../shared/audit/checkpoints.js';
import { createOnce } from './object-dir.js';

/**
 * The local stack's checkpoints, as files under `$DATA_DIR/audit/checkpoints/`, where its S3 endpoint keeps
 * the audit bucket's objects (a key is a path under the data dir): for the CLI, which reads and writes them
 * directly. Created once, never rewritten.
 */
export function fileCheckpointStore(dataDir: string): CheckpointStore {
  const pathOf = (key: string) => join(dataDir, ...key.split('/'));
  return {
    async write(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await createOnce(path, body);
      return path;
    },

    async newest(prefix) {
      const dir = pathOf(prefix);
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const newest = names.filter(isCheckpointName).sort().at(-1);
      if (newest === undefined) return undefined;
      const path = join(dir, newest);
      return { text: await readFile(path, 'utf8'), location: path };
    },
  };
}
