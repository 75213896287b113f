/**
 * CloudFormation metadata the stacks set for the local runtime (infra/local), which reads the templates:
 * on a resource only AWS services use (the log bucket, written by CloudFront), it is left out locally.
 */
export const AWS_ONLY_METADATA_KEY = 'app:awsOnly';
