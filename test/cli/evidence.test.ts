import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError, type CliContext } from '../../cli/context.js';
import { uploadEvidence } from '../../cli/evidence.js';
import type { LocalStack } from '../../infra/local/local-stack.js';
import type { Task } from '../../shared/domain/task.js';
import { MAX_EVIDENCE_BYTES } from '../../functions/tasks/schema.js';
import { parsePlanText } from '../../shared/plans/parse-plan-text.js';
import { apiClient, type ApiClient } from '../api/api-client.js';
import { startTestStack } from '../support/local-stack.js';

// uploadEvidence against a local stack with a data dir: the file goes through the API's upload URL to
// the local S3 endpoint, which keeps it under <dataDir>/evidence/<key> as `npm start` does.
const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const parsed = parsePlanText(sampleYaml, 'yaml');
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const planId = parsed.value.id;

const workDir = mkdtempSync(join(tmpdir(), 'cli-evidence-'));
const dataDir = join(workDir, 'data');

let stack: LocalStack;
let api: ApiClient;
let hushan: CliContext;
let gutang: CliContext;
let task: Task;

beforeAll(async () => {
  stack = await startTestStack({ dataDir });
  api = apiClient(stack.url);
  const admin = stack.adminToken;
  await api.call('POST', '/plans', { token: admin, body: sampleYaml, contentType: 'application/yaml' });
  const started = await api.call('POST', `/plans/${planId}/breakdowns`, { token: admin, body: {} });
  await api.finishedBreakdown(planId, started.body.executionId, admin);
  const token = async (unitId: string) => (await api.call('POST', '/tokens', { token: admin, body: { role: 'unit', unitId } })).body.token as string;
  hushan = { api: stack.url, token: await token('hushan'), json: false };
  gutang = { api: stack.url, token: await token('gutang'), json: false };
  task = (await api.allPages<Task>('/units/hushan/tasks', hushan.token))[0]!;
});

afterAll(async () => {
  await stack?.stop();
  rmSync(workDir, { recursive: true, force: true });
});

function file(name: string, content: string | Buffer): string {
  const path = join(workDir, name);
  writeFileSync(path, content);
  return path;
}

async function failure(promise: Promise<unknown>): Promise<CliError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CliError);
  return error as CliError;
}

describe('uploadEvidence', () => {
  it('uploads the file and returns its evidence id; the API describes it and the bytes are kept in the data dir', async () => {
    // Prepare
    const content = Buffer.from('%PDF-1.4\n整改完成\n%%EOF\n');
    const path = file('整改报告.pdf', content);

    // Act
    const evidenceId = await uploadEvidence(hushan, task.id, path);
    const read = await api.call('GET', `/tasks/${task.id}/evidence/${evidenceId}`, { token: hushan.token });
    const downloaded = Buffer.from(await (await fetch(read.body.download.url)).arrayBuffer());

    // Assess
    expect(evidenceId).toMatch(/^ev-[a-z2-7]{26}$/);
    expect(read.body).toMatchObject({ fileName: '整改报告.pdf', contentType: 'application/pdf', size: content.length });
    expect(downloaded.equals(content)).toBe(true);
    expect(readFileSync(join(dataDir, 'evidence', task.id, evidenceId)).equals(content)).toBe(true);
  });

  it('takes the type from the extension, in any case', async () => {
    // Act
    const evidenceId = await uploadEvidence(hushan, task.id, file('现场照片.JPG', Buffer.from([0xff, 0xd8, 0xff, 0xe0])));
    const read = await api.call('GET', `/tasks/${task.id}/evidence/${evidenceId}`, { token: hushan.token });

    // Assess
    expect(read.body.contentType).toBe('image/jpeg');
  });

  it('refuses locally, naming the file in both languages, a type the API does not take, an empty, a too large and a missing file', async () => {
    // Prepare
    const large = file('large.pdf', '');
    truncateSync(large, MAX_EVIDENCE_BYTES + 1);

    // Act
    const tooLarge = await failure(uploadEvidence(hushan, task.id, large));
    const zip = await failure(uploadEvidence(hushan, task.id, file('材料.zip', 'PK')));
    const empty = await failure(uploadEvidence(hushan, task.id, file('empty.pdf', '')));
    const missing = await failure(uploadEvidence(hushan, task.id, join(workDir, 'nowhere.pdf')));

    // Assess
    expect(zip.message).toMatch(/材料\.zip is not an accepted type \(\.pdf .*\.csv\)/);
    expect(zip.messageZh).toContain('证明材料');
    expect(empty.message).toMatch(/empty\.pdf is empty/);
    expect(empty.messageZh).toMatch(/empty\.pdf 是空文件/);
    expect(tooLarge.message).toMatch(/large\.pdf is 20971521 bytes, more than the 20 MiB allowed/);
    expect(missing.message).toMatch(/nowhere\.pdf cannot be read/);
  });

  it("fails with the API's answer, naming the file, when the task is not the unit's", async () => {
    // Act
    const refused = await failure(uploadEvidence(gutang, task.id, file('gutang.pdf', '%PDF-1.4')));

    // Assess
    expect(refused.message).toMatch(/gutang\.pdf: the API refused the upload: Not found/);
    expect(refused.messageZh).toMatch(/gutang\.pdf：接口拒绝上传/);
    expect(refused.details).toMatchObject({ status: 404, error: 'not_found' });
  });
});
