import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalStack } from '../../infra/local/local-stack.js';
import { useTestTable } from '../support/test-table.js';
import { templates } from '../support/templates.js';

const dataDir = mkdtempSync(join(tmpdir(), 'local-stack-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('createLocalStack with a data dir', () => {
  it('writes an admin token the real authorizer accepts, keeps it private and reuses it after a restart', async () => {
    // Prepare
    const options = { templates: templates(), dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT!, tableName: await useTestTable(), dataDir };
    const first = await createLocalStack(options);
    const firstToken = first.adminToken;
    await first.stop();

    // Act
    const second = await createLocalStack(options);
    const listed = await fetch(`${second.url}/plans`, { headers: { authorization: `Bearer ${second.adminToken}` } });
    await second.stop();

    // Assess
    expect(second.adminToken).toBe(firstToken);
    expect(readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()).toBe(firstToken);
    expect(statSync(join(dataDir, 'admin-token')).mode & 0o777).toBe(0o600);
    expect(listed.status).toBe(200);
  });

  it('refuses a second stack on a data dir in use', async () => {
    // Prepare
    const options = { templates: templates(), dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT!, tableName: await useTestTable(), dataDir };
    const running = await createLocalStack(options);

    // Act
    const second = createLocalStack(options);

    // Assess
    await expect(second).rejects.toThrow(/is in use by another local stack/);
    await running.stop();
  });
});
