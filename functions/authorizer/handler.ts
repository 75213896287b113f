import middy from '@middy/core';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { systemClock } from '../../shared/clock/clock.js';
import { requireEnv } from '../../shared/config/env.js';
import { header } from '../../shared/http/event.js';
import { authenticate, type AuthorizerResult } from './authenticate.js';

requireEnv('TABLE_NAME');

/** HTTP API REQUEST authorizer, payload 2.0 with simple responses. */
export const handler = middy<APIGatewayRequestAuthorizerEventV2, AuthorizerResult>().handler((event) =>
  authenticate(header(event, 'authorization'), systemClock),
);
