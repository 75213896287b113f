import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { jsonOf, repoRoot, runCli } from '../support/cli.js';
import { startTestStack } from '../support/local-stack.js';

// `chase run` as the bureau runs it against a local stack: it starts the chase state machine through the
// API, waits for it and prints exactly the state machine's output with --json.
const workDir = mkdtempSync(join(tmpdir(), 'cli-chase-'));
const dataDir = join(workDir, 'data');
/** Thursday 2022-10-20: spray-recheck (due 2022-09-30) is 11 working days overdue. */
const DAY = '2022-10-20';

let stack: LocalStack;

const env = () => ({ ...process.env, PORT: new URL(stack.url).port, DATA_DIR: dataDir });
const cli = (args: string[]) => runCli([...args, '--json'], env());

beforeAll(async () => {
  stack = await startTestStack({ dataDir });
  expect((await cli(['plan', 'import', join(repoRoot, 'samples/cixi-2022.yaml')])).code).toBe(0);
  expect((await cli(['breakdown', 'start', 'cixi-2022', '--wait'])).code).toBe(0);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

const count = expect.any(Number);

describe('chase commands', () => {
  it('chase run --at prints exactly the run result, and a second run of the day raises nothing new', async () => {
    // Act
    const first = await cli(['chase', 'run', '--at', DAY]);
    const second = await cli(['chase', 'run', '--at', DAY]);

    // Assess
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const result = jsonOf(first);
    expect(result).toStrictEqual({
      date: DAY,
      examined: count,
      escalations: { 提醒: count, 催办: count, 督办: count, 通报: count, 约谈: count },
      notifications: count,
    });
    expect(result.escalations.通报).toBeGreaterThan(0);
    expect(result.notifications).toBeGreaterThan(0);

    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(jsonOf(second)).toStrictEqual({
      date: DAY,
      examined: count,
      escalations: { 提醒: 0, 催办: 0, 督办: 0, 通报: 0, 约谈: 0 },
      notifications: result.notifications,
    });
  });

  it('a day that is not a date is a JSON error with exit code 1', async () => {
    // Act
    const result = await cli(['chase', 'run', '--at', '2022-13-40']);

    // Assess
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  });
});
