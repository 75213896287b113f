import type { FunctionRegistry, LocalFunction } from './functions.js';
import type { Resolve } from './intrinsics.js';
import type { CfnTemplate } from './template.js';

export interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  ItemProcessor?: AslDefinition;
  Iterator?: AslDefinition;
  Branches?: AslDefinition[];
  [field: string]: unknown;
}

export interface AslDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  QueryLanguage?: string;
  TimeoutSeconds?: number;
  [field: string]: unknown;
}

export interface LocalStateMachine {
  logicalId: string;
  name: string;
  arn: string;
  definition: AslDefinition;
}

/** How a Task state calls its function. */
export interface TaskBinding {
  stateName: string;
  /** `function`: Resource is the function ARN, the handler gets the state input. `invoke`: `arn:aws:states:::lambda:invoke`. */
  form: 'function' | 'invoke';
  /** The function ARN or name the state names (for `invoke`, Parameters.FunctionName). */
  target: string;
}

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

/** Every state machine of the template with its definition resolved to plain ASL. */
export function stateMachinesOf(template: CfnTemplate, resolve: Resolve): LocalStateMachine[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine')
    .map(([logicalId, resource]) => {
      const properties = resource.Properties ?? {};
      return {
        logicalId,
        name: String(resolve({ 'Fn::GetAtt': [logicalId, 'Name'] })),
        arn: String(resolve({ Ref: logicalId })),
        definition: definitionOf(logicalId, properties, resolve),
      };
    });
}

function definitionOf(logicalId: string, properties: Record<string, unknown>, resolve: Resolve): AslDefinition {
  if (properties.Definition !== undefined) return resolve(properties.Definition) as AslDefinition;
  if (properties.DefinitionString === undefined) throw new Error(`state machine ${logicalId}: no inline definition`);
  let text = String(resolve(properties.DefinitionString));
  const substitutions = resolve(properties.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(substitutions)) text = text.split(`\${${name}}`).join(String(value));
  return JSON.parse(text) as AslDefinition;
}

/** Every state of a definition, descending into Map item processors and Parallel branches. */
export function* allStates(definition: AslDefinition): Generator<[string, AslState]> {
  for (const [name, state] of Object.entries(definition.States)) {
    yield [name, state];
    const nested = [state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])].filter((d): d is AslDefinition => d !== undefined);
    for (const child of nested) yield* allStates(child);
  }
}

/** The Lambda call behind each Task state; throws for a Task the local runtime cannot run. */
export function taskBindings(definition: AslDefinition): TaskBinding[] {
  const bindings: TaskBinding[] = [];
  for (const [stateName, state] of allStates(definition)) {
    if (state.Type !== 'Task') continue;
    const resource = String(state.Resource);
    if (resource.startsWith('arn:aws:lambda:')) {
      bindings.push({ stateName, form: 'function', target: resource });
    } else if (resource === LAMBDA_INVOKE && typeof state.Parameters?.FunctionName === 'string') {
      bindings.push({ stateName, form: 'invoke', target: state.Parameters.FunctionName });
    } else {
      throw new Error(`Task state ${stateName}: ${resource} cannot run locally (only Lambda functions with a fixed FunctionName)`);
    }
  }
  return bindings;
}

/** What aws-local-stepfunctions would silently ignore or misrun: refuse it instead. */
export function localRuntimeProblems(definition: AslDefinition): string[] {
  const problems: string[] = [];
  if (definition.QueryLanguage === 'JSONata') problems.push('the definition uses QueryLanguage JSONata');
  const names = new Set<string>();
  for (const [name, state] of allStates(definition)) {
    if (names.has(name)) problems.push(`state name ${name} is used twice (local Task handlers are keyed by state name)`);
    names.add(name);
    if (state.QueryLanguage === 'JSONata') problems.push(`state ${name} uses QueryLanguage JSONata`);
    if ('Assign' in state) problems.push(`state ${name} uses Assign`);
    if (String(state.Resource ?? '').endsWith('.waitForTaskToken')) problems.push(`state ${name} waits for a task token`);
  }
  return problems;
}

/** The local function of each Task state, by state name. */
export function bindTasks(machine: LocalStateMachine, registry: FunctionRegistry): Map<string, { binding: TaskBinding; fn: LocalFunction }> {
  const problems = localRuntimeProblems(machine.definition);
  if (problems.length) throw new Error(`state machine ${machine.logicalId} cannot run locally: ${problems.join('; ')}`);
  const bound = new Map<string, { binding: TaskBinding; fn: LocalFunction }>();
  for (const binding of taskBindings(machine.definition)) {
    const fn = registry.find(binding.target);
    if (!fn) throw new Error(`state machine ${machine.logicalId}, Task ${binding.stateName}: ${binding.target} is not a function with an app:entry`);
    bound.set(binding.stateName, { binding, fn });
  }
  return bound;
}
