import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpNoneAuthorizer, LogGroupLogDestination, PayloadFormatVersion } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { AppFunction } from './app-function.js';

export type RouteGroup = 'plans' | 'breakdowns' | 'chases' | 'bulletins' | 'tasks' | 'documents' | 'tokens' | 'inbox' | 'assessments' | 'public' | 'openapi';

/** The routes of docs/architecture.md ("HTTP API"), each with the function group that serves it. */
export const ROUTES: readonly { method: HttpMethod; path: string; group: RouteGroup; public?: true }[] = [
  { method: HttpMethod.POST, path: '/plans', group: 'plans' },
  { method: HttpMethod.GET, path: '/plans', group: 'plans' },
  { method: HttpMethod.GET, path: '/plans/{planId}', group: 'plans' },
  { method: HttpMethod.GET, path: '/plans/{planId}/units', group: 'plans' },
  { method: HttpMethod.GET, path: '/plans/{planId}/revisions', group: 'plans' },
  { method: HttpMethod.GET, path: '/settings/organisation', group: 'plans' },
  { method: HttpMethod.PUT, path: '/settings/organisation', group: 'plans' },
  { method: HttpMethod.POST, path: '/plans/{planId}/breakdowns', group: 'breakdowns' },
  { method: HttpMethod.GET, path: '/plans/{planId}/breakdowns/{executionId}', group: 'breakdowns' },
  { method: HttpMethod.POST, path: '/chases', group: 'chases' },
  { method: HttpMethod.GET, path: '/chases/{executionId}', group: 'chases' },
  { method: HttpMethod.GET, path: '/bulletins/{month}', group: 'bulletins' },
  { method: HttpMethod.GET, path: '/plans/{planId}/tasks', group: 'tasks' },
  { method: HttpMethod.GET, path: '/plans/{planId}/ledger', group: 'documents' },
  { method: HttpMethod.GET, path: '/plans/{planId}/summary', group: 'tasks' },
  { method: HttpMethod.GET, path: '/units/{unitId}/tasks', group: 'tasks' },
  { method: HttpMethod.GET, path: '/tasks/{taskId}', group: 'tasks' },
  { method: HttpMethod.GET, path: '/tasks/{taskId}/history', group: 'tasks' },
  { method: HttpMethod.POST, path: '/tasks/{taskId}/updates', group: 'tasks' },
  { method: HttpMethod.POST, path: '/tasks/{taskId}/evidence', group: 'tasks' },
  { method: HttpMethod.GET, path: '/tasks/{taskId}/evidence/{evidenceId}', group: 'tasks' },
  { method: HttpMethod.POST, path: '/tasks/{taskId}/closeout', group: 'tasks' },
  { method: HttpMethod.POST, path: '/tasks/{taskId}/review', group: 'tasks' },
  { method: HttpMethod.POST, path: '/tasks/{taskId}/close', group: 'tasks' },
  { method: HttpMethod.POST, path: '/tasks/{taskId}/reopen', group: 'tasks' },
  { method: HttpMethod.POST, path: '/tasks/{taskId}/extensions', group: 'tasks' },
  { method: HttpMethod.GET, path: '/extensions', group: 'tasks' },
  { method: HttpMethod.POST, path: '/extensions/{extensionId}/decision', group: 'tasks' },
  { method: HttpMethod.GET, path: '/me/tasks', group: 'tasks' },
  { method: HttpMethod.GET, path: '/me', group: 'inbox' },
  { method: HttpMethod.GET, path: '/me/notifications', group: 'inbox' },
  { method: HttpMethod.POST, path: '/me/notifications/read', group: 'inbox' },
  { method: HttpMethod.POST, path: '/tokens', group: 'tokens' },
  { method: HttpMethod.GET, path: '/tokens', group: 'tokens' },
  { method: HttpMethod.DELETE, path: '/tokens/{tokenId}', group: 'tokens' },
  { method: HttpMethod.POST, path: '/assessments', group: 'assessments' },
  { method: HttpMethod.GET, path: '/assessments/{year}', group: 'assessments' },
  { method: HttpMethod.GET, path: '/assessments/{year}/runs/{runId}', group: 'assessments' },
  { method: HttpMethod.GET, path: '/assessments/{year}/units/{unitId}', group: 'assessments' },
  { method: HttpMethod.PUT, path: '/assessments/{year}/actuals', group: 'assessments' },
  { method: HttpMethod.GET, path: '/assessments/{year}/actuals', group: 'assessments' },
  { method: HttpMethod.POST, path: '/assessments/{year}/adjustments', group: 'assessments' },
  { method: HttpMethod.GET, path: '/assessments/{year}/adjustments', group: 'assessments' },
  { method: HttpMethod.POST, path: '/assessments/{year}/appeals', group: 'assessments' },
  { method: HttpMethod.GET, path: '/assessments/{year}/appeals', group: 'assessments' },
  { method: HttpMethod.POST, path: '/assessments/{year}/appeals/{appealId}/decision', group: 'assessments' },
  { method: HttpMethod.POST, path: '/assessments/{year}/disclosure', group: 'assessments' },
  { method: HttpMethod.POST, path: '/plans/{planId}/disclosure', group: 'assessments' },
  // 信息公开: what an admin approved for the public (the disclosure items), without a token.
  { method: HttpMethod.GET, path: '/public/assessments/{year}', group: 'public', public: true },
  { method: HttpMethod.GET, path: '/public/plans/{planId}/progress', group: 'public', public: true },
  { method: HttpMethod.GET, path: '/openapi.json', group: 'openapi', public: true },
];

export interface HttpApiWithRoutesProps {
  /** Decides on the bearer token alone: its answer is cached per Authorization header, across routes. */
  authorizer: AppFunction;
  functions: Record<RouteGroup, AppFunction>;
}

/**
 * The HTTP API (payload 2.0): a Lambda authorizer on every route, access logs and throttling on the
 * default stage.
 */
export class HttpApiWithRoutes extends Construct {
  readonly url: string;
  /** The API itself: CloudFront routes the API's paths to its endpoint (infra/constructs/web-hosting.ts). */
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: HttpApiWithRoutesProps) {
    super(scope, id);
    const authorizer = new HttpLambdaAuthorizer('BearerToken', props.authorizer.function, {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      // Short, so that a revoked token stops working within a minute.
      resultsCacheTtl: Duration.minutes(1),
    });
    // No default stage from HttpApi: it cannot take access log settings.
    const api = new HttpApi(this, 'HttpApi', { createDefaultStage: false, defaultAuthorizer: authorizer });
    this.httpApi = api;

    const integrations = Object.fromEntries(
      Object.entries(props.functions).map(([group, fn]) => [
        group,
        new HttpLambdaIntegration(`${group}Integration`, fn.function, {
          payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
        }),
      ]),
    ) as Record<RouteGroup, HttpLambdaIntegration>;
    const noToken = new HttpNoneAuthorizer();
    const publicRoutes = ROUTES.filter((route) => route.public).map((route) => `${route.method} ${route.path}`);
    for (const route of ROUTES) {
      const [added] = api.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: integrations[route.group],
        ...(route.public ? { authorizer: noToken } : {}),
      });
      if (route.public) {
        Validations.of(added!).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason: `public by design (${publicRoutes.join(', ')}): the API description, and figures an admin approved for the public (信息公开)`,
        });
      }
    }

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat() },
    });
    this.url = stage.url;
  }
}

function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      time: '$context.requestTime',
      ip: '$context.identity.sourceIp',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
      responseLength: '$context.responseLength',
      authorizerError: '$context.authorizer.error',
      integrationError: '$context.integrationErrorMessage',
    }),
  );
}
