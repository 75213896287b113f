import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { startTestStack } from '../support/local-stack.js';
import { apiClient, type ApiClient } from './api-client.js';

// 信息公开 over real HTTP: the Cixi sample, broken down, with a summer of private work on Hushan's tasks
// (notes, evidence, a rejected and then accepted close-out, a re-open, a refused extension). The public plan
// progress must show what an admin approved, counts and lights only: none of those words, names or ids.
const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const TASK = 'cixi-2022.vocs-projects.hushan'; // lead: eco-bureau, due 2022-12-31
const EXTENDABLE_TASK = 'cixi-2022.spray-recheck.hushan'; // due 2022-09-30

let stack: LocalStack;
let api: ApiClient;
let admin: string;
const tokens = { lead: '', viewer: '', unit: '' };
/** Every private value written on the way: none may appear in a public answer. */
const secrets: string[] = [];

const privateWords = {
  note: '浒山内部进度备注甲',
  evidenceName: '浒山VOCs验收报告乙.pdf',
  closeoutNote: '销号申请说明丙',
  rejection: '退回理由：佐证不足丁',
  closeNote: '管理员销号备注戊',
  reopen: '回头看：治理设施停运己',
  extension: '延期理由：设备到货推迟庚',
  refusal: '不予延期辛',
};

const allowed = {
  top: ['asOf', 'goals', 'name', 'planId', 'units', 'year'],
  unit: ['closed', 'completionRate', 'lights', 'tasks', 'unitId', 'unitName'],
  goal: ['closed', 'completionRate', 'goalId', 'lights', 'tasks', 'title'],
  lights: ['green', 'red', 'yellow'],
};

async function change(path: string, token: string, body: object, taskId = TASK) {
  const { version } = (await api.call('GET', `/tasks/${taskId}`, { token: admin })).body;
  const answer = await api.call('POST', path, { token, body: { ...body, version } });
  expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
  return answer.body;
}

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2022-06-15T02:00:00Z'));
  stack = await startTestStack();
  api = apiClient(stack.url);
  admin = stack.adminToken;
  await api.call('POST', '/plans', { token: admin, body: sampleYaml, contentType: 'application/yaml' });
  const started = await api.call('POST', '/plans/cixi-2022/breakdowns', { token: admin, body: {} });
  expect((await api.finishedBreakdown('cixi-2022', started.body.executionId, admin)).status).toBe('SUCCEEDED');
  const make = async (body: object) => (await api.call('POST', '/tokens', { token: admin, body })).body.token as string;
  tokens.lead = await make({ role: 'reviewer', unitId: 'eco-bureau', label: '生态环境局审核员张某' });
  tokens.viewer = await make({ role: 'viewer', label: '市领导李某' });
  tokens.unit = await make({ role: 'unit', unitId: 'hushan', label: '浒山街道联络员王某' });

  const pdf = Buffer.from('%PDF-1.4 浒山验收材料');
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  const evidence = await api.call('POST', `/tasks/${TASK}/evidence`, {
    token: tokens.unit,
    body: { fileName: privateWords.evidenceName, contentType: 'application/pdf', size: pdf.length, sha256 },
  });
  expect(evidence.status, JSON.stringify(evidence.body)).toBe(201);
  await change(`/tasks/${TASK}/updates`, tokens.unit, { asOf: '2022-06-14', done: 5, note: privateWords.note, evidence: [evidence.body.evidenceId] });
  await change(`/tasks/${TASK}/closeout`, tokens.unit, { note: privateWords.closeoutNote });
  await change(`/tasks/${TASK}/review`, tokens.lead, { decision: 'reject', reason: privateWords.rejection });
  await change(`/tasks/${TASK}/closeout`, tokens.unit, {});
  await change(`/tasks/${TASK}/review`, tokens.lead, { decision: 'accept' });
  await change(`/tasks/${TASK}/close`, admin, { note: privateWords.closeNote });
  await change(`/tasks/${TASK}/reopen`, tokens.lead, { reason: privateWords.reopen });
  const extension = await change(`/tasks/${EXTENDABLE_TASK}/extensions`, tokens.unit, { to: '2022-12-31', reason: privateWords.extension }, EXTENDABLE_TASK);
  const decided = await api.call('POST', `/extensions/${extension.extensionId}/decision`, { token: admin, body: { approve: false, note: privateWords.refusal } });
  expect(decided.status, JSON.stringify(decided.body)).toBe(200);

  // Whatever the history holds about people and files: who did what, the evidence ids and digests.
  const history = await api.allPages<Record<string, unknown>>(`/tasks/${TASK}/history`, admin);
  const extensionHistory = await api.allPages<Record<string, unknown>>(`/tasks/${EXTENDABLE_TASK}/history`, admin);
  const task = (await api.call('GET', `/tasks/${TASK}`, { token: admin })).body;
  secrets.push(
    ...Object.values(privateWords),
    ...Object.values(tokens),
    admin,
    evidence.body.evidenceId,
    sha256,
    extension.extensionId,
    ...[...history, ...extensionHistory].flatMap((event) => [event.by, event.hash, event.prevHash].filter((value): value is string => typeof value === 'string')),
    task.progress.reportedBy,
  );
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  vi.useRealTimers();
});

/** Every key and every string of a JSON value, with where it is. */
function walk(value: unknown, at = '$', visit: (at: string, key: string | undefined, value: unknown) => void = () => undefined): void {
  visit(at, undefined, value);
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${at}[${i}]`, visit));
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      visit(at, key, inner);
      walk(inner, `${at}.${key}`, visit);
    }
  }
}

describe('GET /public/plans/{planId}/progress', () => {
  it('is 404 without a token until an admin approves the plan for the public, which only an admin may', async () => {
    // Act
    const before = await api.call('GET', '/public/plans/cixi-2022/progress');
    const byViewer = await api.call('POST', '/plans/cixi-2022/disclosure', { token: tokens.viewer });
    const byUnit = await api.call('POST', '/plans/cixi-2022/disclosure', { token: tokens.unit });
    const noPlan = await api.call('POST', '/plans/cixi-2099/disclosure', { token: admin });
    const approved = await api.call('POST', '/plans/cixi-2022/disclosure', { token: admin });

    // Assess
    expect(before.status, JSON.stringify(before.body)).toBe(404);
    expect(before.body.error).toBe('not_found');
    expect(byViewer.status).toBe(403);
    expect(byUnit.status).toBe(403);
    expect(noPlan.status).toBe(404);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ approvedAt: expect.stringMatching(/^2022-06-15T/) });
  });

  it('answers rates and lights per unit and per goal as of today, without a token', async () => {
    // Prepare
    const hushanTasks = await api.allPages<{ status: string }>('/units/hushan/tasks?year=2022', admin);

    // Act
    const answer = await api.call('GET', '/public/plans/cixi-2022/progress');

    // Assess
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ planId: 'cixi-2022', year: 2022, asOf: '2022-06-15' });
    expect(answer.body.units).toHaveLength(28);
    const hushan = answer.body.units.find((unit: { unitId: string }) => unit.unitId === 'hushan');
    const open = hushanTasks.filter((task) => task.status !== 'withdrawn').length;
    // Re-opened: nothing of Hushan's is closed.
    expect(hushan).toEqual({ unitId: 'hushan', unitName: '浒山街道', tasks: open, closed: 0, completionRate: 0, lights: expect.any(Object) });
    expect(hushan.lights.green + hushan.lights.yellow + hushan.lights.red).toBe(open);
    const vocs = answer.body.goals.find((goal: { goalId: string }) => goal.goalId === 'vocs-projects');
    expect(vocs).toMatchObject({ closed: 0, completionRate: 0 });
  });

  it('leaks nothing private: no note, reason, evidence, person, token or hash, and no key outside the allow-list', async () => {
    // Act
    const answer = await api.call('GET', '/public/plans/cixi-2022/progress', { token: 'gb_not-a-token' });

    // Assess
    expect(answer.status).toBe(200);
    const text = JSON.stringify(answer.body);
    for (const secret of secrets) expect(text.includes(secret), `leaks ${secret}`).toBe(false);
    const unexpected: string[] = [];
    walk(answer.body, '$', (at, key) => {
      if (key === undefined) return;
      const level = at === '$' ? allowed.top : /\.lights$/.test(at) ? allowed.lights : /^\$\.units\[\d+\]$/.test(at) ? allowed.unit : /^\$\.goals\[\d+\]$/.test(at) ? allowed.goal : [];
      if (!level.includes(key)) unexpected.push(`${at}.${key}`);
    });
    expect(unexpected).toEqual([]);
    expect(answer.body.units.length).toBeGreaterThan(0);
  });

  it('refuses malformed ids and query parameters (400) and says nothing of plans that do not exist (404)', async () => {
    // Act
    const badId = await api.call('GET', '/public/plans/Cixi_2022/progress');
    const query = await api.call('GET', '/public/plans/cixi-2022/progress?unit=hushan');
    const missing = await api.call('GET', '/public/plans/cixi-2099/progress');

    // Assess
    expect(badId.status).toBe(400);
    expect(badId.body.fields).toEqual([expect.objectContaining({ path: 'planId', rule: 'slug' })]);
    expect(query.status).toBe(400);
    expect(query.body.fields).toEqual([expect.objectContaining({ path: 'unit', rule: 'unknown_field' })]);
    expect(missing.status).toBe(404);
  });
});

describe('GET /public/assessments/{year}', () => {
  it('is 404 before a run is published and approved, and 400 pattern for a year that is not one', async () => {
    // Act
    const before = await api.call('GET', '/public/assessments/2022');
    const approve = await api.call('POST', '/assessments/2022/disclosure', { token: admin });
    const badYear = await api.call('GET', '/public/assessments/1999');

    // Assess
    expect(before.status).toBe(404);
    // Nothing is published to approve.
    expect(approve.status).toBe(404);
    expect(badYear.status).toBe(400);
    expect(badYear.body.fields).toEqual([expect.objectContaining({ path: 'year', rule: 'pattern' })]);
  });
});
