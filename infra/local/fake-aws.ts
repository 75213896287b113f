/**
 * The fake account the local runtime pretends to run in. Every ARN it hands out is built here, so a
 * function ARN in a state machine definition, in an environment variable and in the local registry
 * are always the same string.
 */
export const REGION = 'us-east-1';
export const ACCOUNT = '000000000000';

export const fakeArn = {
  function: (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
  stateMachine: (name: string) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`,
  execution: (stateMachineName: string, executionName: string) =>
    `arn:aws:states:${REGION}:${ACCOUNT}:execution:${stateMachineName}:${executionName}`,
  table: (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`,
  topic: (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`,
  queue: (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`,
  bucket: (name: string) => `arn:aws:s3:::${name}`,
  role: (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`,
  logGroup: (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}:*`,
};

/** The function name inside a Lambda ARN, without a version or alias qualifier. */
export function functionNameOfArn(arn: string): string | undefined {
  return /^arn:aws:lambda:[^:]*:[^:]*:function:([^:/]+)/.exec(arn)?.[1];
}

/** Credentials the SDK clients need to sign requests; DynamoDB Local and the local endpoints ignore them. */
export const FAKE_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
