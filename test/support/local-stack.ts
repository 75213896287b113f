import { createLocalStack, type LocalStack, type LocalStackOptions } from '../../infra/local/local-stack.js';
import { MAX_LIFETIME_DAYS } from '../../shared/auth/token-lifetime.js';
import { templates } from './templates.js';
import { useTestTable } from './test-table.js';

/**
 * The local stack for one test file, on the run's shared synth and DynamoDB Local, with a fresh table and
 * short Retry waits; `overrides` add stand-in handlers, a data dir, … (one stack per file: handlers share
 * process.env). The schedules' timers are off unless `overrides` turn them on.
 */
export async function startTestStack(overrides: Partial<LocalStackOptions> = {}): Promise<LocalStack> {
  return createLocalStack({
    templates: templates(),
    dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT!,
    tableName: overrides.tableName ?? (await useTestTable()),
    retryDelayMs: 10,
    schedules: false,
    // Tests move the clock through a plan's year: the admin token must outlive an admin's 30 days.
    adminTokenDays: MAX_LIFETIME_DAYS,
    ...overrides,
  });
}
