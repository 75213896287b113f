import { describe, expect, it } from 'vitest';
import { localRuntimeProblems, taskBindings, type AslDefinition } from '../../infra/local/state-machines.js';

describe('what the local interpreter cannot run', () => {
  it('is named: JSONata, Assign, task tokens and a state name used twice', () => {
    // Prepare
    const definition: AslDefinition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
        B: { Type: 'Pass', QueryLanguage: 'JSONata', Next: 'C' },
        C: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'A',
            States: { A: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken', End: true } },
          },
          End: true,
        },
      },
    };

    // Act
    const problems = localRuntimeProblems(definition);

    // Assess
    expect(problems).toEqual([
      'state A uses Assign',
      'state B uses QueryLanguage JSONata',
      'state name A is used twice (local Task handlers are keyed by state name)',
      'state A waits for a task token',
    ]);
  });

  it('finds Task states inside Parallel branches and refuses other service integrations', () => {
    // Prepare
    const task = (Resource: string, Parameters?: Record<string, unknown>) => ({ Type: 'Task', Resource, ...(Parameters ? { Parameters } : {}), End: true });
    const definition: AslDefinition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Direct', States: { Direct: task('arn:aws:lambda:us-east-1:000000000000:function:one') } },
            { StartAt: 'Invoke', States: { Invoke: task('arn:aws:states:::lambda:invoke', { FunctionName: 'two', 'Payload.$': '$' }) } },
          ],
          End: true,
        },
      },
    };
    const dynamo: AslDefinition = { StartAt: 'Put', States: { Put: task('arn:aws:states:::dynamodb:putItem') } };

    // Act
    const bindings = taskBindings(definition);

    // Assess
    expect(bindings).toEqual([
      { stateName: 'Direct', form: 'function', target: 'arn:aws:lambda:us-east-1:000000000000:function:one' },
      { stateName: 'Invoke', form: 'invoke', target: 'two' },
    ]);
    expect(() => taskBindings(dynamo)).toThrow(/Put: arn:aws:states:::dynamodb:putItem cannot run locally/);
  });
});
