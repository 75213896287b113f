import { RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { AppTable } from '../constructs/app-function.js';

/** Evidence files live under this prefix of the bucket (`evidence/<taskId>/<evidenceId>`). */
export const EVIDENCE_PREFIX = 'evidence/';

/** The table's global secondary indexes (docs/architecture.md): byPlan, byUnit, openByDue (sparse). */
export const TABLE_INDEX_NAMES = ['gsi1', 'gsi2', 'gsi3'] as const;

/**
 * What must outlive any deployment: the table (key design in docs/architecture.md) and the bucket for
 * reports and evidence. Retained and protected; the stateless stack can be destroyed and redeployed freely.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.TableV2;
  /** The table as the functions' grants need it. */
  readonly appTable: AppTable;
  readonly bucket: s3.Bucket;
  /** Put and get of evidence objects only: what signing their presigned URLs needs. */
  readonly evidenceAccess: iam.ManagedPolicy;

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
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'only our functions read and write it (their calls are logged and traced); a log bucket would need one of its own',
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
