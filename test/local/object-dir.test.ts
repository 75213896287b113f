import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOnce, localObjectDir } from '../../infra/local/object-dir.js';

const write = (path: string, text: string) => {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
};

describe('localObjectDir', () => {
  it('keeps objects in the data dir itself, so reports/… is $DATA_DIR/reports/…', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'objects-'));

    // Act
    const dir = await localObjectDir(dataDir);

    // Assess
    expect(dir).toBe(dataDir);
  });

  it('moves the objects of an older data dir (kept under evidence/) up one level, metadata included', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'objects-'));
    write(join(dataDir, 'evidence', 'evidence', 't1', 'e1'), 'photo');
    write(join(dataDir, 'evidence', 'reports', 'bulletins', '2022-11.json'), '{}');
    write(join(dataDir, 'evidence', '.s3meta', 'evidence', 't1', 'e1.json'), '{"contentType":"image/png"}');
    write(join(dataDir, 'evidence', '.s3meta', 'reports', 'bulletins', '2022-11.json.json'), '{}');

    // Act
    await localObjectDir(dataDir);

    // Assess
    expect(readFileSync(join(dataDir, 'evidence', 't1', 'e1'), 'utf8')).toBe('photo');
    expect(readFileSync(join(dataDir, 'reports', 'bulletins', '2022-11.json'), 'utf8')).toBe('{}');
    expect(readFileSync(join(dataDir, '.s3meta', 'evidence', 't1', 'e1.json'), 'utf8')).toContain('image/png');
    expect(existsSync(join(dataDir, '.s3meta', 'reports', 'bulletins', '2022-11.json.json'))).toBe(true);
    expect(existsSync(join(dataDir, 'evidence', 'evidence'))).toBe(false);
    expect(existsSync(join(dataDir, '.objects-before-move'))).toBe(false);
  });
});

describe('createOnce', () => {
  it('creates the file whole, refuses to write it again (EEXIST), and leaves nothing else behind', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'once-'));
    const path = join(dir, 'checkpoint.json');

    // Act
    await createOnce(path, 'first');
    const again = createOnce(path, 'second');

    // Assess
    await expect(again).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(path, 'utf8')).toBe('first');
    expect(readdirSync(dir)).toEqual(['checkpoint.json']);
  });
});
