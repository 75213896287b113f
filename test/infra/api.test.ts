import { describe, expect, it } from 'vitest';
import { templates } from '../support/templates.js';
import { architectureDoc, onlyResourceOfType, resourcesOfType } from './template-support.js';

describe('the HTTP API', () => {
  const routes = () => resourcesOfType(templates().stateless, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties!);

  it('has exactly the routes of docs/architecture.md', () => {
    expect(routes().map((r) => r.RouteKey).sort()).toEqual(architectureDoc().routes.sort());
  });

  it('puts the Lambda authorizer on every route but the public API description and the public disclosure (/public/*)', () => {
    const [authorizerId] = onlyResourceOfType(templates().stateless, 'AWS::ApiGatewayV2::Authorizer');
    const isOpen = (routeKey: unknown) => routeKey === 'GET /openapi.json' || String(routeKey).startsWith('GET /public/');
    const [open, guarded] = [routes().filter((r) => isOpen(r.RouteKey)), routes().filter((r) => !isOpen(r.RouteKey))];

    expect(open.map((r) => r.RouteKey).sort()).toEqual(['GET /openapi.json', 'GET /public/assessments/{year}', 'GET /public/plans/{planId}/progress']);
    for (const route of open) expect(route.AuthorizationType, String(route.RouteKey)).toBe('NONE');
    for (const route of guarded) {
      expect(route.AuthorizationType, String(route.RouteKey)).toBe('CUSTOM');
      expect(route.AuthorizerId, String(route.RouteKey)).toEqual({ Ref: authorizerId });
    }
  });

  it('authorizes by the Authorization header with simple responses and a short cache', () => {
    const [, authorizer] = onlyResourceOfType(templates().stateless, 'AWS::ApiGatewayV2::Authorizer');

    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
    });
    expect(authorizer.Properties?.AuthorizerResultTtlInSeconds).toBeLessThanOrEqual(300);
  });

  it('integrates the functions with payload 2.0', () => {
    for (const [id, integration] of resourcesOfType(templates().stateless, 'AWS::ApiGatewayV2::Integration')) {
      expect(integration.Properties, id).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    }
  });

  it('logs access and throttles on the default stage', () => {
    const [, stage] = onlyResourceOfType(templates().stateless, 'AWS::ApiGatewayV2::Stage');

    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] }, Format: expect.stringContaining('$context.requestId') },
      DefaultRouteSettings: { ThrottlingBurstLimit: expect.any(Number), ThrottlingRateLimit: expect.any(Number) },
    });
  });
});
