/**
 * Import rules: the layer table of docs/architecture.md ("Layout"), checked by `npm run lint` and `npm test`.
 * Paths are relative to the repository root. An exception is as narrow as one file and names what would end it.
 */

/** Where an AWS SDK client may be imported: the adapters, so that a use case can be tested with a fake store. */
const SDK_ADAPTERS = [
  '^shared/store/',
  '^shared/evidence/object-store[.]ts$',
  '^shared/audit/checkpoint-objects[.]ts$',
  '^shared/bulletin/bulletin-objects[.]ts$',
  // Step Functions executions (start, describe) of the three workflows; run-status names their statuses.
  '^shared/executions/(step-functions|run-status)[.]ts$',
  // The middy idempotency layer names the DynamoDB client type its persistence layer takes.
  '^shared/http/idempotency[.]ts$',
  // DynamoDB stream → SNS, AWS only: the function is itself the adapter.
  '^functions/outbox-relay/',
];

const AWS_SDK = '^node_modules/@aws-sdk/';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'shared/domain holds the rules, pure: it may import only itself, zod, the holiday calendars and node ' +
        'built-ins (hashing). No AWS SDK, no store, no HTTP: every other layer builds on it, and its tests need nothing running.',
      severity: 'error',
      from: { path: '^shared/domain/' },
      to: {
        pathNot: ['^shared/domain/', '^calendars/[^/]+[.]json$', '^node_modules/zod/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'sdk-only-in-adapters',
      comment:
        'Use cases (shared/tasks, shared/chase, shared/assessment, …), handlers and workflow tasks reach AWS ' +
        'through the store and the object-store adapters only, so that each call has one place and one set of keys.',
      severity: 'error',
      from: { path: '^(shared|functions|workflows|cli)/', pathNot: SDK_ADAPTERS },
      to: { path: AWS_SDK },
    },
    {
      name: 'functions-stay-in-their-folder',
      comment:
        "A function never imports another function's folder: what two functions share belongs in shared/, " +
        'and a function bundles only its own code.',
      severity: 'error',
      from: {
        path: '^functions/([^/]+)/',
        // The OpenAPI document is written from each route's own zod schemas; moving the route schemas into
        // shared/ (one folder of API schemas) would end this exception.
        pathNot: '^functions/openapi/',
      },
      to: { path: '^functions/', pathNot: '^functions/$1/' },
    },
    {
      name: 'openapi-reads-only-schemas',
      comment:
        "The openapi function may read other functions' schema modules (the document describes them), nothing else of theirs.",
      severity: 'error',
      from: { path: '^functions/openapi/' },
      to: { path: '^functions/', pathNot: ['^functions/openapi/', '^functions/[^/]+/[a-z-]*schema[.]ts$'] },
    },
    {
      name: 'shared-never-imports-outer-layers',
      comment: 'shared/ is the inner layer: handlers, workflows, the CDK app, the CLI and the web app build on it, never the reverse.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(functions|workflows|infra|cli|web)/' },
    },
    {
      name: 'runtime-code-never-imports-cdk',
      comment:
        'Handlers, workflow tasks and shared code run in Lambda: CDK belongs to infra/ and the state-machine definitions only.',
      severity: 'error',
      from: { path: '^(shared|functions|workflows/[^/]+/tasks)/' },
      to: { path: ['^node_modules/(aws-cdk-lib|constructs|cdk-nag)/', '^(infra|cli)/'] },
    },
    {
      name: 'web-imports-only-browser-safe-shared',
      comment:
        'The web app reads plan files with the CLI\'s own code (decision 0018) and shows the domain\'s problems, ' +
        'so it may import shared/domain and shared/plans, and of shared/assessment only the actuals file reader ' +
        '(the assessment desk checks a file before upload). Nothing else of shared/ (the store, the SDK) belongs in a browser.',
      severity: 'error',
      from: { path: '^web/' },
      to: {
        path: '^(shared|functions|workflows|infra|cli)/',
        pathNot: ['^shared/domain/', '^shared/plans/', '^shared/assessment/actuals-file[.]ts$'],
      },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes load order matter and the layers meaningless.',
      severity: 'error',
      from: {},
      // Cycles of `import type` only are erased when compiled (the domain's types refer to each other).
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // `import type` counts: a type from the SDK or the store ties a layer to it as much as a value does.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.vue', '.js', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
    skipAnalysisNotInRules: true,
  },
};
