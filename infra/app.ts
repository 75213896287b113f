import { pathToFileURL } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from './stacks/stateful-stack.js';
import { StatelessStack } from './stacks/stateless-stack.js';

export interface BuildAppOptions {
  /** Skip esbuild bundling (template tests and the local runtime run the sources directly). */
  skipBundling?: boolean;
  outdir?: string;
}

export const STATEFUL_STACK = 'GoalBreakdownStateful';
export const STATELESS_STACK = 'GoalBreakdownStateless';

export function buildApp(options: BuildAppOptions = {}): App {
  const app = new App({
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    context: {
      // Stated, not defaulted: an export of the stateful stack cannot vanish while the stateless stack imports it.
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
      ...(options.skipBundling ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
    ...(options.skipBundling ? { builtinCloudFormationValidation: false } : {}),
  });
  const stateful = new StatefulStack(app, STATEFUL_STACK);
  new StatelessStack(app, STATELESS_STACK, {
    table: stateful.appTable,
    bucket: stateful.bucket,
    auditBucket: stateful.auditBucket,
    evidenceAccess: stateful.evidenceAccess,
  });
  // Every synth, the tests' included: an unacknowledged finding fails it.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildApp().synth();
}
