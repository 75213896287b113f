import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.js';
import { synthTemplates } from '../../infra/local/template.js';
import { WORKERS } from '../../vitest.config.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** One per worker (`VITEST_POOL_ID` − 1): test/support/setup-file.ts picks its own. */
    dynamodbEndpoints: string[];
    /** Folder with `stateful.json` and `stateless.json`: the one synth shared by every test file. */
    templatesDir: string;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // A server per worker: on one server for both, the chase-page file took 12 s alone and 109 s in the suite.
  const [templatesDir, ...servers] = await Promise.all([synthOnce(), ...Array.from({ length: WORKERS }, () => startDynamoDbLocal())]);
  project.provide('dynamodbEndpoints', servers.map((server) => server.endpoint));
  project.provide('templatesDir', templatesDir);
  return async () => {
    await Promise.all(servers.map((server) => server.stop()));
    rmSync(templatesDir, { recursive: true, force: true });
  };
}

async function synthOnce(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'goal-breakdown-synth-'));
  const templates = synthTemplates(join(dir, 'cdk.out'));
  writeFileSync(join(dir, 'stateful.json'), JSON.stringify(templates.stateful));
  writeFileSync(join(dir, 'stateless.json'), JSON.stringify(templates.stateless));
  return dir;
}
