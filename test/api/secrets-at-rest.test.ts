import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { dynamo } from '../../shared/store/client.js';
import { jsonOf, runCli } from '../support/cli.js';
import { startTestStack } from '../support/local-stack.js';
import { apiClient, type ApiClient } from './api-client.js';

/*
 * No secret at rest: every way a token is made (the API with and without Idempotency-Key and its replay, the
 * CLI on the local stack and through --api), then used, listed and revoked; afterwards no issued token string
 * is in any item of the table, in any file of the data directory but `admin-token`, or in anything the
 * stack logged. Also the token commands' JSON contracts.
 */
const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const TASK = 'cixi-2022.vocs-projects.hushan';
const workDir = mkdtempSync(join(tmpdir(), 'secrets-'));
const dataDir = join(workDir, 'data');

let stack: LocalStack;
let api: ApiClient;
const issued: string[] = [];
const logged: string[] = [];

const env = () => ({ ...process.env, PORT: new URL(stack.url).port, DATA_DIR: dataDir });
const cli = (args: string[]) => runCli(args, env());

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
      original(...args);
    });
  }
  stack = await startTestStack({ dataDir });
  api = apiClient(stack.url);
  expect((await api.call('POST', '/plans', { token: stack.adminToken, body: sampleYaml, contentType: 'application/yaml' })).status).toBe(201);
  const started = await api.call('POST', '/plans/cixi-2022/breakdowns', { token: stack.adminToken, body: {} });
  await api.finishedBreakdown('cixi-2022', started.body.executionId, stack.adminToken);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  vi.restoreAllMocks();
  rmSync(workDir, { recursive: true, force: true });
});

async function post(path: string, token: string, body: unknown, idempotencyKey?: string) {
  const response = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('tokens made, used and revoked', () => {
  it('through the API, with an Idempotency-Key replayed', async () => {
    // Act
    const unit = await post('/tokens', stack.adminToken, { role: 'unit', unitId: 'hushan', label: '浒山街道' }, 'make-hushan');
    const replay = await post('/tokens', stack.adminToken, { role: 'unit', unitId: 'hushan', label: '浒山街道' }, 'make-hushan');
    const reviewer = await post('/tokens', stack.adminToken, { role: 'reviewer', unitId: 'eco-bureau' }, 'make-lead');
    const admin = await post('/tokens', stack.adminToken, { role: 'admin', expiresInDays: 7 });
    issued.push(unit.body.token, reviewer.body.token, admin.body.token);
    const task = await api.call('GET', `/tasks/${TASK}`, { token: unit.body.token });
    const report = await post(`/tasks/${TASK}/updates`, unit.body.token, { asOf: '2022-06-30', done: 1, version: task.body.version }, 'report-1');
    const inbox = await api.call('GET', '/me/notifications', { token: reviewer.body.token });

    // Assess
    expect([unit.status, replay.status, reviewer.status, admin.status]).toEqual([201, 409, 201, 201]);
    expect(replay.body).toMatchObject({ error: 'token_already_issued', tokenId: unit.body.tokenId });
    expect([task.status, report.status, inbox.status]).toEqual([200, 200, 200]);
  });

  it('through the CLI on the local stack and through --api: create, list, revoke', async () => {
    // Act
    const created = await cli(['token', 'create', '--role', 'unit', '--unit', 'gutang', '--label', '古塘街道', '--expires-in', '30', '--link', '--json']);
    const viaApi = await runCli(['--api', stack.url, '--token', stack.adminToken, 'token', 'create', '--role', 'viewer', '--expires-at', '2027-01-31', '--json'], {
      ...process.env,
    });
    issued.push(jsonOf(created).token, jsonOf(viaApi).token);
    const listed = await cli(['token', 'list', '--unit', 'gutang', '--json']);
    const revoked = await cli(['token', 'revoke', jsonOf(created).tokenId, '--json']);
    const refused = await api.call('GET', '/me/tasks', { token: jsonOf(created).token });
    const listedViaApi = await runCli(['--api', stack.url, '--token', stack.adminToken, 'token', 'list', '--role', 'viewer', '--json'], { ...process.env });

    // Assess
    expect(created.code, created.stderr).toBe(0);
    expect(jsonOf(created)).toMatchObject({ token: expect.stringMatching(/^gb_/), tokenId: expect.stringMatching(/^[0-9a-f]{12}$/), role: 'unit', unitId: 'gutang', expiresAt: expect.any(String) });
    expect(Date.parse(jsonOf(created).expiresAt) - Date.parse(jsonOf(created).createdAt)).toBe(30 * 24 * 3600 * 1000);
    expect(jsonOf(created).link).toBe(`${stack.url}/app/signin#token=${jsonOf(created).token}`);
    expect(jsonOf(viaApi).expiresAt).toBe('2027-01-31T16:00:00.000Z');
    expect(jsonOf(listed)).toEqual({
      items: [
        {
          tokenId: jsonOf(created).tokenId,
          role: 'unit',
          unitId: 'gutang',
          label: '古塘街道',
          createdAt: jsonOf(created).createdAt,
          createdBy: expect.stringMatching(/^token:/),
          expiresAt: jsonOf(created).expiresAt,
          lastUsedAt: null,
          revokedAt: null,
          revokedBy: null,
        },
      ],
    });
    expect(jsonOf(revoked)).toMatchObject({ tokenId: jsonOf(created).tokenId, revokedAt: expect.any(String) });
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('token_revoked');
    expect(jsonOf(listedViaApi).items.map((item: { tokenId: string }) => item.tokenId)).toContain(jsonOf(viaApi).tokenId);
  });

  it('the CLI refuses a unit no plan has, naming unitId and the rule', async () => {
    // Act
    const result = await cli(['token', 'create', '--role', 'unit', '--unit', 'atlantis', '--json']);

    // Assess
    expect(result.code).toBe(1);
    expect(jsonOf(result).fields).toEqual([expect.objectContaining({ path: 'unitId', rule: 'unknown_unit' })]);
  });
});

describe('no secret at rest', () => {
  it('no issued token is in any item of the table', async () => {
    // Prepare
    const items: unknown[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey: startKey, ConsistentRead: true }));
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const text = JSON.stringify(items);

    // Assess
    expect(issued).toHaveLength(5);
    expect(items.length).toBeGreaterThan(100);
    expect(text).toContain('IDEMPOTENCY');
    for (const token of [...issued, stack.adminToken]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(token.slice(3));
      // Only the hash is stored, and it is (the one thing a token's item must hold).
      expect(text).toContain(createHash('sha256').update(token).digest('hex'));
    }
  });

  it('no issued token is in any file of the data directory but admin-token, nor in anything logged', () => {
    // Prepare
    const files = filesUnder(dataDir).filter((path) => relative(dataDir, path) !== 'admin-token');
    const contents = files.map((path) => readFileSync(path).toString('latin1') + readFileSync(path).toString('utf8'));

    // Assess
    expect(files.length).toBeGreaterThan(0);
    expect(readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()).toBe(stack.adminToken);
    for (const token of issued) {
      for (const [i, content] of contents.entries()) expect(content.includes(token), files[i]).toBe(false);
      expect(logged.some((line) => line.includes(token))).toBe(false);
    }
    expect(logged.some((line) => line.includes(stack.adminToken))).toBe(false);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
