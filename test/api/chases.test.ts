import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { startTestStack } from '../support/local-stack.js';
import { apiClient, type ApiClient } from './api-client.js';

// The chase over real HTTP: POST /chases starts the synthesized chase state machine, GET /chases/{id}
// describes it, on the Cixi sample imported and broken down through the API.
const sampleYaml = readFileSync(new URL('../../samples/cixi-2022.yaml', import.meta.url), 'utf8');

/** Thursday 2022-10-20: spray-recheck (due 2022-09-30) is 11 working days overdue (通报). */
const DAY = '2022-10-20';

let stack: LocalStack;
let api: ApiClient;
let admin: string;
let viewer: string;
let unit: string;

beforeAll(async () => {
  stack = await startTestStack();
  api = apiClient(stack.url);
  admin = stack.adminToken;
  const imported = await api.call('POST', '/plans', { token: admin, body: sampleYaml, contentType: 'application/yaml' });
  expect(imported.status, JSON.stringify(imported.body)).toBe(201);
  const started = await api.call('POST', '/plans/cixi-2022/breakdowns', { token: admin, body: {} });
  expect((await api.finishedBreakdown('cixi-2022', started.body.executionId, admin)).status).toBe('SUCCEEDED');
  const token = async (body: object) => (await api.call('POST', '/tokens', { token: admin, body })).body.token as string;
  viewer = await token({ role: 'viewer' });
  unit = await token({ role: 'unit', unitId: 'hushan' });
}, 120_000);

afterAll(() => stack?.stop());

async function finished(executionId: string, token: string) {
  return vi.waitFor(
    async () => {
      const run = await api.call('GET', `/chases/${executionId}`, { token });
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      expect(run.body.status).not.toBe('RUNNING');
      return run.body;
    },
    // A whole chase of the sample: in a whole run on 2 cores one has taken over 30 s.
    { timeout: 90_000, interval: 100 },
  );
}

describe('chases', () => {
  it('an admin starts the chase of a day and reads its output once it succeeded', async () => {
    // Act
    const started = await api.call('POST', '/chases', { token: admin, body: { date: DAY } });
    const run = await finished(started.body.executionId, admin);
    const seenByViewer = await api.call('GET', `/chases/${started.body.executionId}`, { token: viewer });

    // Assess
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toEqual({ executionId: expect.stringMatching(new RegExp(`^chase-${DAY}-[0-9a-f]{8}$`)), date: DAY, status: 'RUNNING' });
    expect(run).toMatchObject({ executionId: started.body.executionId, status: 'SUCCEEDED', date: DAY });
    expect(Object.keys(run.output).sort()).toEqual(['date', 'escalations', 'examined', 'notifications']);
    expect(run.output.date).toBe(DAY);
    expect(run.output.examined).toBeGreaterThan(0);
    expect(run.output.escalations.通报).toBeGreaterThan(0);
    expect(run.output.notifications).toBeGreaterThan(0);
    expect(seenByViewer.status).toBe(200);
    expect(seenByViewer.body).toEqual(run);
  });

  it('a unit may neither start nor read a chase (403)', async () => {
    // Prepare
    const started = await api.call('POST', '/chases', { token: admin, body: { date: DAY } });

    // Act
    const start = await api.call('POST', '/chases', { token: unit, body: { date: DAY } });
    const read = await api.call('GET', `/chases/${started.body.executionId}`, { token: unit });
    const viewerStart = await api.call('POST', '/chases', { token: viewer, body: {} });

    // Assess
    expect(start.status).toBe(403);
    expect(read.status).toBe(403);
    expect(viewerStart.status).toBe(403);
    await finished(started.body.executionId, admin);
  });

  it('refuses a day that is not a date and answers 404 for a chase that never ran', async () => {
    // Act
    const badDay = await api.call('POST', '/chases', { token: admin, body: { date: '2022-13-40' } });
    const unknown = await api.call('GET', '/chases/chase-2022-10-20-00000000', { token: admin });
    const malformed = await api.call('GET', '/chases/not-a-chase', { token: admin });

    // Assess
    expect(badDay.status).toBe(400);
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
  });
});
