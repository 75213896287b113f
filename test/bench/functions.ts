import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { STATELESS_STACK, buildApp } from '../../infra/app.js';
import { ENTRY_METADATA_KEY } from '../../infra/constructs/app-function.js';

export interface FunctionFigures {
  name: string;
  entry: string;
  bundleKB: number;
  initMs: number;
  baselineMs: number;
}

const RUNS = 11;
/** Any value will do: handlers only check that their configuration is present at load. */
const FAKE_ENV = {
  TABLE_NAME: 'bench',
  BREAKDOWN_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:bench',
  CHASE_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:chase',
  BUCKET_NAME: 'bench',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:bench',
  EVIDENCE_BUCKET: 'bench',
  AUDIT_BUCKET: 'bench',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * The bundles exactly as `cdk synth` builds them for deployment (inside the repository, so the external
 * `@aws-sdk/*` resolve from node_modules as they would from the Lambda runtime), each imported in fresh
 * processes; the baseline imports only the same SDK packages the bundle imports.
 */
export function measureFunctions(workDir: string): FunctionFigures[] {
  const outdir = join(workDir, 'cdk.out');
  rmSync(outdir, { recursive: true, force: true });
  const stack = buildApp({ outdir }).synth().getStackByName(STATELESS_STACK);
  const resources = stack.template.Resources as Record<
    string,
    { Type: string; Metadata?: Record<string, string>; Properties: { Code: { S3Key: string } } }
  >;
  const figures: FunctionFigures[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function' || !resource.Metadata?.[ENTRY_METADATA_KEY]) continue;
    // The code asset's S3 key is `<asset hash>.zip`; the bundle is staged in `asset.<hash>/`.
    const bundle = join(outdir, `asset.${resource.Properties.Code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
    const baseline = join(workDir, `baseline-${logicalId}.mjs`);
    writeFileSync(baseline, sdkImportsOf(bundle).map((pkg, i) => `import * as sdk${i} from '${pkg}';\n`).join(''));
    const [initMs, baselineMs] = medianImportMs([bundle, baseline]);
    figures.push({
      name: logicalId.replace(/Function[0-9A-F]{8}$/, ''),
      entry: resource.Metadata[ENTRY_METADATA_KEY]!,
      bundleKB: Math.round((statSync(bundle).size / 1024) * 10) / 10,
      initMs: initMs!,
      baselineMs: baselineMs!,
    });
  }
  return figures.sort((a, b) => a.name.localeCompare(b.name));
}

function sdkImportsOf(bundle: string): string[] {
  const source = readFileSync(bundle, 'utf8');
  return [...new Set([...source.matchAll(/from\s*["'](@aws-sdk\/[^"']+)["']/g)].map((m) => m[1]!))].sort();
}

/** Each file's median import time; the files take turns, so a busy moment of the machine weighs on all alike. */
function medianImportMs(files: string[]): number[] {
  const samples = files.map((): number[] => []);
  for (let run = 0; run < RUNS; run++) {
    files.forEach((file, i) => samples[i]!.push(importMs(file)));
  }
  return samples.map((times) => Math.round(times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]! * 10) / 10);
}

function importMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...FAKE_ENV } }).toString());
}

export function benchWorkDir(): string {
  // Inside the repository: bare `@aws-sdk/*` imports of the bundles resolve from its node_modules.
  const dir = join(process.cwd(), '.bench');
  mkdirSync(dir, { recursive: true });
  return dir;
}
