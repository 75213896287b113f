import type { CfnResource, Templates } from '../../infra/local/template.js';
import { resourcesOfType } from './template-support.js';

/**
 * What a function's role allows: actions on resources, under a condition when there is one. Resources are
 * named as `resourceName` writes them (`Table.Arn/index/gsi1`, `Bucket.Arn/reports/*`, `own log group`), so
 * that a table of expectations can be read without the template's hashes.
 */
export interface Grant {
  actions: string[];
  on: string[];
  when?: unknown;
}

/** A Lambda function of the template: its entry (house functions) or logical id without hash, and its grants. */
export interface GrantedFunction {
  name: string;
  grants: Grant[];
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** Every Lambda function of the stateless stack with the grants of its role: inline policies and managed ones. */
export function grantedFunctions({ stateful, stateless }: Templates): GrantedFunction[] {
  const inlinePolicies = resourcesOfType(stateless, 'AWS::IAM::Policy');
  const managedPolicies = resourcesOfType(stateful, 'AWS::IAM::ManagedPolicy');
  return resourcesOfType(stateless, 'AWS::Lambda::Function').map(([logicalId, fn]) => {
    const role = (fn.Properties?.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const ownLogGroup = (fn.Properties?.LoggingConfig as { LogGroup?: { Ref: string } } | undefined)?.LogGroup?.Ref;
    const inline = inlinePolicies.filter(([, policy]) => (policy.Properties?.Roles as { Ref: string }[]).some((r) => r.Ref === role));
    const managedArns = (stateless.Resources[role]?.Properties?.ManagedPolicyArns ?? []) as unknown[];
    const managed = managedArns.map((arn) => managedPolicy(managedPolicies, arn, logicalId));
    const statements = [...inline, ...managed].flatMap(([, policy]) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
    return {
      name: typeof fn.Metadata?.['app:entry'] === 'string' ? fn.Metadata['app:entry'] : withoutHash(logicalId),
      grants: normalized(statements.map((statement) => grantOf(statement, logicalId, ownLogGroup))),
    };
  });
}

/** Grants in one order (actions, resources and grants sorted), so that two lists compare as sets. */
export function normalized(grants: Grant[]): Grant[] {
  return grants
    .map((grant) => ({ ...grant, actions: [...grant.actions].sort(), on: [...grant.on].sort() }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function grantOf(statement: Statement, functionId: string, ownLogGroup: string | undefined): Grant {
  if (statement.Effect !== 'Allow') throw new Error(`${functionId}: a ${statement.Effect} statement, which Grant cannot say`);
  const on = [statement.Resource].flat().map((resource) => resourceName(resource, ownLogGroup));
  const grant = { actions: [statement.Action].flat(), on };
  return statement.Condition === undefined ? grant : { ...grant, when: statement.Condition };
}

/** The stateful stack's managed policy a role names by an imported `Ref`; any other managed policy is unknown here. */
function managedPolicy(policies: [string, CfnResource][], arn: unknown, functionId: string): [string, CfnResource] {
  const imported = String((arn as { 'Fn::ImportValue'?: unknown })['Fn::ImportValue'] ?? '');
  const found = policies.find(([id]) => imported.includes(`ExportsOutputRef${id}`));
  if (!found) throw new Error(`${functionId}: a managed policy this test cannot read: ${JSON.stringify(arn)}`);
  return found;
}

/** A resource as a person would name it: logical ids without their hash, pseudo parameters as `${AWS::Region}`. */
function resourceName(value: unknown, ownLogGroup: string | undefined): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, unknown>;
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => resourceName(part, ownLogGroup)).join(separator);
  }
  if ('Fn::GetAtt' in node) {
    const [id, attribute] = node['Fn::GetAtt'] as [string, string];
    return id === ownLogGroup ? 'own log group' : `${withoutHash(id)}.${attribute}`;
  }
  if ('Ref' in node) {
    const id = String(node.Ref);
    return id.startsWith('AWS::') ? `\${${id}}` : withoutHash(id);
  }
  if ('Fn::ImportValue' in node) return importedName(String(node['Fn::ImportValue']));
  if ('Fn::Sub' in node) return String(node['Fn::Sub']);
  throw new Error(`unexpected intrinsic ${JSON.stringify(value)}`);
}

/**
 * A value imported from the stateful stack: `…:ExportsOutputFnGetAttTableCD117FA1ArnE2C8C204` is `Table.Arn`,
 * `…:ExportsOutputRefEvidenceAccess9A254F9F136778AA` is `EvidenceAccess`, a named export `…-BucketArn` is `Bucket.Arn`.
 */
function importedName(exportName: string): string {
  const attribute = /:ExportsOutputFnGetAtt([A-Za-z]+?)[0-9A-F]{8}([A-Za-z]+)[0-9A-F]{8}$/.exec(exportName);
  if (attribute) return `${attribute[1]}.${attribute[2]}`;
  const reference = /:ExportsOutputRef([A-Za-z]+?)[0-9A-F]{16}$/.exec(exportName);
  if (reference) return reference[1]!;
  const named = /-([A-Za-z]+)Arn$/.exec(exportName);
  return named ? `${named[1]}.Arn` : exportName;
}

/** CDK ends a logical id with an 8-digit hash of its path. */
const withoutHash = (logicalId: string) => logicalId.replace(/[0-9A-F]{8}$/, '');
