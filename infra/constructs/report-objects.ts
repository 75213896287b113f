import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { AppFunction } from './app-function.js';

/** The monthly bulletins' objects live under this prefix of the bucket (`reports/bulletins/<month>.html|.xlsx|.json`). */
export const REPORTS_PREFIX = 'reports/';

const arnExports = new WeakMap<IBucket, { name: string; arn: string }>();

/**
 * The bucket's ARN, exported by its own stack under a name of ours (`<stack>-<exportName>`). cdk-nag names a
 * wildcard finding after the ARN as written in the policy, which in another stack is the import of the
 * export: with CDK's generated export name (it ends in a hash) the acknowledgement could not be spelled out;
 * with ours it can.
 */
export function exportedArn(bucket: IBucket, exportName = 'BucketArn'): { name: string; arn: string } {
  let exported = arnExports.get(bucket);
  if (!exported) {
    const producer = Stack.of(bucket);
    const name = `${producer.stackName}-${exportName}`;
    exported = { name, arn: producer.exportValue(bucket.bucketArn, { name }) };
    arnExports.set(bucket, exported);
  }
  return exported;
}

/**
 * Lets `fn` do `action` (put or get) on the bulletins' objects and nothing else of the bucket, whose name it
 * gets as `BUCKET_NAME`.
 */
export function allowReportObjects(fn: AppFunction, bucket: IBucket, action: 's3:PutObject' | 's3:GetObject'): void {
  fn.function.addEnvironment('BUCKET_NAME', bucket.bucketName);
  const { name, arn } = exportedArn(bucket);
  fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [action], resources: [`${arn}/${REPORTS_PREFIX}*`] }));
  Validations.of(fn.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${name}/${REPORTS_PREFIX}*]`,
    reason: 'bulletins are one object per month and format under one prefix; the function may touch those only',
  });
}
