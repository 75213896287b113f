import { describe, expect, it } from 'vitest';
import { fakeArn } from '../../infra/local/fake-aws.js';
import { createFunctionRegistry, mergedEnvironment, type LocalFunction } from '../../infra/local/functions.js';

const fn = (logicalId: string, environment: Record<string, string> = {}): LocalFunction => ({
  logicalId,
  name: logicalId,
  arn: fakeArn.function(logicalId),
  entry: `fake/${logicalId}.ts`,
  environment,
  timeoutSeconds: 10,
  memoryMb: 512,
});

describe('function registry', () => {
  it('merges the functions environments into one and refuses two values for one name', () => {
    // Prepare
    const agreeing = [fn('A', { TABLE_NAME: 't', ONLY_A: '1' }), fn('B', { TABLE_NAME: 't' })];
    const conflicting = [fn('A', { MODE: 'fast' }), fn('B', { MODE: 'slow' })];

    // Act
    const merged = mergedEnvironment(agreeing);

    // Assess
    expect(merged).toEqual({ TABLE_NAME: 't', ONLY_A: '1' });
    expect(() => mergedEnvironment(conflicting)).toThrow(/MODE differs between functions A \(fast\) and B \(slow\)[\s\S]*环境变量 MODE/);
  });

  it('finds a function by ARN with or without qualifier, by name and by logical id', () => {
    // Prepare
    const registry = createFunctionRegistry([fn('Plans')]);

    // Act
    const found = [fakeArn.function('Plans'), `${fakeArn.function('Plans')}:live`, 'Plans', 'Plans:$LATEST'].map((ref) => registry.find(ref)?.logicalId);

    // Assess
    expect(found).toEqual(['Plans', 'Plans', 'Plans', 'Plans']);
    expect(registry.find(fakeArn.function('Other'))).toBeUndefined();
  });

  it('invokes like Lambda: JSON in and out, with a context', async () => {
    // Prepare
    let received: { event: unknown; functionName: string; remaining: number } | undefined;
    const registry = createFunctionRegistry([fn('Clock')], {
      handlers: {
        'fake/Clock.ts': (event, context) => {
          received = { event, functionName: context.functionName, remaining: context.getRemainingTimeInMillis() };
          return { at: new Date('2026-01-01T00:00:00Z'), nothing: undefined };
        },
      },
    });

    // Act
    const result = await registry.invoke(registry.functions[0]!, { when: new Date('2026-02-01T00:00:00Z') });

    // Assess
    expect(result).toEqual({ at: '2026-01-01T00:00:00.000Z' });
    expect(received).toMatchObject({ event: { when: '2026-02-01T00:00:00.000Z' }, functionName: 'Clock' });
    expect(received!.remaining).toBeGreaterThan(9000);
  });
});
