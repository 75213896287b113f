import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { join, resolve as resolvePath } from 'node:path';
import { STATEFUL_STACK, STATELESS_STACK } from '../app.js';
import { ensureAdminToken } from './admin-token.js';
import { writeLocalTable } from './local-table-file.js';
import { lockDataDir } from './data-dir-lock.js';
import { localObjectDir } from './object-dir.js';
import { startDynamoDbLocal } from './dynamodb-local.js';
import { fileExecutionStore, memoryExecutionStore, type Execution } from './execution-store.js';
import { FAKE_CREDENTIALS, REGION } from './fake-aws.js';
import { createFunctionRegistry, functionsOf, mergedEnvironment, type Handler } from './functions.js';
import { openHttpServer, type OpenedHttpServer } from './http-server.js';
import { webAppResponder } from './web-app.js';
import { resolveTemplates } from './intrinsics.js';
import { routesOf, stageThrottleOf } from './routes.js';
import { schedulesOf, startScheduleTimers } from './schedules.js';
import { bucketsOf, startS3Endpoint } from './s3-endpoint.js';
import { startSfnEndpoint } from './sfn-endpoint.js';
import { stateMachinesOf } from './state-machines.js';
import { createTable, tableDefinition } from './table.js';
import { synthTemplates, type Templates } from './template.js';
import { createWorkflowRunner, type WorkflowRunner } from './workflow-runner.js';

export const DEFAULT_TABLE_NAME = 'goal-breakdown';

export interface LocalStackOptions {
  /** Keeps the table, executions and admin token under this folder; everything is in memory without it. */
  dataDir?: string;
  /** Port of the HTTP API; a free one when absent. */
  port?: number;
  /** An already running DynamoDB (Local); one is started when absent. */
  dynamodbEndpoint?: string;
  tableName?: string;
  /** The synthesized templates; synthesized in-process when absent. */
  templates?: Templates;
  /** For tests: handlers by entry path (`functions/plans/handler.ts`), in place of the modules themselves. */
  handlers?: Record<string, Handler>;
  /** For tests: every Retry waits this long instead of the definition's interval and backoff. */
  retryDelayMs?: number;
  /** Called when an execution stops, whatever its outcome. */
  onExecutionFinished?: (execution: Execution) => void;
  /** `false`: the template's `AWS::Scheduler::Schedule`s start nothing (tests where a timer would interfere). Default on. */
  schedules?: boolean;
  /** For tests: the clock the schedules' timers read. */
  scheduleClock?: () => Date;
  /** For tests that travel through a plan's year: the admin token's lifetime (default: an admin's 30 days). */
  adminTokenDays?: number;
  /** The built web workspace (web/dist, see web-build.ts), served under /app/; none when absent. */
  webDir?: string;
}

export interface LocalStack {
  /** Base URL of the HTTP API. */
  url: string;
  adminToken: string;
  /** The local Step Functions API (also in `process.env.SFN_ENDPOINT`). */
  sfnEndpoint: string;
  dynamodbEndpoint: string;
  tableName: string;
  runner: WorkflowRunner;
  stop(): Promise<void>;
}

/**
 * The whole system on one machine, from the synthesized templates: DynamoDB Local with the table,
 * the handlers in-process, the HTTP API, the state machines and a Step Functions endpoint.
 *
 * Handlers share this process's environment, so one process runs one local stack.
 */
export async function createLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  // Quiet before the first SDK client exists: the local runtime deliberately runs on Node 20.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  let http: OpenedHttpServer | undefined;
  try {
    const templates = options.templates ?? synthTemplates();
    const dataDir = options.dataDir === undefined ? undefined : resolvePath(options.dataDir);
    const tableName = options.tableName ?? DEFAULT_TABLE_NAME;
    if (dataDir !== undefined) {
      const unlock = lockDataDir(dataDir);
      stops.push(async () => unlock());
    }

    // Everything is read from the templates first, so that a definition the local runtime cannot run fails fast.
    // The API's port is held from here on (its address goes into the functions' environment), served further down.
    http = await openHttpServer(options.port ?? 0);
    const resolvers = resolveTemplates(templates, {
      tableName,
      apiUrl: http.url,
      stackNames: { stateful: STATEFUL_STACK, stateless: STATELESS_STACK },
    });
    const functions = functionsOf(templates.stateless, resolvers.stateless);
    const environment = mergedEnvironment(functions);
    const registry = createFunctionRegistry(functions, options.handlers ? { handlers: options.handlers } : {});

    const runner = createWorkflowRunner({
      stateMachines: stateMachinesOf(templates.stateless, resolvers.stateless),
      registry,
      store: dataDir === undefined ? memoryExecutionStore() : fileExecutionStore(join(dataDir, 'executions')),
      ...(options.retryDelayMs === undefined ? {} : { retryDelayMs: options.retryDelayMs }),
      ...(options.onExecutionFinished ? { onFinished: options.onExecutionFinished } : {}),
    });
    const routes = routesOf(templates.stateless, resolvers.stateless, registry);
    const failedAuthLimits = stageThrottleOf(templates.stateless, resolvers.stateless);
    const schedules = options.schedules === false ? [] : schedulesOf(templates.stateless, resolvers.stateless);

    let dynamodbEndpoint = options.dynamodbEndpoint;
    if (dynamodbEndpoint === undefined) {
      const dynamodb = await startDynamoDbLocal(dataDir === undefined ? {} : { dataDir: join(dataDir, 'dynamodb') });
      stops.push(() => dynamodb.stop());
      dynamodbEndpoint = dynamodb.endpoint;
    }
    const sfn = await startSfnEndpoint({ runner });
    stops.push(() => sfn.close());
    // Evidence, reports and audit checkpoints: files under the data dir (`evidence/…`, `reports/…`, `audit/…`), in memory without one.
    const s3 = await startS3Endpoint({
      ...bucketsOf(templates.stateful, resolvers.stateful),
      ...(dataDir === undefined ? {} : { dir: await localObjectDir(dataDir) }),
    });
    stops.push(() => s3.close());
    stops.push(() => runner.close());

    // Before any handler module loads: they read their configuration once, at import.
    Object.assign(process.env, environment, {
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      SFN_ENDPOINT: sfn.url,
      S3_ENDPOINT: s3.url,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });

    const client = new DynamoDBClient({ endpoint: dynamodbEndpoint, region: REGION, credentials: FAKE_CREDENTIALS });
    await createTable(client, tableDefinition(templates.stateful), tableName);
    client.destroy();

    http.serve({ routes, registry, failedAuthLimits, ...(options.webDir ? { webApp: webAppResponder(options.webDir, [s3.url]) } : {}) });
    // Stopping runs backwards: no new requests, running executions finish, then the endpoints and the store go.
    const api = http;
    stops.push(() => api.close());
    http = undefined;

    // The daily schedules (the chase at 09:00 Asia/Shanghai): stopped first, before anything they start stops.
    const timers = startScheduleTimers({ schedules, runner, ...(options.scheduleClock ? { now: options.scheduleClock } : {}) });
    stops.push(async () => timers.stop());

    const adminToken = await ensureAdminToken(dataDir, options.adminTokenDays === undefined ? {} : { expiresInDays: options.adminTokenDays });
    if (dataDir !== undefined) writeLocalTable(dataDir, { endpoint: dynamodbEndpoint, tableName });
    return { url: api.url, adminToken, sfnEndpoint: sfn.url, dynamodbEndpoint, tableName, runner, stop };
  } catch (error) {
    await stop();
    await http?.close();
    throw error;
  }
}
