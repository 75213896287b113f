import { describe, expect, it } from 'vitest';
import { templates } from '../support/templates.js';
import { definitionOf, fakeFunctionArn, functionByEntry, resourcesOfType } from './template-support.js';

function chase() {
  const machines = resourcesOfType(templates().stateless, 'AWS::StepFunctions::StateMachine').filter(([id]) => id.startsWith('Chase'));
  if (machines.length !== 1) throw new Error(`expected one chase state machine, found ${machines.length}`);
  return definitionOf(templates().stateless, machines[0]![0]).States;
}

describe('the chase state machine’s bulletin', () => {
  it('goes from the shards through BulletinDay? to PublishBulletin on a bulletin day, else straight to SendDigests', () => {
    // Prepare
    const states = chase();

    // Assess
    expect(states.ChaseShards!.Next).toBe('BulletinDay?');
    expect(states['BulletinDay?']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Variable: '$.bulletinMonth', IsPresent: true, Next: 'PublishBulletin' }],
      Default: 'SendDigests',
    });
    expect(states.PublishBulletin).toMatchObject({
      Type: 'Task',
      ResultPath: '$.bulletin',
      Next: 'SendDigests',
      Resource: fakeFunctionArn(functionByEntry(templates().stateless, 'workflows/chase/tasks/publish-bulletin.ts').logicalId),
    });
  });

  it('retries and catches PublishBulletin as it does SendDigests', () => {
    // Prepare
    const states = chase();

    // Assess
    expect(states.PublishBulletin!.Retry).toEqual(states.SendDigests!.Retry);
    expect(states.PublishBulletin!.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }]);
  });
});
