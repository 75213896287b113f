import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('parse-plan-text', () => {
  it('stays out of exceljs, so the API bundle that imports it stays small', async () => {
    // Act
    const result = await build({
      entryPoints: [new URL('../../../shared/plans/parse-plan-text.ts', import.meta.url).pathname],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
    });

    // Assess
    expect(Object.keys(result.metafile.inputs).filter((path) => path.includes('exceljs'))).toEqual([]);
  });
});
