import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../infra/local/local-stack.js';
import { parseCheckpoint } from '../../shared/domain/audit-checkpoint.js';
import { breakDownCixi } from '../integration/chase/cixi.js';
import { startTestStack } from '../support/local-stack.js';

// The synthesized chase state machine with the real handlers on a local stack with a data dir: its
// WriteCheckpoint state puts the day's checkpoint through the local S3 endpoint, which keeps the audit
// bucket's objects as files under the data dir, each written once.

/** Thursday 2022-10-20: the chase escalates some of the Cixi tasks, so chains grow before the checkpoint. */
const DAY = '2022-10-20';

const dataDir = mkdtempSync(join(tmpdir(), 'chase-checkpoint-'));
let stack: LocalStack;
let sfn: SFNClient;

beforeAll(async () => {
  stack = await startTestStack({ dataDir });
  sfn = new SFNClient({ endpoint: stack.sfnEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  await breakDownCixi();
});
afterAll(async () => {
  sfn?.destroy();
  await stack?.stop();
});

async function chase(name: string) {
  const machine = stack.runner.stateMachines.find((m) => m.definition.StartAt === 'PlanChase')!;
  const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name, input: JSON.stringify({ date: DAY }) }));
  return stack.runner.wait(started.executionArn!);
}

const checkpointsDir = () => join(dataDir, 'audit', 'checkpoints', stack.tableName);
const checkpointFiles = () => readdirSync(checkpointsDir()).filter((name) => name.endsWith('.json')).sort();

describe('the chase’s checkpoint', () => {
  it('is written after the day’s escalations, under $DATA_DIR/audit/checkpoints/<table>/, and every chain agrees with it', async () => {
    // Prepare
    const { readChainHeads, verifyAudit } = await import('../../shared/store/audit-repo.js');

    // Act
    const run = await chase('chase-checkpoint-1');

    // Assess
    expect(run.status, run.output ?? run.error).toBe('SUCCEEDED');
    expect(JSON.parse(run.output!)).not.toHaveProperty('checkpoint');
    const files = checkpointFiles();
    expect(files).toHaveLength(1);
    const checkpoint = parseCheckpoint(JSON.parse(readFileSync(join(checkpointsDir(), files[0]!), 'utf8')))!;
    expect(checkpoint).toBeDefined();
    expect(files[0]).toBe(`${checkpoint.at.replace(/:/g, '')}.json`);
    expect(checkpoint.heads).toEqual([...(await readChainHeads())].sort((a, b) => (a.taskId < b.taskId ? -1 : 1)));
    expect(checkpoint.heads.some((head) => head.version > 1)).toBe(true);
    expect(await verifyAudit({ checkpoint })).toMatchObject({ chains: checkpoint.chains, broken: [] });
  });

  it('is written again by the next run, as a file of its own, the first one left as it was', async () => {
    // Prepare
    const [first] = checkpointFiles();
    const before = readFileSync(join(checkpointsDir(), first!), 'utf8');

    // Act
    const run = await chase('chase-checkpoint-2');

    // Assess
    expect(run.status, run.output ?? run.error).toBe('SUCCEEDED');
    const files = checkpointFiles();
    expect(files).toHaveLength(2);
    expect(files[0]).toBe(first);
    expect(readFileSync(join(checkpointsDir(), first!), 'utf8')).toBe(before);
  });
});
