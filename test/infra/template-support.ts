import { readFileSync } from 'node:fs';
import type { CfnResource, CfnTemplate } from '../../infra/local/template.js';

/** A Lambda function of the template with the repo-relative entry recorded by AppFunction. */
export interface TemplateFunction {
  logicalId: string;
  entry: string;
  properties: Record<string, unknown>;
}

/** The house functions (AppFunction): those with an `app:entry`; CDK's own helpers (the web's BucketDeployment) have none. */
export function functionsOf(template: CfnTemplate): TemplateFunction[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && typeof r.Metadata?.['app:entry'] === 'string')
    .map(([logicalId, r]) => ({
      logicalId,
      entry: String(r.Metadata?.['app:entry']),
      properties: r.Properties ?? {},
    }));
}

export function functionByEntry(template: CfnTemplate, entry: string): TemplateFunction {
  const fn = functionsOf(template).find((f) => f.entry === entry);
  if (!fn) throw new Error(`no function with entry ${entry}`);
  return fn;
}

export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** The one resource of this type, as `[logicalId, resource]`. */
export function onlyResourceOfType(template: CfnTemplate, type: string): [string, CfnResource] {
  const found = resourcesOfType(template, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]!;
}

/**
 * The state machine's ASL as JSON: `Fn::GetAtt [X, Arn]` becomes a fake Lambda ARN naming X, `Ref X`
 * becomes X (as the local runtime does, with its own fake ARNs).
 */
export function definitionOf(template: CfnTemplate, stateMachineLogicalId: string): Asl {
  const definition = template.Resources[stateMachineLogicalId]?.Properties?.DefinitionString;
  return JSON.parse(resolveIntrinsics(definition)) as Asl;
}

export const fakeFunctionArn = (logicalId: string) => `arn:aws:lambda:us-east-1:123456789012:function:${logicalId}`;

function resolveIntrinsics(value: unknown): string {
  if (typeof value === 'string') return value;
  const node = value as Record<string, unknown>;
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map(resolveIntrinsics).join(separator);
  }
  if ('Fn::GetAtt' in node) {
    const [logicalId, attribute] = node['Fn::GetAtt'] as [string, string];
    if (attribute !== 'Arn') throw new Error(`unexpected Fn::GetAtt ${logicalId}.${attribute}`);
    return fakeFunctionArn(logicalId);
  }
  if ('Ref' in node) return String(node.Ref);
  throw new Error(`unexpected intrinsic ${JSON.stringify(value)}`);
}

export interface AslState {
  Type: string;
  Resource?: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number; MaxDelaySeconds?: number; JitterStrategy?: string }[];
  Catch?: { ErrorEquals: string[]; ResultPath?: string; Next: string }[];
  [key: string]: unknown;
}
export interface Asl {
  StartAt: string;
  States: Record<string, AslState>;
  TimeoutSeconds?: number;
  [key: string]: unknown;
}

/** Every state, Map item processors included, by name. */
export function allStates(asl: Pick<Asl, 'States'>): Record<string, AslState> {
  const states: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(asl.States)) {
    states[name] = state;
    const processor = state.ItemProcessor as Pick<Asl, 'States'> | undefined;
    if (processor) Object.assign(states, allStates(processor));
  }
  return states;
}

/** The contract's tables, read from docs/architecture.md so that the template is checked against it. */
export function architectureDoc() {
  const lines = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8').split('\n');
  const routes = lines.flatMap((line) => {
    const match = /^\| `(GET|POST|PUT|PATCH|DELETE) (\/[^`]*)` \|/.exec(line);
    return match ? [`${match[1]} ${match[2]}`] : [];
  });
  const functions = lines.flatMap((line) => {
    const cells = line.split('|').map((c) => c.trim());
    const entry = /^`([^`]+\/[^`]+\.ts)`/.exec(cells[2] ?? '')?.[1];
    if (!entry) return [];
    const env = [...(cells[3] ?? '').matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!);
    return [{ name: cells[1]!, entry, env }];
  });
  return { routes, functions };
}
