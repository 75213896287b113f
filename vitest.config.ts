import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local and one CDK synth per run, shared by every test file.
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-file.ts'],
    pool: 'forks',
    // Generous: the workflow and CLI tests run whole chases; on a busy 2-core machine one takes tens of seconds.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
