import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { requireEnv } from '../../shared/config/env.js';
import { relayNotifications } from './relay.js';

const { TOPIC_ARN } = requireEnv('TOPIC_ARN');

/** DynamoDB stream (new notifications in `INBOX#…`) → SNS; reports batch item failures. */
export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().handler((event) =>
  relayNotifications(event.Records, TOPIC_ARN),
);
