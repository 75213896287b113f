import { inject } from 'vitest';

// Handlers read configuration at module load: these must be set before any of them is imported.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';
// The worker's own DynamoDB Local (test/support/global-setup.ts): files of one worker run one after another.
const endpoints = inject('dynamodbEndpoints');
process.env.DYNAMODB_ENDPOINT = endpoints[(Number(process.env.VITEST_POOL_ID ?? 1) - 1) % endpoints.length];
// Tests that import a handler directly (not through the local stack) need its configuration too.
process.env.EVIDENCE_BUCKET ??= 'evidence-test';
