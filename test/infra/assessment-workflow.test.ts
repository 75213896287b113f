import { describe, expect, it } from 'vitest';
import { templates } from '../support/templates.js';
import { allStates, definitionOf, fakeFunctionArn, functionByEntry, resourcesOfType } from './template-support.js';

const TASKS = 'workflows/assessment/tasks';

function assessment() {
  const machines = resourcesOfType(templates().stateless, 'AWS::StepFunctions::StateMachine').filter(([id]) => id.startsWith('Assessment'));
  if (machines.length !== 1) throw new Error(`expected one assessment state machine, found ${machines.length}`);
  const [logicalId] = machines[0]!;
  const asl = definitionOf(templates().stateless, logicalId);
  return { logicalId, asl, states: allStates(asl) };
}

const arnOf = (entry: string) => fakeFunctionArn(functionByEntry(templates().stateless, entry).logicalId);

/** Every statement of the policies attached to the role of the function with this entry. */
function statementsOf(entry: string): { Action: string | string[]; Resource: unknown }[] {
  const template = templates().stateless;
  const role = (functionByEntry(template, entry).properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return resourcesOfType(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties?.Roles as { Ref: string }[]).some((ref) => ref.Ref === role))
    .flatMap(([, policy]) => (policy.Properties?.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
}
const actionsOf = (entry: string) => statementsOf(entry).flatMap((statement) => [statement.Action].flat());

describe('the assessment state machine', () => {
  it('runs PrepareAssessment → ScoreUnits → RankUnits → DryRun? → PublishReport → NotifyUnits → FinishRun, a dry run straight to FinishRun', () => {
    const { asl, states } = assessment();

    expect(asl.StartAt).toBe('PrepareAssessment');
    expect(Object.keys(states).sort()).toEqual(
      ['PrepareAssessment', 'ScoreUnits', 'ScoreBatch', 'RankUnits', 'DryRun?', 'PublishReport', 'NotifyUnits', 'FinishRun', 'Done', 'RecordFailure', 'Failed'].sort(),
    );
    expect(states.PrepareAssessment?.Next).toBe('ScoreUnits');
    expect(states.ScoreUnits?.Next).toBe('RankUnits');
    expect(states.RankUnits?.Next).toBe('DryRun?');
    expect(states['DryRun?']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.dryRun', BooleanEquals: true, Next: 'FinishRun' }],
      Default: 'PublishReport',
    });
    expect(states.PublishReport?.Next).toBe('NotifyUnits');
    expect(states.NotifyUnits).toMatchObject({ Next: 'FinishRun', ResultPath: '$.notified' });
    expect(states.FinishRun?.Next).toBe('Done');
    expect(asl.TimeoutSeconds).toBe(2 * 3600);
  });

  it('invokes each task function by its ARN; RecordFailure is FinishRun\'s function', () => {
    const { states } = assessment();

    expect(states.PrepareAssessment?.Resource).toBe(arnOf(`${TASKS}/prepare.ts`));
    expect(states.ScoreBatch?.Resource).toBe(arnOf(`${TASKS}/score-batch.ts`));
    expect(states.RankUnits?.Resource).toBe(arnOf(`${TASKS}/rank.ts`));
    expect(states.PublishReport?.Resource).toBe(arnOf(`${TASKS}/publish.ts`));
    expect(states.NotifyUnits?.Resource).toBe(arnOf(`${TASKS}/notify.ts`));
    expect(states.FinishRun?.Resource).toBe(arnOf(`${TASKS}/finish.ts`));
    expect(states.RecordFailure?.Resource).toBe(arnOf(`${TASKS}/finish.ts`));
  });

  it('maps over the batches at most 10 at once, each with the year, the run and its unit ids, and keeps no results', () => {
    expect(assessment().states.ScoreUnits).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.batches',
      MaxConcurrency: 10,
      ResultPath: null,
      ItemSelector: { 'year.$': '$.year', 'runId.$': '$.runId', 'unitIds.$': '$$.Map.Item.Value.unitIds' },
      ItemProcessor: { StartAt: 'ScoreBatch' },
    });
  });

  it('retries transient errors and crashed functions on every task, with full jitter; ScoreBatch longer', () => {
    const tasks = Object.entries(assessment().states).filter(([, state]) => state.Type === 'Task');

    expect(tasks).toHaveLength(7);
    for (const [name, task] of tasks) {
      expect(task.Retry, name).toHaveLength(1);
      const retry = task.Retry![0]!;
      expect(retry.ErrorEquals, name).toEqual(
        expect.arrayContaining(['RetryableError', 'Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Sandbox.Timedout', 'Lambda.Unknown']),
      );
      expect(retry.ErrorEquals, name).not.toContain('States.ALL');
      expect(retry.JitterStrategy, name).toBe('FULL');
      expect(retry.MaxDelaySeconds, name).toBeGreaterThan(0);
    }
    expect(assessment().states.ScoreBatch?.Retry?.[0]).toMatchObject({ MaxAttempts: 8, MaxDelaySeconds: 60 });
  });

  it('catches any failure of the Map and the tasks into RecordFailure (error at $.error, its result dropped), then Failed', () => {
    const { states } = assessment();

    for (const name of ['PrepareAssessment', 'ScoreUnits', 'RankUnits', 'PublishReport', 'NotifyUnits', 'FinishRun']) {
      expect(states[name]?.Catch, name).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' }]);
    }
    expect(states.RecordFailure).toMatchObject({ ResultPath: null, Next: 'Failed' });
    expect(states.RecordFailure?.Catch).toBeUndefined();
    expect(states.Failed).toMatchObject({ Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' });
  });

  it('uses JSONPath only: no JSONata, no variables (the local interpreter ignores both)', () => {
    const { asl, states } = assessment();

    expect(asl.QueryLanguage).toBeUndefined();
    for (const [name, state] of Object.entries(states)) {
      expect(state.QueryLanguage, name).toBeUndefined();
      expect(state.Assign, name).toBeUndefined();
      expect(state.Arguments, name).toBeUndefined();
    }
  });

  it('lets only PublishReport put objects, and only under reports/; no function may Scan or touch the table beyond items', () => {
    const entries = ['prepare', 'score-batch', 'rank', 'publish', 'notify', 'finish'].map((name) => `${TASKS}/${name}.ts`);

    for (const entry of entries) {
      const actions = actionsOf(entry);
      expect(actions, entry).not.toContain('dynamodb:Scan');
      expect(actions.filter((action) => action.startsWith('dynamodb:') && !/^dynamodb:(Get|BatchGet|Query|ConditionCheck|Put|Update|Delete|BatchWrite)Item$|^dynamodb:Query$/.test(action)), entry).toEqual([]);
      expect(actions.filter((action) => action.startsWith('s3:')), entry).toEqual(entry.endsWith('publish.ts') ? ['s3:PutObject'] : []);
    }
    const put = statementsOf(`${TASKS}/publish.ts`).find((statement) => statement.Action === 's3:PutObject');
    expect(JSON.stringify(put?.Resource)).toMatch(/\/reports\/\*"/);
  });

  it('gives the publishing function the bucket name, and the stack the state machine\'s ARN as an output', () => {
    const template = templates().stateless;
    const publish = functionByEntry(template, `${TASKS}/publish.ts`);

    expect((publish.properties.Environment as { Variables: Record<string, unknown> }).Variables.BUCKET_NAME).toBeDefined();
    expect(Object.keys(template.Outputs ?? {})).toContain('AssessmentStateMachineArn');
  });
});
