import { randomUUID } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { functionNameOfArn } from './fake-aws.js';
import type { Resolve } from './intrinsics.js';
import type { CfnTemplate } from './template.js';

/** A Lambda function of the template that has a handler module in this repository. */
export interface LocalFunction {
  logicalId: string;
  name: string;
  arn: string;
  /** Repository-relative path of the module exporting `handler` (the `app:entry` metadata). */
  entry: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
}

/** Entries (`app:entry`) are relative to the repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

export type Handler = (event: unknown, context: LambdaContext) => unknown;

export interface FunctionRegistry {
  functions: LocalFunction[];
  /** By ARN (with or without qualifier), function name or logical id. */
  find(reference: string): LocalFunction | undefined;
  /** Calls the handler like Lambda does: JSON in, JSON out, a fresh context per call. */
  invoke(fn: LocalFunction, event: unknown): Promise<unknown>;
}

/** Every Lambda function of the template with an `app:entry`; CDK's own helper functions have none and are skipped. */
export function functionsOf(template: CfnTemplate, resolve: Resolve): LocalFunction[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function' && typeof resource.Metadata?.['app:entry'] === 'string')
    .map(([logicalId, resource]) => {
      const properties = resource.Properties ?? {};
      const environment = resolve((properties.Environment as { Variables?: unknown } | undefined)?.Variables ?? {});
      return {
        logicalId,
        name: String(resolve({ Ref: logicalId })),
        arn: String(resolve({ 'Fn::GetAtt': [logicalId, 'Arn'] })),
        entry: resource.Metadata!['app:entry'] as string,
        environment: Object.fromEntries(Object.entries(environment as object).map(([k, v]) => [k, String(v)])),
        timeoutSeconds: Number(properties.Timeout ?? 3),
        memoryMb: Number(properties.MemorySize ?? 128),
      };
    });
}

/**
 * All handlers share one process and so one `process.env`: the union of the functions' variables,
 * refused when two functions want different values for one name.
 */
export function mergedEnvironment(functions: LocalFunction[]): Record<string, string> {
  const merged: Record<string, string> = {};
  const owner: Record<string, string> = {};
  for (const fn of functions) {
    for (const [name, value] of Object.entries(fn.environment)) {
      if (name in merged && merged[name] !== value) {
        throw new Error(
          `Environment variable ${name} differs between functions ${owner[name]} (${merged[name]}) and ${fn.logicalId} (${value}); ` +
            'the local runtime runs all handlers in one process and needs one value.\n' +
            `函数 ${owner[name]} 与 ${fn.logicalId} 的环境变量 ${name} 取值不同；本地运行环境在同一进程中运行所有处理函数，需要同一个值。`,
        );
      }
      merged[name] = value;
      owner[name] ??= fn.logicalId;
    }
  }
  return merged;
}

export function createFunctionRegistry(
  functions: LocalFunction[],
  options: { rootDir?: string; /** Stand-ins by entry path, for tests. */ handlers?: Record<string, Handler> } = {},
): FunctionRegistry {
  const loaded = new Map<string, Promise<Handler>>();

  const load = (fn: LocalFunction): Promise<Handler> => {
    const override = options.handlers?.[fn.entry];
    if (override) return Promise.resolve(override);
    let handler = loaded.get(fn.logicalId);
    if (!handler) {
      handler = import(pathToFileURL(resolvePath(options.rootDir ?? REPO_ROOT, fn.entry)).href).then((module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') throw new Error(`${fn.entry} does not export a function named handler`);
        return module.handler as Handler;
      });
      loaded.set(fn.logicalId, handler);
    }
    return handler;
  };

  return {
    functions,
    find: (reference) =>
      functions.find(
        (fn) =>
          fn.logicalId === reference || fn.name === reference || fn.name === (functionNameOfArn(reference) ?? reference.split(':')[0]),
      ),
    async invoke(fn, event) {
      const handler = await load(fn);
      const deadline = Date.now() + fn.timeoutSeconds * 1000;
      const context: LambdaContext = {
        functionName: fn.name,
        functionVersion: '$LATEST',
        invokedFunctionArn: fn.arn,
        memoryLimitInMB: String(fn.memoryMb),
        awsRequestId: randomUUID(),
        logGroupName: `/aws/lambda/${fn.name}`,
        logStreamName: 'local',
        callbackWaitsForEmptyEventLoop: true,
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      };
      // Lambda passes JSON both ways: a handler never shares objects with its caller, and a Date comes back a string.
      const result = await handler(toJson(event), context);
      return toJson(result);
    },
  };
}

function toJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
