import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { describe, expect, it } from 'vitest';
import { NotificationRelay } from '../../infra/constructs/notification-relay.js';
import { SUBSCRIPTIONS_CONTEXT } from '../../infra/constructs/unit-subscriptions.js';

// A relay on its own stack (no bundling): what the context `notificationSubscriptions` turns into.

function relayTemplate(subscriptions?: unknown): Template {
  const app = new App({
    context: {
      'aws:cdk:bundling-stacks': [],
      ...(subscriptions === undefined ? {} : { [SUBSCRIPTIONS_CONTEXT]: subscriptions }),
    },
  });
  const stack = new Stack(app, 'Relay');
  const table = new dynamodb.TableV2(stack, 'Table', {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
  });
  new NotificationRelay(stack, 'Notifications', { table });
  return Template.fromStack(stack);
}

describe('notification subscriptions', () => {
  it('subscribes each entry to its own inbox only, with a dead-letter queue', () => {
    // Prepare
    const entries = [
      { unitId: 'hushan', protocol: 'email', endpoint: 'duban@hushan.example.cn' },
      { unitId: '_leaders', protocol: 'https', endpoint: 'https://hooks.example.cn/leaders' },
    ];

    // Act
    const template = relayTemplate(JSON.stringify(entries));

    // Assess
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    for (const entry of entries) {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: entry.protocol,
        Endpoint: entry.endpoint,
        FilterPolicy: { unitId: [entry.unitId] },
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
      });
    }
    // SNS may send to the dead-letter queue (CDK adds the queue policy for the topic).
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: 'sqs:SendMessage', Principal: { Service: 'sns.amazonaws.com' } })]),
      },
    });
  });

  it('accepts the list as an array (cdk.json) and none at all', () => {
    // Act
    const fromArray = relayTemplate([{ unitId: 'shengtai', protocol: 'email', endpoint: 'a@b.cn' }]);
    const none = relayTemplate();

    // Assess
    fromArray.resourceCountIs('AWS::SNS::Subscription', 1);
    none.resourceCountIs('AWS::SNS::Subscription', 0);
    // The delivery dead-letter queue exists either way, for subscriptions added by hand.
    none.resourceCountIs('AWS::SQS::Queue', 2);
  });

  it.each([
    ['not JSON', '[{', /not JSON/],
    ['an unknown protocol', [{ unitId: 'hushan', protocol: 'sms', endpoint: '+8613800000000' }], /0\.protocol/],
    ['an inbox that is not a unit id', [{ unitId: 'Hu Shan', protocol: 'email', endpoint: 'a@b.cn' }], /0\.unitId/],
    ['a plain-http endpoint', [{ unitId: 'hushan', protocol: 'https', endpoint: 'http://hooks.example.cn' }], /0\.endpoint/],
    ['an extra field', [{ unitId: 'hushan', protocol: 'email', endpoint: 'a@b.cn', rawDelivery: true }], /rawDelivery/],
  ])('refuses %s, naming the entry and the rule', (_, value, message) => {
    // Act / Assess
    expect(() => relayTemplate(value)).toThrow(message);
  });
});
