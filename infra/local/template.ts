import { buildApp, STATEFUL_STACK, STATELESS_STACK } from '../app.js';

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
  Parameters?: Record<string, { Type: string; Default?: unknown }>;
  Conditions?: Record<string, unknown>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
}
export interface Templates {
  stateful: CfnTemplate;
  stateless: CfnTemplate;
}

/** Synthesizes the app without bundling (the local runtime runs the sources) and returns both templates. */
export function synthTemplates(outdir?: string): Templates {
  const assembly = buildApp({ skipBundling: true, ...(outdir === undefined ? {} : { outdir }) }).synth();
  const template = (name: string): CfnTemplate => {
    const stack = assembly.stacks.find((s) => s.stackName === name);
    return (stack?.template as CfnTemplate | undefined) ?? { Resources: {} };
  };
  return { stateful: template(STATEFUL_STACK), stateless: template(STATELESS_STACK) };
}
