import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STRICT_TRANSPORT_SECURITY } from '../../infra/constructs/app-function.js';
import { STATEFUL_STACK } from '../../infra/app.js';
import { ROUTES } from '../../infra/constructs/http-api.js';
import { apiPathPatterns, webBuildToDeploy } from '../../infra/constructs/web-hosting.js';
import { createResolver } from '../../infra/local/intrinsics.js';
import { bucketsOf } from '../../infra/local/s3-endpoint.js';
import { AWS_ONLY_METADATA_KEY } from '../../infra/metadata.js';
import { ACCESS_LOG_RETENTION_DAYS } from '../../infra/stacks/stateful-stack.js';
import { webContentSecurityPolicy } from '../../shared/http/web-policy.js';
import { templates } from '../support/templates.js';
import { onlyResourceOfType, resourcesOfType } from './template-support.js';

/** CloudFront's managed policies, by id (the same in every account). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';
const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'];

interface Behaviour {
  PathPattern?: string;
  TargetOriginId: string;
  AllowedMethods: string[];
  CachePolicyId: string;
  OriginRequestPolicyId?: string;
  ResponseHeadersPolicyId: { Ref: string };
  ViewerProtocolPolicy: string;
  FunctionAssociations?: { EventType: string; FunctionARN: { 'Fn::GetAtt': [string, string] } }[];
}
interface Origin {
  Id: string;
  DomainName: unknown;
  OriginAccessControlId?: { 'Fn::GetAtt': [string, string] };
  S3OriginConfig?: { OriginAccessIdentity: string };
  CustomOriginConfig?: { OriginProtocolPolicy: string; OriginSSLProtocols: string[] };
}
interface DistributionConfig {
  DefaultCacheBehavior: Behaviour;
  CacheBehaviors: Behaviour[];
  Origins: Origin[];
  Logging: { Bucket: unknown; Prefix: string };
  CustomErrorResponses?: unknown;
}

const stateless = () => templates().stateless;
const distribution = () => onlyResourceOfType(stateless(), 'AWS::CloudFront::Distribution')[1].Properties!.DistributionConfig as DistributionConfig;
const originOf = (behaviour: Behaviour) => distribution().Origins.find((origin) => origin.Id === behaviour.TargetOriginId)!;
const apiId = () => onlyResourceOfType(stateless(), 'AWS::ApiGatewayV2::Api')[0];

/** CloudFront's path pattern match: `*` any characters, `?` one, everything else literal and case-sensitive. */
function matches(pattern: string, path: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(path);
}

/** The behaviour CloudFront picks for a path: the first additional one that matches, else the default. */
function behaviourFor(path: string): Behaviour {
  return distribution().CacheBehaviors.find((b) => matches(b.PathPattern!, path)) ?? distribution().DefaultCacheBehavior;
}

/** The viewer-request function as deployed, run on an event like CloudFront's. */
function viewerRequest(): (event: { request: { uri: string; method: string } }) => { uri?: string; statusCode?: number; headers?: Record<string, { value: string }> } {
  const [, fn] = onlyResourceOfType(stateless(), 'AWS::CloudFront::Function');
  return new Function(`${String(fn.Properties!.FunctionCode)}\nreturn handler;`)() as ReturnType<typeof viewerRequest>;
}
const request = (uri: string) => ({ request: { uri, method: 'GET', querystring: {}, headers: {}, cookies: {} } });

describe('the web hosting: the app and the API on one CloudFront origin', () => {
  it('keeps the web bucket private: public access blocked, encrypted, TLS only, read by the distribution alone through origin access control', () => {
    // Prepare
    const origin = originOf(distribution().DefaultCacheBehavior);
    const bucketId = (origin.DomainName as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const bucket = stateless().Resources[bucketId]!;
    const [, policy] = resourcesOfType(stateless(), 'AWS::S3::BucketPolicy').find(([, p]) => (p.Properties!.Bucket as { Ref: string }).Ref === bucketId)!;
    const statements = (policy.Properties!.PolicyDocument as { Statement: { Effect: string; Principal: unknown; Action: unknown; Condition?: unknown }[] }).Statement;
    const oac = stateless().Resources[origin.OriginAccessControlId!['Fn::GetAtt'][0]]!;
    const [distributionId] = onlyResourceOfType(stateless(), 'AWS::CloudFront::Distribution');

    // Assess
    expect(bucket.Type).toBe('AWS::S3::Bucket');
    expect(bucket.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    expect(bucket.Properties?.WebsiteConfiguration).toBeUndefined();
    expect(origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(oac.Properties?.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    expect(statements.filter((s) => s.Effect === 'Deny')).toEqual([
      expect.objectContaining({ Action: 's3:*', Principal: { AWS: '*' }, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    ]);
    const allowed = statements.filter((s) => s.Effect === 'Allow');
    expect(allowed).toHaveLength(1);
    expect(allowed[0]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: ['s3:GetObject', 's3:ListBucket'],
      Condition: { StringEquals: { 'AWS:SourceArn': { 'Fn::Join': ['', expect.arrayContaining([{ Ref: distributionId }])] } } },
    });
  });

  it("serves the app from the bucket by default: GET and HEAD, HTTPS, cached, the viewer-request function, no custom error responses (they would swallow the API's errors)", () => {
    const behaviour = distribution().DefaultCacheBehavior;
    const [functionId, fn] = onlyResourceOfType(stateless(), 'AWS::CloudFront::Function');

    expect(originOf(behaviour).S3OriginConfig).toBeDefined();
    expect(behaviour).toMatchObject({ AllowedMethods: ['GET', 'HEAD'], CachePolicyId: CACHING_OPTIMIZED, ViewerProtocolPolicy: 'redirect-to-https' });
    expect(behaviour.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [functionId, 'FunctionARN'] } }]);
    expect(fn.Properties?.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    expect(distribution().CustomErrorResponses).toBeUndefined();
    for (const path of ['/', '/app', '/app/', '/app/signin', '/app/tasks/x', '/app/assets/index-abc.js']) {
      expect(behaviourFor(path), path).toBe(behaviour);
    }
  });

  it("routes every route's first path segment to the API: all methods, caching disabled, every viewer header but Host (Authorization included)", () => {
    // Prepare
    const apiOrigin = {
      DomainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [apiId(), 'ApiEndpoint'] }] }] },
      CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
    };
    const firstSegments = [...new Set(ROUTES.map((route) => route.path.split('/')[1]!))];

    // Assess
    expect(firstSegments.sort()).toEqual(
      ['assessments', 'bulletins', 'chases', 'extensions', 'me', 'openapi.json', 'plans', 'public', 'settings', 'tasks', 'tokens', 'units'].sort(),
    );
    expect(distribution().CacheBehaviors.map((b) => b.PathPattern)).toEqual(apiPathPatterns());
    for (const route of ROUTES) {
      // A request as a client sends it: each {parameter} a value, with and without a query string's worth of path.
      const path = route.path.replace(/\{[^}]+\}/g, 'x.y-1');
      const behaviour = behaviourFor(path);
      expect(behaviour, `${route.method} ${route.path}`).not.toBe(distribution().DefaultCacheBehavior);
      expect(originOf(behaviour), path).toMatchObject(apiOrigin);
      expect(behaviour, path).toMatchObject({
        AllowedMethods: ALL_METHODS,
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        ViewerProtocolPolicy: 'https-only',
      });
      expect(behaviour.FunctionAssociations, path).toBeUndefined();
    }
  });

  it('derives the API patterns from the routes: a new route group is routed, a file is matched exactly, /app/ is refused', () => {
    expect(apiPathPatterns([{ path: '/reports/{year}' }, { path: '/openapi.json' }, { path: '/me' }, { path: '/me/tasks' }])).toEqual([
      '/reports*',
      '/openapi.json',
      '/me*',
    ]);
    expect(() => apiPathPatterns([{ path: '/app/things' }])).toThrow(/web app/);
    expect(() => apiPathPatterns([{ path: '/{id}' }])).toThrow(/literal first segment/);
    expect(() => apiPathPatterns(Array.from({ length: 26 }, (_, i) => ({ path: `/group${i}` })))).toThrow(/quota/);
  });

  it('rewrites the app\'s pages to /app/index.html (deep links, task ids with dots), leaves files as they are, sends / to /app/ and answers 404 elsewhere', () => {
    // Prepare
    const handler = viewerRequest();
    const uriAfter = (uri: string) => handler(request(uri)).uri;

    // Assess
    for (const page of ['/app/', '/app/signin', '/app/tasks', '/app/tasks/x', '/app/tasks/cixi-2022.vocs-projects.hushan', '/app/review', '/app/inbox/']) {
      expect(uriAfter(page), page).toBe('/app/index.html');
    }
    for (const file of ['/app/assets/a.js', '/app/assets/index-Bx1.css', '/app/assets/no-extension', '/app/index.html', '/app/favicon.svg', '/app/robots.txt']) {
      expect(uriAfter(file), file).toBe(file);
    }
    for (const root of ['/', '/app']) {
      expect(handler(request(root)), root).toMatchObject({ statusCode: 302, headers: { location: { value: '/app/' } } });
    }
    for (const elsewhere of ['/favicon.ico', '/index.html', '/application']) {
      expect(handler(request(elsewhere)), elsewhere).toMatchObject({ statusCode: 404 });
    }
  });

  it("sends the app's security headers: the web policy's CSP, HSTS as the functions send it, nosniff, no referrer, no framing", () => {
    // Prepare
    const policyId = distribution().DefaultCacheBehavior.ResponseHeadersPolicyId.Ref;
    const config = stateless().Resources[policyId]!.Properties!.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, unknown> };
    const maxAge = Number(/max-age=(\d+)/.exec(STRICT_TRANSPORT_SECURITY)![1]);

    // The evidence bucket's regional address, imported from the stateful stack, joined in where the policy names it.
    const joined = (config.SecurityHeadersConfig.ContentSecurityPolicy as { ContentSecurityPolicy: { 'Fn::Join': [string, unknown[]] } }).ContentSecurityPolicy['Fn::Join'][1];
    const csp = joined.map((part) => (typeof part === 'string' ? part : '<evidence bucket>')).join('');
    const imports = joined.filter((part) => typeof part !== 'string');

    // Assess
    expect(csp).toBe(webContentSecurityPolicy(['https://<evidence bucket>']));
    expect(imports).toEqual([expect.objectContaining({ 'Fn::ImportValue': expect.stringMatching(/ExportsOutputFnGetAttBucket\w+RegionalDomainName/) }), imports[0]]);
    expect(config.SecurityHeadersConfig).toEqual({
      ContentSecurityPolicy: { ContentSecurityPolicy: expect.anything(), Override: true },
      StrictTransportSecurity: { AccessControlMaxAgeSec: maxAge, IncludeSubdomains: true, Override: true },
      ContentTypeOptions: { Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
    });
  });

  it("adds HSTS, nosniff and no-referrer to the API's answers that lack them (API Gateway's own 401, 403, 404, 429), never overriding the functions'", () => {
    const policyIds = new Set(distribution().CacheBehaviors.map((b) => b.ResponseHeadersPolicyId.Ref));
    expect(policyIds.size).toBe(1);
    const config = stateless().Resources[[...policyIds][0]!]!.Properties!.ResponseHeadersPolicyConfig as { SecurityHeadersConfig: Record<string, unknown> };

    expect(config.SecurityHeadersConfig).toEqual({
      StrictTransportSecurity: { AccessControlMaxAgeSec: 63072000, IncludeSubdomains: true, Override: false },
      ContentTypeOptions: { Override: false },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: false },
    });
  });

  it("logs every request to the stateful stack's log bucket: private, TLS only, ACLs for CloudFront's delivery, kept longer than six months, retained", () => {
    // Prepare
    const logging = distribution().Logging;
    const [logBucketId, logBucket] = resourcesOfType(templates().stateful, 'AWS::S3::Bucket').find(([id]) => id.startsWith('LogBucket'))!;
    const [, policy] = resourcesOfType(templates().stateful, 'AWS::S3::BucketPolicy').find(([, p]) => (p.Properties!.Bucket as { Ref: string }).Ref === logBucketId)!;

    // Assess
    expect(logging).toEqual({ Bucket: { 'Fn::ImportValue': expect.stringMatching(/^GoalBreakdownStateful:.*LogBucket.*RegionalDomainName/) }, Prefix: 'cloudfront/' });
    expect(logBucket).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: ACCESS_LOG_RETENTION_DAYS, Status: 'Enabled' }] },
      },
    });
    expect(ACCESS_LOG_RETENTION_DAYS).toBeGreaterThan(183);
    expect(JSON.stringify(policy.Properties!.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it('leaves the log bucket out of the local runtime (no CloudFront there): the local S3 endpoint serves the other buckets', () => {
    // Prepare
    const resolve = createResolver(templates().stateful, { stackName: STATEFUL_STACK, tableName: 'local' });
    const bucketIds = resourcesOfType(templates().stateful, 'AWS::S3::Bucket').map(([id]) => id);
    const [logBucketId] = bucketIds.filter((id) => templates().stateful.Resources[id]!.Metadata?.[AWS_ONLY_METADATA_KEY] !== undefined);

    // Act
    const { buckets } = bucketsOf(templates().stateful, resolve);

    // Assess
    expect(logBucketId).toMatch(/^LogBucket/);
    expect([...buckets].sort()).toEqual(bucketIds.filter((id) => id !== logBucketId).map((id) => String(resolve({ Ref: id }))).sort());
  });

  it('deploys the build under app/: hashed assets first, cached a year and kept; then the pages, revalidated and pruned; removed with the stack', () => {
    // Prepare
    const bucketId = ((originOf(distribution().DefaultCacheBehavior).DomainName as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'])[0];
    const deployments = resourcesOfType(stateless(), 'Custom::CDKBucketDeployment');
    const [assetsId, assets] = deployments.find(([, d]) => d.Properties!.Prune === false)!;
    const [, pages] = deployments.find(([, d]) => d.Properties!.Prune === true)!;
    const common = { DestinationBucketName: { Ref: bucketId }, DestinationBucketKeyPrefix: 'app/', RetainOnDelete: false, OutputObjectKeys: false };

    // Assess
    expect(deployments).toHaveLength(2);
    expect(assets.Properties).toMatchObject({
      ...common,
      Exclude: ['*'],
      Include: ['assets/*'],
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(pages.Properties).toMatchObject({ ...common, Exclude: ['assets/*'], SystemMetadata: { 'cache-control': 'no-cache' } });
    expect(pages.Properties?.Include).toBeUndefined();
    expect(pages.DependsOn).toContain(assetsId);
  });

  it('outputs WebUrl, the distribution\'s https address (sign-in links are <WebUrl>/app/signin#token=…)', () => {
    const [distributionId] = onlyResourceOfType(stateless(), 'AWS::CloudFront::Distribution');

    expect(stateless().Outputs?.WebUrl?.Value).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] });
  });
});

describe('webBuildToDeploy (what cdk synth and cdk deploy take from web/dist)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'web-dist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a missing build, naming npm run web:build', () => {
    expect(() => webBuildToDeploy(join(dir, 'none'), () => 0)).toThrow(/not built.*npm run web:build/s);
  });

  it('refuses a build older than the sources, and takes a fresh one', () => {
    // Prepare
    const dist = join(dir, 'dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'index.html'), '<!doctype html>');
    const built = new Date('2024-01-01T00:00:00Z');
    utimesSync(join(dist, 'index.html'), built, built);

    // Assess
    expect(() => webBuildToDeploy(dist, () => built.getTime() + 1000)).toThrow(/older than the web's sources.*npm run web:build/s);
    expect(webBuildToDeploy(dist, () => built.getTime() - 1000)).toBe(dist);
  });
});
