import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { startTestStack } from '../support/local-stack.js';
import { apiClient, type ApiClient } from './api-client.js';

// A task of the Cixi 2022 sample walked through its life over real HTTP: report, close-out, review,
// close, re-open, and an extension. The clock is set inside 2022 (Date only: timers stay real), so the
// rules that depend on today (reports not in the future, extensions before the deadline) apply as then.
const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');
const TASK = 'cixi-2022.vocs-projects.hushan';
const OTHER_UNITS_TASK = 'cixi-2022.vocs-projects.guanhaiwei';

let stack: LocalStack;
let api: ApiClient;
let admin: string;
let hushan: string;
let guanhaiwei: string;
let ecoBureau: string;
let airOffice: string;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2022-06-15T02:00:00Z'));
  stack = await startTestStack();
  api = apiClient(stack.url);
  admin = stack.adminToken;
  expect((await api.call('POST', '/plans', { token: admin, body: sampleYaml, contentType: 'application/yaml' })).status).toBe(201);
  const started = await api.call('POST', '/plans/cixi-2022/breakdowns', { token: admin, body: {} });
  await api.finishedBreakdown('cixi-2022', started.body.executionId, admin);
  hushan = await token({ role: 'unit', unitId: 'hushan' });
  guanhaiwei = await token({ role: 'unit', unitId: 'guanhaiwei' });
  ecoBureau = await token({ role: 'reviewer', unitId: 'eco-bureau' });
  airOffice = await token({ role: 'reviewer', unitId: 'air-office' });
});

afterAll(async () => {
  await stack?.stop();
  vi.useRealTimers();
});

async function token(body: { role: string; unitId?: string }): Promise<string> {
  const created = await api.call<{ token: string }>('POST', '/tokens', { token: admin, body });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.token;
}

async function read(taskId: string, as = admin) {
  const answer = await api.call('GET', `/tasks/${taskId}`, { token: as });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}

/** A change sent at the version just read. */
async function change(action: string, as: string, body: Record<string, unknown> = {}, taskId = TASK) {
  const { version } = await read(taskId);
  return api.call('POST', `/tasks/${taskId}/${action}`, { token: as, body: { ...body, version } });
}

async function history(taskId = TASK) {
  return api.allPages<{ type: string; by: string; version: number; from: any; to: any; reason?: string; hash: string; prevHash: string }>(`/tasks/${taskId}/history`, admin);
}

async function inbox(as: string) {
  return api.allPages<{ kind: string; taskId?: string; title: string; read: boolean; id: string }>('/me/notifications', as);
}

describe('a task from report to re-open', () => {
  it('starts assigned at version 1, with its light', async () => {
    // Act
    const answer = await api.call('GET', `/tasks/${TASK}`, { token: hushan });

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: TASK, status: 'assigned', version: 1, progress: null });
    // Mid-June, nothing reported against a milestone share due 03-31: behind.
    expect(answer.body.light).toBe('yellow');
  });

  it('takes the unit’s report: in progress, progress kept, one audit event by the unit', async () => {
    // Act
    const reported = await change('updates', hushan, { asOf: '2022-06-14', done: 9, note: '已完成 9 家' });

    // Assess
    expect(reported.status, JSON.stringify(reported.body)).toBe(200);
    expect(reported.body).toMatchObject({ status: 'in_progress', version: 2, progress: { asOf: '2022-06-14', done: 9, note: '已完成 9 家' } });
    const events = await history();
    expect(events.map((e) => e.type)).toEqual(['progress_reported']);
    expect(events[0]!.by).toMatch(/^unit:hushan\//);
  });

  it('refuses a report with fields of another goal kind or from the future, naming the fields, and writes nothing', async () => {
    // Act
    const wrongKind = await change('updates', hushan, { asOf: '2022-06-14', value: 3, period: '2022' });
    const future = await change('updates', hushan, { asOf: '2022-07-01', done: 10 });

    // Assess
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.fields.map((f: { path: string; rule: string }) => `${f.path}:${f.rule}`)).toEqual(
      expect.arrayContaining(['done:required', 'value:not_allowed', 'period:not_allowed']),
    );
    expect(future.status).toBe(400);
    expect(future.body.fields).toContainEqual(expect.objectContaining({ path: 'asOf', rule: 'not_future' }));
    expect(await history()).toHaveLength(1);
  });

  it('refuses a change without a version (428) and at a stale version (409 naming the current one)', async () => {
    // Act
    const unversioned = await api.call('POST', `/tasks/${TASK}/updates`, { token: hushan, body: { asOf: '2022-06-14', done: 10 } });
    const stale = await api.call('POST', `/tasks/${TASK}/updates`, { token: hushan, body: { asOf: '2022-06-14', done: 10, version: 1 } });

    // Assess
    expect(unversioned.status).toBe(428);
    expect(unversioned.body.error).toBe('precondition_required');
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'stale_version' });
    expect(stale.body.message).toContain('version 2');
  });

  it('lets no one else touch the unit’s task: another unit gets 404, a reviewer who does not lead the goal 403', async () => {
    // Act
    const otherUnit = await change('updates', guanhaiwei, { asOf: '2022-06-14', done: 10 });
    const otherRead = await api.call('GET', `/tasks/${TASK}`, { token: guanhaiwei });
    const notTheLead = await change('review', airOffice, { decision: 'accept' });

    // Assess
    expect(otherUnit.status).toBe(404);
    expect(otherRead.status).toBe(404);
    expect(notTheLead.status).toBe(403);
  });

  it('refuses fields a unit may not set (status, target, deadline) as unknown, not ignored', async () => {
    // Act
    const answer = await change('updates', hushan, { asOf: '2022-06-14', done: 10, status: 'closed', target: 1, deadline: '2022-12-31' });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.fields.filter((f: { rule: string }) => f.rule === 'unknown_field').map((f: { path: string }) => f.path).sort()).toEqual(['deadline', 'status', 'target']);
  });

  it('goes to close-out on the unit’s request and tells the lead department', async () => {
    // Act
    const requested = await change('closeout', hushan, { note: '申请销号' });

    // Assess
    expect(requested.status, JSON.stringify(requested.body)).toBe(200);
    expect(requested.body.status).toBe('closeout_requested');
    expect((await inbox(ecoBureau)).filter((n) => n.taskId === TASK).map((n) => n.kind)).toEqual(['closeout_requested']);
  });

  it('answers an illegal step with 409 naming the status and what may be done from it', async () => {
    // Act
    const report = await change('updates', hushan, { asOf: '2022-06-14', done: 11 });
    const close = await change('close', admin);

    // Assess
    expect(report.status).toBe(409);
    expect(report.body.error).toBe('illegal_transition');
    expect(report.body.message).toContain('closeout_requested');
    expect(close.status).toBe(409);
    expect(close.body.message).toMatch(/accept/);
  });

  it('only the goal’s lead department reviews: another reviewer is refused, the unit itself too', async () => {
    // Act
    const byOtherReviewer = await change('review', airOffice, { decision: 'accept' });
    const byUnit = await change('review', hushan, { decision: 'accept' });

    // Assess
    expect(byOtherReviewer.status).toBe(403);
    expect(byUnit.status).toBe(403);
  });

  it('is sent back with a reason, then accepted by the lead, then closed by the bureau (two review levels)', async () => {
    // Act
    const noReason = await change('review', ecoBureau, { decision: 'reject' });
    const rejected = await change('review', ecoBureau, { decision: 'reject', reason: '缺少验收材料' });
    const again = await change('closeout', hushan);
    const accepted = await change('review', ecoBureau, { decision: 'accept' });
    const closed = await change('close', admin, { note: '同意销号' });

    // Assess
    expect(noReason.status).toBe(400);
    expect(noReason.body.fields).toContainEqual(expect.objectContaining({ path: 'reason', rule: 'required' }));
    expect(rejected.body.status).toBe('in_progress');
    expect(again.body.status).toBe('closeout_requested');
    expect(accepted.body.status).toBe('accepted');
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', light: 'green' });
    expect((await inbox(admin)).some((n) => n.taskId === TASK && n.kind === 'closeout_accepted')).toBe(true);
    expect((await inbox(hushan)).filter((n) => n.taskId === TASK).map((n) => n.kind).sort()).toEqual(
      ['closeout_accepted', 'closeout_rejected', 'task_closed'],
    );
  });

  it('is re-opened after a re-check with a reason, counted as a rebound, and the unit is told', async () => {
    // Act
    const reopened = await change('reopen', ecoBureau, { reason: '回头看发现问题' });

    // Assess
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'in_progress', rebounds: 1 });
    const events = await history();
    expect(events.map((e) => e.type)).toEqual([
      'progress_reported',
      'closeout_requested',
      'closeout_rejected',
      'closeout_requested',
      'closeout_accepted',
      'task_closed',
      'task_reopened',
    ]);
    expect(events.at(-1)).toMatchObject({ reason: '回头看发现问题', from: { status: 'closed', rebounds: null }, to: { status: 'in_progress', rebounds: 1 } });
    // Each event links to the one before it.
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
  });

  it('lists the unit’s own tasks with lights, filtered by light, and marks notifications read', async () => {
    // Act
    const mine = await api.allPages<{ id: string; unitId: string; light: string }>('/me/tasks?year=2022', hushan);
    const yellow = await api.allPages<{ light: string }>('/me/tasks?year=2022&light=yellow', hushan);
    const unread = await api.call('GET', '/me/notifications?unread=true', { token: hushan });
    const marked = await api.call('POST', '/me/notifications/read', { token: hushan, body: { all: true } });
    const after = await api.call('GET', '/me/notifications?unread=true', { token: hushan });

    // Assess
    expect(mine.length).toBeGreaterThan(1);
    expect(mine.every((task) => task.unitId === 'hushan')).toBe(true);
    expect(yellow.every((task) => task.light === 'yellow')).toBe(true);
    expect(marked.body.marked).toBe(unread.body.items.length);
    expect(after.body.items).toEqual([]);
  });
});

describe('an extension request', () => {
  it('is filed by the unit before the deadline, waits for the bureau, and moves the deadline on approval', async () => {
    // Act
    const filed = await change('extensions', guanhaiwei, { to: '2022-12-31', reason: '设备到货延迟' }, 'cixi-2022.zero-discharge-parks-city.guanhaiwei');
    const twice = await change('extensions', guanhaiwei, { to: '2022-12-31', reason: '再次申请' }, 'cixi-2022.zero-discharge-parks-city.guanhaiwei');
    const pending = await api.call('GET', '/extensions', { token: admin });
    const byUnit = await api.call('POST', `/extensions/${filed.body.extensionId}/decision`, { token: guanhaiwei, body: { approve: true } });
    const approved = await api.call('POST', `/extensions/${filed.body.extensionId}/decision`, { token: admin, body: { approve: true, note: '同意' } });
    const again = await api.call('POST', `/extensions/${filed.body.extensionId}/decision`, { token: admin, body: { approve: false } });
    const task = await read('cixi-2022.zero-discharge-parks-city.guanhaiwei', guanhaiwei);

    // Assess
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({ extensionId: 'cixi-2022.zero-discharge-parks-city.guanhaiwei~1', status: 'pending', from: '2022-11-30', to: '2022-12-31' });
    expect(twice.status).toBe(409);
    expect(pending.body.items.map((e: { extensionId: string }) => e.extensionId)).toEqual([filed.body.extensionId]);
    expect(byUnit.status).toBe(403);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(again.status).toBe(409);
    expect(task).toMatchObject({ deadline: '2022-12-31', originalDeadline: '2022-11-30' });
    expect(task.pendingExtension).toBeUndefined();
    expect((await api.call('GET', '/extensions', { token: admin })).body.items).toEqual([]);
    const events = await history('cixi-2022.zero-discharge-parks-city.guanhaiwei');
    expect(events.map((e) => [e.type, e.from.deadline, e.to.deadline])).toEqual([
      ['extension_requested', '2022-11-30', '2022-12-31'],
      ['extension_approved', '2022-11-30', '2022-12-31'],
    ]);
    expect((await inbox(guanhaiwei)).map((n) => n.kind)).toContain('extension_approved');
  });

  it('is refused without moving the deadline; a request after the deadline is a 400', async () => {
    // Prepare
    const taskId = 'cixi-2022.spray-recheck.hushan';
    const filed = await change('extensions', hushan, { to: '2022-10-31', reason: '人手不足' }, taskId);

    // Act
    const refused = await api.call('POST', `/extensions/${filed.body.extensionId}/decision`, { token: admin, body: { approve: false, note: '请按期完成' } });
    vi.setSystemTime(new Date('2022-10-08T02:00:00Z'));
    const late = await change('extensions', hushan, { to: '2022-11-30', reason: '逾期后申请' }, taskId);
    vi.setSystemTime(new Date('2022-06-15T02:00:00Z'));

    // Assess
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ status: 'refused', task: { deadline: '2022-09-30' } });
    expect(late.status).toBe(400);
    expect(late.body.fields).toContainEqual(expect.objectContaining({ path: 'deadline', rule: 'too_late' }));
  });
});

describe('a plan with one review level', () => {
  it('closes the task on the lead department’s acceptance, with no step for the bureau', async () => {
    // Prepare: the same plan under another id, its tracking set to one review level.
    const oneLevel = sampleYaml.replace(/^id: cixi-2022$/m, 'id: cixi-2022-one-level').concat('\ntracking:\n  reviewLevels: 1\n');
    expect((await api.call('POST', '/plans', { token: admin, body: oneLevel, contentType: 'application/yaml' })).status).toBe(201);
    const started = await api.call('POST', '/plans/cixi-2022-one-level/breakdowns', { token: admin, body: {} });
    await api.finishedBreakdown('cixi-2022-one-level', started.body.executionId, admin);
    const taskId = 'cixi-2022-one-level.vocs-projects.hushan';
    await change('closeout', hushan, {}, taskId);

    // Act
    const accepted = await change('review', ecoBureau, { decision: 'accept' }, taskId);

    // Assess
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.status).toBe('closed');
    expect((await history(taskId)).map((e) => [e.type, e.to.status])).toEqual([
      ['closeout_requested', 'closeout_requested'],
      ['closeout_accepted', 'closed'],
    ]);
  });
});

describe('an indicator reported off its target', () => {
  const PM25 = 'cixi-2022.pm25.hushan';

  it('keeps the start of the spell off target across reports, and ends it with a report on target', async () => {
    // Act: PM2.5 ≤ 29: 33 in April, 32 in May (both off by more than 10 %), then 28
    const april = await change('updates', hushan, { asOf: '2022-05-06', value: 33, period: '2022-04' }, PM25);
    const may = await change('updates', hushan, { asOf: '2022-06-02', value: 32, period: '2022-05' }, PM25);
    const june = await change('updates', hushan, { asOf: '2022-06-14', value: 28, period: '2022-06' }, PM25);

    // Assess
    expect(april.body.progress.offTargetSince, JSON.stringify(april.body)).toBe('2022-05-06');
    expect(may.body.progress).toMatchObject({ asOf: '2022-06-02', value: 32, offTargetSince: '2022-05-06' });
    expect(june.body.progress.offTargetSince).toBeUndefined();
    expect(june.body.light).toBe('green');
  });
});

describe('the audit trail after it all', () => {
  it('finds every task as its events make it and every event where its time and version put it', async () => {
    // Act
    const { verifyAudit } = await import('../../shared/store/audit-repo.js');
    const report = await verifyAudit({ planId: 'cixi-2022' });

    // Assess
    expect(report.broken).toEqual([]);
    expect(report.events).toBeGreaterThan(10);
  });
});
