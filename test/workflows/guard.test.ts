import aslValidator from 'asl-validator';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, createFunctionRegistry, functionsOf, mergedEnvironment } from '../../infra/local/functions.js';
import { resolveTemplates } from '../../infra/local/intrinsics.js';
import { localRuntimeProblems, stateMachinesOf, taskBindings } from '../../infra/local/state-machines.js';
import { templates } from '../support/templates.js';

// What the local interpreter cannot run must not reach the template: every Task state has a handler
// module here, and no definition relies on JSONata or Assign (aws-local-stepfunctions ignores them).
const resolvers = resolveTemplates(templates(), { tableName: 'guard', stackNames: { stateful: 'Stateful', stateless: 'Stateless' } });
const functions = functionsOf(templates().stateless, resolvers.stateless);
const registry = createFunctionRegistry(functions);
const machines = stateMachinesOf(templates().stateless, resolvers.stateless);

describe.each(machines.map((machine) => [machine.logicalId, machine] as const))('state machine %s', (_, machine) => {
  it('maps every Task state to a handler module that exists and exports handler', async () => {
    // Prepare: handler modules read their configuration at import, as in the local runtime.
    Object.assign(process.env, mergedEnvironment(functions));

    // Act
    const bindings = taskBindings(machine.definition);

    // Assess
    expect(bindings.length).toBeGreaterThan(0);
    for (const binding of bindings) {
      const fn = registry.find(binding.target);
      expect(fn, `${binding.stateName} → ${binding.target}`).toBeDefined();
      expect(existsSync(join(REPO_ROOT, fn!.entry)), fn!.entry).toBe(true);
      const module = (await import(pathToFileURL(join(REPO_ROOT, fn!.entry)).href)) as { handler?: unknown };
      expect(typeof module.handler, `${fn!.entry} exports handler`).toBe('function');
    }
  });

  it('uses neither JSONata nor Assign', () => {
    // Act
    const problems = localRuntimeProblems(machine.definition);

    // Assess
    expect(problems).toEqual([]);
    expect(JSON.stringify(machine.definition)).not.toMatch(/JSONata|"Assign"/);
  });

  it('is valid ASL', () => {
    // Act
    const { isValid, errorsText } = aslValidator(structuredClone(machine.definition));

    // Assess
    expect(isValid, errorsText()).toBe(true);
  });
});

it('the template has the breakdown state machine', () => {
  // Assess
  expect(machines.map((m) => m.definition.StartAt)).toContain('ValidatePlan');
});
