import { Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { EVIDENCE_CORS } from '../../shared/http/web-policy.js';
import type { AppTable } from '../constructs/app-function.js';
import { AWS_ONLY_METADATA_KEY } from '../metadata.js';

/** Evidence files live under this prefix of the bucket (`evidence/<taskId>/<evidenceId>`). */
export const EVIDENCE_PREFIX = 'evidence/';

/**
 * How long no one — not the account's root user either — can overwrite or delete a checkpoint of the audit
 * trail (S3 Object Lock, compliance mode): a checkpoint of any day of a year outlives that year's assessment
 * (published early the next year), its appeals, and the next year's assessment (docs/decisions/0012).
 */
export const AUDIT_RETENTION_DAYS = 800;

/**
 * How long access logs are kept: more than the six months China's Cybersecurity Law asks of network logs
 * (网络安全法 第二十一条), and a whole assessment year besides.
 */
export const ACCESS_LOG_RETENTION_DAYS = 400;

/** The table's global secondary indexes (docs/architecture.md): byPlan, byUnit, openByDue (sparse). */
export const TABLE_INDEX_NAMES = ['gsi1', 'gsi2', 'gsi3'] as const;

/**
 * What must outlive any deployment: the table (key design in docs/architecture.md), the bucket for
 * reports and evidence, the write-once bucket for the audit trail's checkpoints and the access logs' bucket. Retained and protected;
 * the stateless stack can be destroyed and redeployed freely.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.TableV2;
  /** The table as the functions' grants need it. */
  readonly appTable: AppTable;
  readonly bucket: s3.Bucket;
  /** Checkpoints of the audit trail (`audit/checkpoints/`): each object written once, then locked. */
  readonly auditBucket: s3.Bucket;
  /** Put and get of evidence objects only: what signing their presigned URLs needs. */
  readonly evidenceAccess: iam.ManagedPolicy;
  /** Access logs (CloudFront's under `cloudfront/`), kept ACCESS_LOG_RETENTION_DAYS whatever becomes of the stateless stack. */
  readonly logBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const key = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: key('pk'),
      sortKey: key('sk'),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      timeToLiveAttribute: 'expiresAt',
      dynamoStream: dynamodb.StreamViewType.NEW_IMAGE,
      globalSecondaryIndexes: TABLE_INDEX_NAMES.map((indexName) => ({
        indexName,
        partitionKey: key(`${indexName}pk`),
        sortKey: key(`${indexName}sk`),
      })),
    });
    this.appTable = { table: this.table, indexNames: TABLE_INDEX_NAMES };

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // The web workspace uploads evidence straight here with the URLs the API presigns, and reads it back.
      // Any origin: the presigned URL is the permission (a page of another site would need one the API gave a
      // signed-in unit); the web origin (CloudFront's domain) is made in the other stack, after this one.
      cors: [
        {
          allowedOrigins: ['*'],
          allowedMethods: EVIDENCE_CORS.methods.map((method) => s3.HttpMethods[method]),
          allowedHeaders: [...EVIDENCE_CORS.headers],
          exposedHeaders: [...EVIDENCE_CORS.exposed],
          maxAge: 3600,
        },
      ],
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'only our functions read and write it (their calls are logged and traced); a log bucket would need one of its own',
    });

    this.auditBucket = new s3.Bucket(this, 'AuditBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(AUDIT_RETENTION_DAYS)),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Object Lock keeps every version, but a put could still add a newer version of a key, and a delete a
    // marker that hides one: no put but a conditional one (If-None-Match: *, a key not there yet), no delete.
    this.auditBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'WriteOnce',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.auditBucket.arnForObjects('*')],
        conditions: { Null: { 's3:if-none-match': 'true' } },
      }),
    );
    this.auditBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NoDelete',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [this.auditBucket.arnForObjects('*')],
      }),
    );
    Validations.of(this.auditBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'written by one function once a day and read by auditors; a log bucket would need one of its own',
    });

    this.logBucket = new s3.Bucket(this, 'LogBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront delivers its standard logs with an ACL (awslogsdelivery): ACLs must stay enabled.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(ACCESS_LOG_RETENTION_DAYS) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Nothing of ours reads or writes it, and locally there is no CloudFront: the local S3 endpoint leaves it out.
    (this.logBucket.node.defaultChild as s3.CfnBucket).addMetadata(AWS_ONLY_METADATA_KEY, 'CloudFront access logs');
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'the log bucket itself: its access logs would be one more bucket, or a loop of logs about logs',
    });

    this.evidenceAccess = new iam.ManagedPolicy(this, 'EvidenceAccess', {
      statements: [
        new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [this.bucket.arnForObjects(`${EVIDENCE_PREFIX}*`)] }),
      ],
    });
    const bucketId = this.resolve((this.bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
    Validations.of(this.evidenceAccess).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${EVIDENCE_PREFIX}*]`,
      reason: 'evidence objects get generated keys under one prefix; the holder signs uploads and downloads of those only',
    });
  }
}
