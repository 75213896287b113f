import { pathToFileURL } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { StatefulStack } from './stacks/stateful-stack.js';
import { StatelessStack } from './stacks/stateless-stack.js';
import { webBuildToDeploy } from './constructs/web-hosting.js';
import { newestWebSource, WEB_DIST_DIR } from './local/web-build.js';

export interface BuildAppOptions {
  /** Skip esbuild bundling (template tests and the local runtime run the sources directly). */
  skipBundling?: boolean;
  outdir?: string;
  /**
   * The built web workspace to deploy (web/dist, see `webBuildToDeploy`). Absent: a placeholder page, as for
   * the template tests, the local runtime and the benchmark, which never deploy.
   */
  webDist?: string;
}

export const STATEFUL_STACK = 'GoalBreakdownStateful';
export const STATELESS_STACK = 'GoalBreakdownStateless';

export function buildApp(options: BuildAppOptions = {}): App {
  const app = new App({
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    context: {
      // Stated, not defaulted: an export of the stateful stack cannot vanish while the stateless stack imports it.
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
      ...(options.skipBundling ? { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-asset-staging': true } : {}),
    },
    ...(options.skipBundling ? { builtinCloudFormationValidation: false } : {}),
  });
  const stateful = new StatefulStack(app, STATEFUL_STACK);
  new StatelessStack(app, STATELESS_STACK, {
    table: stateful.appTable,
    bucket: stateful.bucket,
    auditBucket: stateful.auditBucket,
    evidenceAccess: stateful.evidenceAccess,
    logBucket: stateful.logBucket,
    ...(options.webDist === undefined ? {} : { webDist: options.webDist }),
  });
  // Every synth, the tests' included: an unacknowledged finding fails it.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

// `cdk synth` and `cdk deploy`: with the web build, which must exist and be fresh (docs/decisions/0014-web-hosting.md).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let webDist: string;
  try {
    webDist = webBuildToDeploy(WEB_DIST_DIR, newestWebSource);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  buildApp({ webDist }).synth();
}
