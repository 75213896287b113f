import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import * as z from 'zod';
import { slug } from '../../shared/domain/ids.js';
import { ADMIN_INBOX, LEADERS_INBOX } from '../../shared/notify/inboxes.js';

/*
 * Who hears the notification topic, from the CDK context `notificationSubscriptions` (cdk.json, or
 * `cdk deploy -c notificationSubscriptions='[…]'`): each subscription names one inbox (a unit id, `_admin`
 * or `_leaders`) and receives only that inbox's messages, by a filter policy on the `unitId` message
 * attribute the relay sets. Addresses are deployment data, not code, hence context rather than constants.
 */

export const SUBSCRIPTIONS_CONTEXT = 'notificationSubscriptions';

const inbox = z.union([slug, z.literal(ADMIN_INBOX), z.literal(LEADERS_INBOX)]);

const UnitSubscription = z.discriminatedUnion('protocol', [
  z.strictObject({ unitId: inbox, protocol: z.literal('email'), endpoint: z.email() }),
  z.strictObject({ unitId: inbox, protocol: z.literal('https'), endpoint: z.url({ protocol: /^https$/ }) }),
]);
export type UnitSubscription = z.infer<typeof UnitSubscription>;

const UnitSubscriptions = z.array(UnitSubscription).max(500);

/** The context value, checked: a JSON string (`-c` on the command line) or an array (cdk.json). Throws naming the entry and rule. */
export function unitSubscriptionsOf(scope: Construct): UnitSubscription[] {
  const raw: unknown = scope.node.tryGetContext(SUBSCRIPTIONS_CONTEXT);
  if (raw === undefined) return [];
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new Error(`context ${SUBSCRIPTIONS_CONTEXT} is not JSON / 上下文 ${SUBSCRIPTIONS_CONTEXT} 不是合法的 JSON`);
    }
  }
  const parsed = UnitSubscriptions.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new Error(`context ${SUBSCRIPTIONS_CONTEXT} is invalid / 上下文 ${SUBSCRIPTIONS_CONTEXT} 无效: ${issues}`);
  }
  return parsed.data;
}

/** Subscribes each entry to the topic, filtered to its inbox, undeliverable messages to `deadLetterQueue`. */
export function subscribeUnits(topic: sns.ITopic, entries: readonly UnitSubscription[], deadLetterQueue: sqs.IQueue): void {
  for (const entry of entries) {
    const options = {
      filterPolicy: { unitId: sns.SubscriptionFilter.stringFilter({ allowlist: [entry.unitId] }) },
      deadLetterQueue,
    };
    topic.addSubscription(
      entry.protocol === 'email'
        ? new subscriptions.EmailSubscription(entry.endpoint, options)
        : new subscriptions.UrlSubscription(entry.endpoint, { ...options, protocol: sns.SubscriptionProtocol.HTTPS }),
    );
  }
}
