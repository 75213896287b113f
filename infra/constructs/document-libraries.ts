import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AssetHashType, DockerImage, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { buildSync, type BuildOptions } from 'esbuild';
import { ESM_BUILDS, ESM_REQUIRE_BANNER, REPO_ROOT } from './bundling.js';

/**
 * The libraries that read and write documents, by the specifiers the code imports (shared/documents/workbook-library.ts,
 * chart-svg.ts, shared/plans/parse-plan-text.ts): exceljs for workbooks, ECharts for the charts, yaml for plan files.
 * The functions that use them leave them out of their bundles and load them from this layer
 * (docs/decisions/0019-document-libraries-layer.md).
 */
export const DOCUMENT_LIBRARY_MODULES = ['exceljs', 'echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers', 'yaml'] as const;

const LAYER_ID = 'DocumentLibraries';

/** The packages the layer is built from: their versions make its hash, so it is rebuilt exactly when one changes. */
const PACKAGES = ['exceljs', 'echarts', 'zrender', 'yaml', 'esbuild'];

/**
 * The stack's layer of the document libraries (one per stack, made by its first user): each module bundled and
 * minified by esbuild into `nodejs/node_modules/<specifier>.mjs`, where the Node.js runtime resolves a bare
 * import from a layer, with the chunks the ECharts modules share. In the local runtime and the tests the same
 * imports resolve from the repository's node_modules.
 */
export function documentLibrariesLayer(scope: Construct): lambda.ILayerVersion {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(LAYER_ID) as lambda.LayerVersion | undefined;
  return (
    existing ??
    new lambda.LayerVersion(stack, LAYER_ID, {
      description: 'exceljs, ECharts and yaml, loaded by the functions that read or write documents',
      compatibleRuntimes: [lambda.Runtime.NODEJS_22_X],
      compatibleArchitectures: [lambda.Architecture.ARM_64],
      code: lambda.Code.fromAsset(REPO_ROOT, {
        assetHashType: AssetHashType.CUSTOM,
        assetHash: layerHash(),
        bundling: {
          // Never used: esbuild runs here, as for the functions (forceDockerBundling: false).
          image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
          local: {
            tryBundle(outputDir) {
              buildDocumentLibraries(join(outputDir, 'nodejs', 'node_modules'));
              return true;
            },
          },
        },
      }),
    })
  );
}

const entryName = (specifier: string) => (specifier.includes('/') ? specifier : `${specifier}/index`);

const buildOptions: BuildOptions = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: true,
  legalComments: 'none',
  mainFields: ['module', 'main'],
  // yaml from its ES module build, as the functions bundled it before (bundling.ts).
  alias: { ...ESM_BUILDS },
  outExtension: { '.js': '.mjs' },
  chunkNames: '_chunks/[name]-[hash]',
  banner: { js: ESM_REQUIRE_BANNER },
};

/** The layer's `node_modules`: the modules, and a package.json per package that maps its specifiers to them. */
export function buildDocumentLibraries(nodeModules: string): void {
  buildSync({
    ...buildOptions,
    absWorkingDir: REPO_ROOT,
    entryPoints: Object.fromEntries(DOCUMENT_LIBRARY_MODULES.map((specifier) => [entryName(specifier), specifier])),
    outdir: nodeModules,
    logLevel: 'warning',
  });
  const packages = new Map<string, Record<string, string>>();
  for (const specifier of DOCUMENT_LIBRARY_MODULES) {
    const [name, ...rest] = specifier.split('/');
    const subpath = rest.length === 0 ? '.' : `./${rest.join('/')}`;
    packages.set(name!, { ...packages.get(name!), [subpath]: `./${entryName(specifier).slice(name!.length + 1)}.mjs` });
  }
  for (const [name, exports] of packages) {
    const manifest = join(nodeModules, name, 'package.json');
    mkdirSync(dirname(manifest), { recursive: true });
    writeFileSync(manifest, `${JSON.stringify({ name, version: versionOf(name), type: 'module', exports }, null, 2)}\n`);
  }
}

function versionOf(name: string): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

function layerHash(): string {
  const inputs = { modules: DOCUMENT_LIBRARY_MODULES, versions: PACKAGES.map((name) => `${name}@${versionOf(name)}`), buildOptions };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}
