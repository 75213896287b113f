import type { ThrottleLimits } from './failed-auth-throttle.js';
import type { FunctionRegistry, LocalFunction } from './functions.js';
import type { Resolve } from './intrinsics.js';
import type { CfnTemplate } from './template.js';

export interface LocalAuthorizer {
  name: string;
  fn: LocalFunction;
  /** Selection expressions like `$request.header.Authorization`. */
  identitySource: string[];
  resultTtlSeconds: number;
}

export interface LocalRoute {
  routeKey: string;
  /** `ANY` matches every method. */
  method: string;
  /** Segments of the route path; `$default` has none and matches everything. */
  segments: string[];
  fn: LocalFunction;
  authorizer?: LocalAuthorizer;
}

export interface RouteMatch {
  route: LocalRoute;
  pathParameters: Record<string, string>;
}

/** The HTTP API's routes as synthesized, each tied to its integration's function and its authorizer. */
export function routesOf(template: CfnTemplate, resolve: Resolve, registry: FunctionRegistry): LocalRoute[] {
  const apis = Object.keys(resourcesOfType(template, 'AWS::ApiGatewayV2::Api'));
  if (apis.length > 1) throw new Error(`the local runtime serves one HTTP API, the template has ${apis.length}`);
  const routes = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Route'));
  const functionAt = (uri: unknown, what: string): LocalFunction => {
    const arn = /arn:aws:lambda:[^/]+/.exec(String(resolve(uri)))?.[0];
    const fn = arn === undefined ? undefined : registry.find(arn);
    if (!fn) throw new Error(`${what}: ${String(resolve(uri))} is not a function with an app:entry`);
    return fn;
  };
  return routes.map((properties) => {
    const routeKey = String(resolve(properties.RouteKey));
    const integrationId = /^integrations\/(.+)$/.exec(String(resolve(properties.Target)))?.[1];
    const integration = integrationId === undefined ? undefined : template.Resources[integrationId]?.Properties;
    if (!integration) throw new Error(`route ${routeKey}: no integration target`);
    if (integration.IntegrationType !== 'AWS_PROXY' || integration.PayloadFormatVersion !== '2.0') {
      throw new Error(`route ${routeKey}: only Lambda proxy integrations with payload format 2.0 run locally`);
    }
    const [method, path] = routeKey === '$default' ? ['ANY', ''] : routeKey.split(' ');
    return {
      routeKey,
      method: method!,
      segments: path!.split('/').filter(Boolean),
      fn: functionAt(integration.IntegrationUri, `route ${routeKey}`),
      ...(properties.AuthorizationType === 'CUSTOM'
        ? { authorizer: authorizerOf(template, String(resolve(properties.AuthorizerId)), resolve, functionAt) }
        : {}),
    };
  });
}

/**
 * The route throttle of the `$default` stage (`DefaultRouteSettings`); undefined when the template sets
 * none, as API Gateway then applies only the account's limits.
 */
export function stageThrottleOf(template: CfnTemplate, resolve: Resolve): ThrottleLimits | undefined {
  const stage = Object.values(resourcesOfType(template, 'AWS::ApiGatewayV2::Stage')).find((properties) => resolve(properties.StageName) === '$default');
  const settings = resolve(stage?.DefaultRouteSettings ?? {}) as { ThrottlingRateLimit?: unknown; ThrottlingBurstLimit?: unknown };
  if (settings.ThrottlingRateLimit === undefined && settings.ThrottlingBurstLimit === undefined) return undefined;
  const limits = { rateLimit: Number(settings.ThrottlingRateLimit), burstLimit: Number(settings.ThrottlingBurstLimit) };
  if (!(limits.rateLimit > 0) || !(limits.burstLimit >= 1)) {
    throw new Error(`stage $default: a throttle needs a positive rate and a burst of at least 1, not ${JSON.stringify(settings)}`);
  }
  return limits;
}

function authorizerOf(
  template: CfnTemplate,
  id: string,
  resolve: Resolve,
  functionAt: (uri: unknown, what: string) => LocalFunction,
): LocalAuthorizer {
  const properties = template.Resources[id]?.Properties;
  if (!properties) throw new Error(`no authorizer ${id}`);
  const name = String(resolve(properties.Name ?? id));
  if (properties.AuthorizerType !== 'REQUEST' || properties.AuthorizerPayloadFormatVersion !== '2.0' || properties.EnableSimpleResponses !== true) {
    throw new Error(`authorizer ${name}: only Lambda REQUEST authorizers with payload 2.0 and simple responses run locally`);
  }
  return {
    name,
    fn: functionAt(properties.AuthorizerUri, `authorizer ${name}`),
    identitySource: (resolve(properties.IdentitySource ?? []) as string[]).map(String),
    // API Gateway's default when the property is absent.
    resultTtlSeconds: Number(properties.AuthorizerResultTtlInSeconds ?? 300),
  };
}

function resourcesOfType(template: CfnTemplate, type: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === type)
      .map(([id, resource]) => [id, resource.Properties ?? {}]),
  );
}

/**
 * API Gateway's choice among routes: the most specific wins — literal segments over `{param}` over
 * `{proxy+}`, compared from the left, a named method over `ANY`, `$default` last.
 */
export function matchRoute(routes: LocalRoute[], method: string, rawPath: string): RouteMatch | undefined {
  const segments = rawPath.split('/').filter(Boolean);
  const candidates: { match: RouteMatch; rank: number[] }[] = [];
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const pathParameters = route.routeKey === '$default' ? {} : matchSegments(route.segments, segments);
    if (!pathParameters) continue;
    const rank = [
      route.routeKey === '$default' ? 1 : 0,
      ...route.segments.map((segment) => (isGreedy(segment) ? 2 : isParameter(segment) ? 1 : 0)),
      route.method === 'ANY' ? 1 : 0,
    ];
    candidates.push({ match: { route, pathParameters }, rank });
  }
  candidates.sort((a, b) => compareRanks(a.rank, b.rank));
  return candidates[0]?.match;
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i]!;
    if (isGreedy(part)) {
      if (i >= segments.length) return undefined;
      parameters[part.slice(1, -2)] = segments.slice(i).map(decodeURIComponent).join('/');
      return parameters;
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (isParameter(part)) parameters[part.slice(1, -1)] = decodeURIComponent(segment);
    else if (part !== segment) return undefined;
  }
  return pattern.length === segments.length ? parameters : undefined;
}

const isGreedy = (segment: string) => segment.startsWith('{') && segment.endsWith('+}');
const isParameter = (segment: string) => segment.startsWith('{') && segment.endsWith('}');

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? -1) - (b[i] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
