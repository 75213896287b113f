import { App } from 'aws-cdk-lib';
import { StatefulStack } from './stacks/stateful-stack.js';

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
    ...(options.skipBundling
      ? { context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false }
      : {}),
  });
  new StatefulStack(app, STATEFUL_STACK);
  return app;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().synth();
}
