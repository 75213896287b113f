import { ACCOUNT, REGION, fakeArn } from './fake-aws.js';
import type { CfnResource, CfnTemplate, Templates } from './template.js';

/** Turns a template value with intrinsic functions into plain JSON with the local fake values. */
export type Resolve = (value: unknown) => unknown;

export interface ResolveOptions {
  stackName: string;
  /** The local name of the one DynamoDB table. */
  tableName: string;
  /** Base URL of the local HTTP API, for an API's `ApiEndpoint`. */
  apiUrl?: string;
  /** Values other stacks export (`Fn::ImportValue`). */
  importValue?: (exportName: string) => unknown;
}

/** `Ref: AWS::NoValue` removes the property or list element that holds it. */
const NO_VALUE = Symbol('AWS::NoValue');

interface ResourceKind {
  /** The property that names the resource; absent, the logical id stands in for the generated name. */
  nameProperty?: string;
  ref: (name: string) => string;
  attributes: Record<string, (name: string) => string>;
}

const tableKind: ResourceKind = {
  ref: (name) => name,
  attributes: { Arn: fakeArn.table, StreamArn: (name) => `${fakeArn.table(name)}/stream/local` },
};

const KINDS: Record<string, ResourceKind> = {
  'AWS::Lambda::Function': { nameProperty: 'FunctionName', ref: (n) => n, attributes: { Arn: fakeArn.function } },
  'AWS::DynamoDB::Table': tableKind,
  'AWS::DynamoDB::GlobalTable': tableKind,
  'AWS::StepFunctions::StateMachine': {
    nameProperty: 'StateMachineName',
    ref: fakeArn.stateMachine,
    attributes: { Arn: fakeArn.stateMachine, Name: (n) => n },
  },
  'AWS::SNS::Topic': {
    nameProperty: 'TopicName',
    ref: fakeArn.topic,
    attributes: { TopicArn: fakeArn.topic, TopicName: (n) => n },
  },
  'AWS::SQS::Queue': {
    nameProperty: 'QueueName',
    ref: (n) => queueUrl(n),
    attributes: { Arn: fakeArn.queue, QueueName: (n) => n, QueueUrl: (n) => queueUrl(n) },
  },
  'AWS::S3::Bucket': {
    nameProperty: 'BucketName',
    ref: (n) => n,
    attributes: {
      Arn: fakeArn.bucket,
      DomainName: (n) => `${n}.s3.amazonaws.com`,
      RegionalDomainName: (n) => `${n}.s3.${REGION}.amazonaws.com`,
    },
  },
  'AWS::IAM::Role': { nameProperty: 'RoleName', ref: (n) => n, attributes: { Arn: fakeArn.role } },
  'AWS::Logs::LogGroup': { nameProperty: 'LogGroupName', ref: (n) => n, attributes: { Arn: fakeArn.logGroup } },
};

function queueUrl(name: string): string {
  return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
}

/** Resolvers for both stacks; `Fn::ImportValue` finds the export in either template. */
export function resolveTemplates(
  templates: Templates,
  options: { tableName: string; apiUrl?: string; stackNames: { stateful: string; stateless: string } },
): { stateful: Resolve; stateless: Resolve } {
  const importValue = (exportName: string): unknown => {
    for (const [key, resolve] of Object.entries(resolvers)) {
      const outputs = templates[key as keyof Templates].Outputs ?? {};
      for (const output of Object.values(outputs)) {
        if (output.Export && resolve(output.Export.Name) === exportName) return resolve(output.Value);
      }
    }
    throw new Error(`Fn::ImportValue: no stack exports ${exportName}`);
  };
  const common = { tableName: options.tableName, importValue, ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}) };
  const resolvers = {
    stateful: createResolver(templates.stateful, { ...common, stackName: options.stackNames.stateful }),
    stateless: createResolver(templates.stateless, { ...common, stackName: options.stackNames.stateless }),
  };
  return resolvers;
}

/** Resolves Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::If, Fn::FindInMap, Fn::ImportValue. */
export function createResolver(template: CfnTemplate, options: ResolveOptions): Resolve {
  const parameters = template.Parameters ?? {};
  const conditions = template.Conditions ?? {};
  const mappings = template.Mappings ?? {};

  const pseudo: Record<string, unknown> = {
    'AWS::Region': REGION,
    'AWS::AccountId': ACCOUNT,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': options.stackName,
    'AWS::StackId': `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${options.stackName}/00000000-0000-0000-0000-000000000000`,
    'AWS::NotificationARNs': [],
    'AWS::NoValue': NO_VALUE,
  };

  const resource = (logicalId: string): CfnResource => {
    const found = template.Resources[logicalId];
    if (!found) throw new Error(`${options.stackName}: no resource or parameter named ${logicalId}`);
    return found;
  };

  const physicalName = (logicalId: string, found: CfnResource, kind: ResourceKind | undefined): string => {
    if (kind === tableKind) return options.tableName;
    const named = kind?.nameProperty === undefined ? undefined : found.Properties?.[kind.nameProperty];
    if (named !== undefined) return String(resolve(named));
    return found.Type === 'AWS::S3::Bucket' ? logicalId.toLowerCase() : logicalId;
  };

  const ref = (name: string): unknown => {
    if (name in pseudo) return pseudo[name];
    if (name in parameters) return parameters[name]!.Default;
    const found = resource(name);
    const kind = KINDS[found.Type];
    // Sub-resources of an API (routes, integrations, authorizers, stages) are referenced by id: the logical id is one.
    return kind ? kind.ref(physicalName(name, found, kind)) : name;
  };

  const getAtt = (logicalId: string, attribute: string): unknown => {
    const found = resource(logicalId);
    if (found.Type === 'AWS::ApiGatewayV2::Api') {
      if (attribute === 'ApiId') return logicalId;
      if (attribute === 'ApiEndpoint') return options.apiUrl ?? `https://${logicalId}.execute-api.${REGION}.amazonaws.com`;
    }
    const kind = KINDS[found.Type];
    const attribute_ = kind?.attributes[attribute];
    if (!kind || !attribute_) throw new Error(`${options.stackName}: Fn::GetAtt ${found.Type}.${attribute} has no local value`);
    return attribute_(physicalName(logicalId, found, kind));
  };

  const sub = (text: string, variables: Record<string, unknown>): string =>
    text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      if (name.startsWith('!')) return `\${${name.slice(1)}}`;
      if (name in variables) return String(resolve(variables[name]));
      const dot = name.indexOf('.');
      return String(dot > 0 && !(name in pseudo) ? getAtt(name.slice(0, dot), name.slice(dot + 1)) : ref(name));
    });

  const condition = (name: string): boolean => {
    if (!(name in conditions)) throw new Error(`${options.stackName}: no condition named ${name}`);
    return Boolean(resolve(conditions[name]));
  };

  const functions: Record<string, (argument: unknown) => unknown> = {
    Ref: (name) => ref(name as string),
    'Fn::GetAtt': (argument) => {
      const [logicalId, ...attribute] = typeof argument === 'string' ? argument.split('.') : (argument as string[]);
      return getAtt(logicalId!, attribute.join('.'));
    },
    'Fn::Join': (argument) => {
      const [delimiter, parts] = argument as [string, unknown];
      return (resolve(parts) as unknown[]).map(String).join(delimiter);
    },
    'Fn::Sub': (argument) =>
      typeof argument === 'string'
        ? sub(argument, {})
        : sub((argument as [string, Record<string, unknown>])[0], (argument as [string, Record<string, unknown>])[1]),
    'Fn::Select': (argument) => {
      const [index, list] = argument as [unknown, unknown];
      return (resolve(list) as unknown[])[Number(resolve(index))];
    },
    'Fn::Split': (argument) => {
      const [delimiter, text] = argument as [string, unknown];
      return String(resolve(text)).split(delimiter);
    },
    'Fn::ImportValue': (argument) => {
      if (!options.importValue) throw new Error(`${options.stackName}: Fn::ImportValue without other stacks`);
      return options.importValue(String(resolve(argument)));
    },
    'Fn::If': (argument) => {
      const [name, whenTrue, whenFalse] = argument as [string, unknown, unknown];
      return resolve(condition(name) ? whenTrue : whenFalse);
    },
    'Fn::Equals': (argument) => {
      const [left, right] = (argument as unknown[]).map(resolve);
      return JSON.stringify(left) === JSON.stringify(right);
    },
    'Fn::Not': (argument) => !resolve((argument as unknown[])[0]),
    'Fn::And': (argument) => (argument as unknown[]).every((c) => resolve(c)),
    'Fn::Or': (argument) => (argument as unknown[]).some((c) => resolve(c)),
    Condition: (name) => condition(name as string),
    'Fn::FindInMap': (argument) => {
      const [map, key, subKey] = (argument as unknown[]).map((part) => String(resolve(part)));
      const value = mappings[map!]?.[key!]?.[subKey!];
      if (value === undefined) throw new Error(`${options.stackName}: Fn::FindInMap ${map}.${key}.${subKey} not found`);
      return value;
    },
    'Fn::GetAZs': () => ['a', 'b', 'c'].map((zone) => `${REGION}${zone}`),
    'Fn::Base64': (argument) => Buffer.from(String(resolve(argument))).toString('base64'),
  };

  function resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(resolve).filter((item) => item !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [key, argument] = entries[0]!;
      const intrinsic = functions[key];
      // A policy statement's `Condition` block is data; only `{ Condition: "<name>" }` is the intrinsic.
      if (intrinsic && !(key === 'Condition' && typeof argument !== 'string')) return intrinsic(argument);
      if (key.startsWith('Fn::')) throw new Error(`${options.stackName}: ${key} is not supported by the local runtime`);
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      const resolved = resolve(item);
      if (resolved !== NO_VALUE) result[key] = resolved;
    }
    return result;
  }

  return resolve;
}
