import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { jsonOf, repoRoot, runCli } from '../support/cli.js';
import { startTestStack } from '../support/local-stack.js';

// `plan export` and `plan import` as a clerk runs them, over one local stack: each sample imported, written back in
// both formats, imported again unchanged; and a file that leaves the assessment rules out, imported over a plan
// that states them, warned about.
const workDir = mkdtempSync(join(tmpdir(), 'plan-export-'));
const dataDir = join(workDir, 'data');
let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({ dataDir });
});

afterAll(async () => {
  await stack?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(args, { ...process.env, PORT: new URL(stack.url).port, DATA_DIR: dataDir });

async function importJson(file: string): Promise<Record<string, unknown>> {
  const run = await cli(['plan', 'import', file, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return jsonOf(run);
}

describe('plan export', () => {
  it.each([
    // The Cixi sample, and the city's, which uses every part of the format. The conversions of every sample
    // file (cixi-2022.xlsx, lucheng-2024.yaml too) are round-tripped without a stack in test/unit/plans/round-trip.test.ts.
    ['samples/cixi-2022.yaml', 'cixi-2022'],
    ['samples/city-level-example.yaml', 'city-level-example'],
  ])('%s: exported as YAML and as xlsx, each imports with "changed": false', async (sample, planId) => {
    // Prepare
    await importJson(join(repoRoot, sample));

    // Act
    const exports = [];
    for (const format of ['yaml', 'xlsx']) {
      const out = join(workDir, `${planId}-${sample.endsWith('.xlsx') ? 'from-xlsx' : 'from-yaml'}.${format}`);
      const run = await cli(['plan', 'export', planId, '--format', format, '--out', out, '--json']);
      expect(run.code, run.stderr).toBe(0);
      exports.push({ answer: jsonOf(run), reimported: await importJson(out), out });
    }

    // Assess
    for (const { answer, reimported, out } of exports) {
      expect(answer).toEqual({ planId, revision: expect.any(Number), format: out.split('.').at(-1), out, bytes: readFileSync(out).byteLength });
      expect(reimported).toMatchObject({ planId, changed: false, revision: answer.revision });
    }
    const schema = relative(workDir, join(repoRoot, 'docs/plan.schema.json'));
    expect(readFileSync(exports[0]!.out, 'utf8').split('\n')[0]).toBe(`# yaml-language-server: $schema=${schema}`);
  });

  it('warns, in JSON and in text, of each assessment rule a file without them resets', async () => {
    // Prepare
    const yaml = readFileSync(join(repoRoot, 'samples/lucheng-2024.yaml'), 'utf8');
    const withRules = join(workDir, 'lucheng-with-rules.yaml');
    writeFileSync(withRules, `${yaml}\nassessment:\n  grades: { excellent: 95 }\n  appealDays: 10\n`);
    await importJson(withRules);

    // Act
    const reset = await cli(['plan', 'import', join(repoRoot, 'samples/lucheng-2024.yaml')]);
    const again = await importJson(withRules);

    // Assess
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toContain('warning: assessment.grades.excellent changes from 95 to 90 (the default)');
    expect(reset.stdout).toContain('注意：申诉期（assessment.appealDays）将由 10 改为 5（默认值）');
    expect(again).toMatchObject({
      changed: true,
      warnings: [
        expect.objectContaining({ setting: 'assessment.grades.excellent', from: 90, to: 95 }),
        expect.objectContaining({ setting: 'assessment.appealDays', from: 5, to: 10 }),
      ],
    });
  });
});

