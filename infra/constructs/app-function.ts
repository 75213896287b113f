import { join } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { HSTS_VARIABLE } from '../../shared/http/security-headers.js';
import { functionBundling, REPO_ROOT, RUNTIME_MODULES } from './bundling.js';
import { DOCUMENT_LIBRARY_MODULES, documentLibrariesLayer } from './document-libraries.js';

/** CloudFormation metadata key with the repo-relative entry path: the local runtime maps functions to modules by it. */
export const ENTRY_METADATA_KEY = 'app:entry';

/**
 * API Gateway serves the API over HTTPS only, so browsers may insist on HTTPS for two years, subdomains
 * included. No `preload`: the API's host is under Amazon's execute-api domain (the web's under cloudfront.net),
 * not ours to submit. Set on every function, like NODE_OPTIONS; those that answer HTTP add it to every answer
 * (shared/http/response.ts); CloudFront's response headers policies send the same (infra/constructs/web-hosting.ts).
 */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';
/** Its max-age, for CloudFront's response headers policies (infra/constructs/web-hosting.ts). */
export const STRICT_TRANSPORT_SECURITY_MAX_AGE_SECONDS = Number(/max-age=(\d+)/.exec(STRICT_TRANSPORT_SECURITY)![1]);

export type TableAccess = 'read' | 'readWrite';

/** The single table with the names of its indexes, so that grants can name each index instead of `index/*`. */
export interface AppTable {
  readonly table: ITableV2;
  readonly indexNames: readonly string[];
}

/** What the handlers do with the table; never Scan (access patterns are Queries on keys and indexes). */
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const TABLE_ACTIONS: Record<TableAccess, string[]> = {
  read: READ_ACTIONS,
  readWrite: [...READ_ACTIONS, ...WRITE_ACTIONS],
};

export interface AppFunctionProps {
  /** Handler module, relative to the repository root (e.g. `functions/plans/handler.ts`); it exports `handler`. */
  entry: string;
  /** The table and how much of it the function may touch: granted and exposed as `TABLE_NAME` together. */
  table?: AppTable & { access: TableAccess };
  environment?: Record<string, string>;
  /** @default 512 MB: on arm64 this is where SDK-bound handlers stop getting faster per dollar. */
  memorySize?: number;
  /** @default 10 s: an API Gateway integration gives up after 30 s anyway. */
  timeout?: Duration;
  /**
   * It reads or writes documents (workbooks, charts, YAML plan files): exceljs, ECharts and yaml come from the
   * document libraries layer, not its bundle.
   */
  documentLibraries?: boolean;
}

/**
 * The house Lambda function: Node 22 on arm64, bundled locally by esbuild to minified ESM with source
 * maps (bundling.ts), its own log group with a retention, X-Ray tracing, and a role that holds only what is
 * granted to it (no managed policies).
 */
export class AppFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to its own log group only.
    this.role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: lambda.Tracing.ACTIVE,
      environment: { NODE_OPTIONS: '--enable-source-maps', [HSTS_VARIABLE]: STRICT_TRANSPORT_SECURITY, ...props.environment },
      bundling: functionBundling([...RUNTIME_MODULES, ...(props.documentLibraries ? DOCUMENT_LIBRARY_MODULES : [])]),
      ...(props.documentLibraries ? { layers: [documentLibrariesLayer(this)] } : {}),
    });
    (this.function.node.defaultChild as lambda.CfnFunction).addMetadata(ENTRY_METADATA_KEY, props.entry);

    if (props.table) this.useTable(props.table);

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x is the house runtime: bundles target node22 and moving to a newer runtime is a deliberate, tested upgrade',
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords take no resource-level permissions',
    });
  }

  private useTable({ table, indexNames, access }: AppTable & { access: TableAccess }): void {
    iam.Grant.addToPrincipal({
      grantee: this.function,
      actions: TABLE_ACTIONS[access],
      resourceArns: [table.tableArn, ...indexNames.map((name) => `${table.tableArn}/index/${name}`)],
    });
    this.function.addEnvironment('TABLE_NAME', table.tableName);
  }
}
