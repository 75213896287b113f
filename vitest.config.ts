import { defineConfig } from 'vitest/config';
import { HeavyFirst } from './test/support/heavy-first.js';

/** Files run at once; the global setup starts one DynamoDB Local for each of them (test/support/global-setup.ts). */
export const WORKERS = 2;

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One CDK synth per run shared by every test file, and a DynamoDB Local per worker shared by its files.
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-file.ts'],
    pool: 'forks',
    // Two files at once on 2 cores (vitest's default is cores − 1 = 1): most of a file's time is spent waiting
    // on DynamoDB Local, HTTP and polled executions. Measured on the whole suite: 461 s instead of 589 s.
    maxWorkers: WORKERS,
    // Generous: the workflow and CLI tests run whole chases; on a busy 2-core machine one takes tens of seconds.
    testTimeout: 120_000,
    // The slowest files first, so that the two workers end together (test/support/heavy-first.ts).
    sequence: { sequencer: HeavyFirst },
    hookTimeout: 180_000,
  },
});
