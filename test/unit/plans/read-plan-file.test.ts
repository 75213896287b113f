import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../../shared/plans/read-plan-file.js';

const samples = new URL('../../../samples/', import.meta.url).pathname;

describe('readPlanFile', () => {
  it.each(['cixi-2022.yaml', 'cixi-2022.xlsx', 'lucheng-2024.yaml'])('reads %s by its extension', async (name) => {
    // Act
    const result = await readPlanFile(join(samples, name));

    // Assess
    expect(result.ok).toBe(true);
  });

  it('reads JSON', async () => {
    // Prepare
    const path = join(mkdtempSync(join(tmpdir(), 'plan-')), 'plan.json');
    writeFileSync(path, '{ "id": "x" }');

    // Act
    const result = await readPlanFile(path);

    // Assess
    expect(result.ok ? [] : result.problems.map((p) => `${p.path} ${p.rule}`)).toEqual(
      expect.arrayContaining(['name required', 'year required', 'units required', 'goals required']),
    );
  });

  it('refuses an extension it does not read', async () => {
    // Act
    const result = await readPlanFile('plan.csv');

    // Assess
    expect(result).toEqual({ ok: false, problems: [expect.objectContaining({ path: 'plan.csv', rule: 'file_type' })] });
  });

  it('reports a file that cannot be read', async () => {
    // Act
    const result = await readPlanFile(join(tmpdir(), 'no-such-plan.yaml'));

    // Assess
    expect(result).toEqual({
      ok: false,
      problems: [expect.objectContaining({ rule: 'file', message: 'cannot read the file (ENOENT)' })],
    });
  });
});
