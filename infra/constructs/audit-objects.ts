import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { AppFunction } from './app-function.js';
import { exportedArn } from './report-objects.js';

/** Checkpoints of the audit trail live under this prefix of the audit bucket (`audit/checkpoints/<at>.json`). */
export const CHECKPOINTS_PREFIX = 'audit/checkpoints/';

/**
 * Lets `fn` put checkpoints into the audit bucket, whose name it gets as `AUDIT_BUCKET`, and nothing else:
 * no read, no list, no delete. The bucket itself lets no put through but a conditional one (a new key).
 */
export function allowCheckpointWrites(fn: AppFunction, bucket: IBucket): void {
  fn.function.addEnvironment('AUDIT_BUCKET', bucket.bucketName);
  const { name, arn } = exportedArn(bucket, 'AuditBucketArn');
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [`${arn}/${CHECKPOINTS_PREFIX}*`] }));
  Validations.of(fn.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${name}/${CHECKPOINTS_PREFIX}*]`,
    reason: 'one object per checkpoint, named by its time, under one prefix; each written once (the bucket refuses any other put)',
  });
}
