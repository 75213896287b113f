import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { templates } from '../support/templates.js';
import { allStates, definitionOf, fakeFunctionArn, functionByEntry, resourcesOfType } from './template-support.js';

const TASKS = 'workflows/breakdown/tasks';

function breakdown() {
  const machines = resourcesOfType(templates().stateless, 'AWS::StepFunctions::StateMachine').filter(([id]) => id.startsWith('Breakdown'));
  if (machines.length !== 1) throw new Error(`expected one breakdown state machine, found ${machines.length}`);
  const [logicalId] = machines[0]!;
  const asl = definitionOf(templates().stateless, logicalId);
  return { logicalId, asl, states: allStates(asl) };
}

const arnOf = (entry: string) => fakeFunctionArn(functionByEntry(templates().stateless, entry).logicalId);

describe('the breakdown state machine', () => {
  it('has the states of docs/architecture.md, starting with ValidatePlan', () => {
    const { asl, states } = breakdown();

    expect(asl.StartAt).toBe('ValidatePlan');
    expect(Object.keys(states).sort()).toEqual(
      ['ValidatePlan', 'BreakDownGoals', 'WriteGoalTasks', 'FinishBreakdown', 'AnyChanges', 'NotifyUnits', 'Done', 'RecordFailure', 'Failed'].sort(),
    );
    expect(asl.TimeoutSeconds).toBe(3600);
  });

  it('runs the path ValidatePlan → BreakDownGoals → FinishBreakdown → AnyChanges → NotifyUnits | Done', () => {
    const { states } = breakdown();

    expect(states.ValidatePlan?.Next).toBe('BreakDownGoals');
    expect(states.BreakDownGoals?.Next).toBe('FinishBreakdown');
    expect(states.FinishBreakdown?.Next).toBe('AnyChanges');
    expect(states.AnyChanges).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.changed', BooleanEquals: true, Next: 'NotifyUnits' }],
      Default: 'Done',
    });
    expect(states.NotifyUnits?.Next).toBe('Done');
    expect(states.Done?.Type).toBe('Succeed');
  });

  it('invokes each task function by its ARN (the handler gets the state input as is)', () => {
    const { states } = breakdown();

    expect(states.ValidatePlan?.Resource).toBe(arnOf(`${TASKS}/validate-plan.ts`));
    expect(states.WriteGoalTasks?.Resource).toBe(arnOf(`${TASKS}/write-goal-tasks.ts`));
    expect(states.FinishBreakdown?.Resource).toBe(arnOf(`${TASKS}/finish-breakdown.ts`));
    expect(states.NotifyUnits?.Resource).toBe(arnOf(`${TASKS}/notify-units.ts`));
    expect(states.RecordFailure?.Resource).toBe(arnOf(`${TASKS}/finish-breakdown.ts`));
  });

  it('maps over the goal ids, four at a time, with the run fields and the goal id, results to $.goalResults', () => {
    expect(breakdown().states.BreakDownGoals).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.goalIds',
      MaxConcurrency: 4,
      ResultPath: '$.goalResults',
      ItemSelector: {
        'planId.$': '$.planId',
        'revision.$': '$.revision',
        'executionId.$': '$.executionId',
        'startedAt.$': '$.startedAt',
        'goalId.$': '$$.Map.Item.Value',
      },
      ItemProcessor: { StartAt: 'WriteGoalTasks' },
    });
  });

  it('retries RetryableError and the Lambda service errors on every task, capped and with full jitter', () => {
    const tasks = Object.entries(breakdown().states).filter(([, s]) => s.Type === 'Task');

    expect(tasks).toHaveLength(5);
    for (const [name, task] of tasks) {
      const retry = task.Retry?.[0];
      expect(retry?.ErrorEquals, name).toEqual(
        expect.arrayContaining(['RetryableError', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException']),
      );
      expect(retry?.JitterStrategy, name).toBe('FULL');
      expect(retry?.MaxDelaySeconds, name).toBeGreaterThan(0);
    }
  });

  it('catches any failure of the Map and the tasks into RecordFailure (error at $.error), then Failed', () => {
    const { states } = breakdown();

    for (const name of ['ValidatePlan', 'BreakDownGoals', 'FinishBreakdown', 'NotifyUnits']) {
      expect(states[name]?.Catch, name).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' }]);
    }
    expect(states.RecordFailure?.Next).toBe('Failed');
    expect(states.Failed).toMatchObject({ Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' });
  });

  it('uses JSONPath only: no JSONata, no variables (the local interpreter ignores both)', () => {
    const { asl, states } = breakdown();

    expect(asl.QueryLanguage).toBeUndefined();
    for (const [name, state] of Object.entries(states)) {
      expect(state.QueryLanguage, name).toBeUndefined();
      expect(state.Assign, name).toBeUndefined();
      expect(state.Arguments, name).toBeUndefined();
      expect(state.Output, name).toBeUndefined();
    }
  });

  it('is a Standard state machine with full logging and X-Ray tracing', () => {
    Template.fromJSON(templates().stateless).hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Level: 'ALL' },
      TracingConfiguration: { Enabled: true },
    });
  });
});
