import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultStackSynthesizer, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { WEB_BASE_PATH, webContentSecurityPolicy } from '../../shared/http/web-policy.js';
import { STRICT_TRANSPORT_SECURITY_MAX_AGE_SECONDS } from './app-function.js';
import { ROUTES } from './http-api.js';
import { webViewerRequestCode } from './web-viewer-request.js';

/** The web app's objects live under this prefix of the web bucket, so that `/app/x` is the object `app/x`. */
export const WEB_KEY_PREFIX = WEB_BASE_PATH.slice(1);

/** CloudFront's default quota of cache behaviours per distribution, the default one not counted. */
const MAX_ADDITIONAL_BEHAVIOURS = 25;

/**
 * The path patterns that CloudFront sends to the API, one per first path segment of ROUTES: `/<segment>*` when
 * a route goes below it or the segment is a word (`/plans*` covers `/plans` and `/plans/{planId}/tasks`),
 * the exact path when the segment is a file that has no routes below it (`/openapi.json`). A new route group
 * is routed the day it is added to ROUTES.
 */
export function apiPathPatterns(routes: readonly { path: string }[] = ROUTES): string[] {
  const segments = new Map<string, boolean>();
  for (const { path } of routes) {
    const [, first, ...rest] = path.split('/');
    if (!first || first.startsWith('{')) throw new Error(`route ${path}: CloudFront routes the API by a literal first segment`);
    if (`/${first}/` === WEB_BASE_PATH || WEB_BASE_PATH.startsWith(`/${first}`)) {
      throw new Error(`route ${path}: ${WEB_BASE_PATH} is the web app's on the shared origin`);
    }
    segments.set(first, (segments.get(first) ?? false) || rest.length > 0);
  }
  const patterns = [...segments].map(([segment, deeper]) => (deeper || !segment.includes('.') ? `/${segment}*` : `/${segment}`));
  if (patterns.length > MAX_ADDITIONAL_BEHAVIOURS) {
    throw new Error(`${patterns.length} API path patterns: a distribution takes ${MAX_ADDITIONAL_BEHAVIOURS} behaviours unless the quota is raised`);
  }
  return patterns;
}

/**
 * The built web workspace to deploy: `cdk deploy` (and `cdk synth`) refuse a missing build or one older than
 * the web's sources (web/src, web/public, web/index.html, its Vite config, package-lock.json), saying what to run.
 */
export function webBuildToDeploy(distDir: string, newestSourceMs: () => number): string {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) {
    throw new Error(
      `The web workspace is not built (${index} is missing): run \`npm run web:build\` first, then deploy.\n` +
        `网页工作台尚未构建（缺少 ${index}）：请先运行 \`npm run web:build\`，再部署。`,
    );
  }
  if (statSync(index).mtimeMs < newestSourceMs()) {
    throw new Error(
      `The web build in ${distDir} is older than the web's sources: run \`npm run web:build\` again, then deploy.\n` +
        `${distDir} 中的网页构建比源文件旧：请重新运行 \`npm run web:build\`，再部署。`,
    );
  }
  return distDir;
}

/** What a synth without a web build deploys (template tests, the local runtime, the benchmark: none of them deploy). */
const PLACEHOLDER_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Not built</title>' +
  '<p>This synth had no web build: run <code>npm run web:build</code>, then <code>npx cdk deploy</code>. / 网页工作台尚未构建。</p>\n';

export interface WebHostingProps {
  /** The HTTP API whose paths the distribution routes to it (same origin as the app: no CORS). */
  api: { apiEndpoint: string };
  /** Where CloudFront's access logs go (`cloudfront/…`): the stateful stack's log bucket, ACLs enabled. */
  logBucket: s3.IBucket;
  /** Where units' evidence goes by presigned PUT and is read back: its address is in the pages' CSP. */
  evidenceBucket: s3.IBucket;
  /**
   * The built web workspace (`npm run web:build` → web/dist), checked by `webBuildToDeploy`. Absent: a
   * placeholder page stands in, as the functions' code does when bundling is skipped.
   */
  webDist?: string;
}

/**
 * The web workspace on AWS: a private bucket read by CloudFront through origin access control, and one
 * distribution for the app (`/app/…`, default behaviour) and the API (a behaviour per route group, to the HTTP
 * API), so that the pages call the API on their own origin. docs/decisions/0014-web-hosting.md.
 */
export class WebHosting extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution domain>`: the app is at `/app/`, the sign-in link `<url>/app/signin#token=…`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);

    // Only the build's files: deleted with the stack, after the deployments have removed them (retainOnDelete:
    // false below). Not autoDeleteObjects: its CDK function would run with an AWS managed policy.
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'holds only the built web app: read by this distribution alone (origin access control), whose access logs record every viewer request; written only by the deployment during cdk deploy',
    });

    const rewrite = new cloudfront.Function(this, 'ViewerRequest', {
      comment: `${WEB_BASE_PATH} pages to ${WEB_BASE_PATH}index.html (history routing), / to ${WEB_BASE_PATH}`,
      code: cloudfront.FunctionCode.fromInline(webViewerRequestCode()),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });

    const hsts = {
      accessControlMaxAge: Duration.seconds(STRICT_TRANSPORT_SECURITY_MAX_AGE_SECONDS),
      includeSubdomains: true,
    };
    // The app: the same headers as the local server's (infra/local/web-app.ts), HSTS besides (HTTPS only here).
    const appHeaders = new cloudfront.ResponseHeadersPolicy(this, 'AppHeaders', {
      comment: 'The web workspace: its Content-Security-Policy, HSTS, nosniff, no referrer, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: webContentSecurityPolicy([`https://${props.evidenceBucket.bucketRegionalDomainName}`]), override: true },
        strictTransportSecurity: { ...hsts, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      },
    });
    // The API: its functions send these already; API Gateway's own answers (401, 403, 404, 429) get them here.
    const apiHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: "The API: HSTS, nosniff and no referrer where the origin's answer lacks them",
      securityHeadersBehavior: {
        strictTransportSecurity: { ...hsts, override: false },
        contentTypeOptions: { override: false },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: false },
      },
    });

    const apiBehaviour: cloudfront.BehaviorOptions = {
      // The API's host, without the scheme: https://<id>.execute-api.<region>.amazonaws.com
      origin: new HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // Every viewer header (Authorization, If-Match, Idempotency-Key…), query string and cookie; not Host,
      // which must be the API's own for API Gateway to find it.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: apiHeaders,
    };

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Goal breakdown: the web workspace (/app/) and the API on one origin',
      defaultBehavior: {
        // LIST as well as READ: a file not there is a 404, not S3's 403 (as the local server answers).
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket, {
          originAccessLevels: [cloudfront.AccessLevel.READ, cloudfront.AccessLevel.LIST],
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: appHeaders,
        functionAssociations: [{ function: rewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: Object.fromEntries(apiPathPatterns().map((pattern) => [pattern, apiBehaviour])),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          "no geo restriction: the bureau's towns, departments and leaders sign in from wherever they are (on a trip, on a phone's roaming network); access is decided by the bearer token, not the country",
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          "no AWS WAF web ACL yet: the API keeps its stage throttle and the authorizer's cache (docs/decisions/0013); a bureau adds a web ACL with a per-address rate rule and AWS's managed common rule set (webAclId, created in us-east-1) — a per-request cost this foundation does not impose",
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          "served on the distribution's own *.cloudfront.net name with CloudFront's default certificate, whose viewer policy CloudFront fixes; a bureau adds its own domain with an ACM certificate (us-east-1) and TLSv1.2_2021 as the minimum protocol",
      },
    );

    this.deploy(props.webDist);
  }

  /**
   * Two deployments of one build into `app/`: the hashed assets cached for a year and never pruned (a page
   * loaded before a deployment still finds its chunks), then the rest — index.html — revalidated on every
   * request and pruned, so that a new build takes effect at once without an invalidation.
   */
  private deploy(webDist: string | undefined): void {
    const source = webDist === undefined ? s3deploy.Source.data('index.html', PLACEHOLDER_PAGE) : s3deploy.Source.asset(webDist, { exclude: ['.vite'] });
    // Our own role and log group instead of CDK's default (the AWSLambdaBasicExecutionRole managed policy, no retention).
    const logGroup = new logs.LogGroup(this, 'DeploymentLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const role = new iam.Role(this, 'DeploymentRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    // outputObjectKeys: false — a build's hundreds of keys would overflow the custom resource's 4 KB answer.
    // retainOnDelete: false — deleting the stack (or a deployment) removes its files, so the bucket can go too.
    const common = {
      sources: [source],
      destinationBucket: this.bucket,
      destinationKeyPrefix: WEB_KEY_PREFIX,
      role,
      logGroup,
      outputObjectKeys: false,
      retainOnDelete: false,
    };

    const assets = new s3deploy.BucketDeployment(this, 'DeployAssets', {
      ...common,
      exclude: ['*'],
      include: ['assets/*'],
      prune: false,
      cacheControl: [s3deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
    });
    const pages = new s3deploy.BucketDeployment(this, 'DeployPages', {
      ...common,
      // Excluded files are also kept in the bucket when pruning: the assets of earlier builds stay.
      exclude: ['assets/*'],
      prune: true,
      cacheControl: [s3deploy.CacheControl.noCache()],
    });
    pages.node.addDependency(assets);

    // cdk-nag names each wildcard; all of them are CDK's grants to this role, on the assets bucket and the web bucket.
    const bucketId = Stack.of(this).resolve((this.bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
    const qualifier = Stack.of(this).synthesizer.bootstrapQualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const wildcards = [
      'Action::s3:GetObject*',
      'Action::s3:GetBucket*',
      'Action::s3:List*',
      'Action::s3:DeleteObject*',
      'Action::s3:Abort*',
      `Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-<AWS::Region>/*`,
      `Resource::<${bucketId}.Arn>/*`,
    ];
    Validations.of(role).acknowledge(
      ...wildcards.map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          "CDK's BucketDeployment (aws s3 sync, at deploy time only): it reads the build's zip from the CDK assets bucket and writes and prunes the web bucket's objects; CDK's grants, on those two buckets only",
      })),
    );
    // The deployment's function is one per stack, named by CDK, outside this construct.
    for (const child of Stack.of(this).node.children) {
      if (child.node.id.startsWith('Custom::CDKBucketDeployment')) {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions-L1',
          reason: "CDK's BucketDeployment function: its Python runtime is CDK's choice, upgraded with aws-cdk-lib; it runs only during cdk deploy",
        });
      }
    }
  }
}
