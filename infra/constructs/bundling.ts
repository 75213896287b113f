import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/** The repository root: entries are given relative to it, and it holds the lock file and the node_modules esbuild resolves from. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** CommonJS dependencies call require(); an ESM bundle has none unless we create it. */
export const ESM_REQUIRE_BANNER = "import { createRequire as __appCreateRequire } from 'node:module'; const require = __appCreateRequire(import.meta.url);";

/** The runtime ships the SDK v3: bundling it would only grow the cold start. */
export const RUNTIME_MODULES = ['@aws-sdk/*'];

/**
 * Packages whose Node.js build is CommonJS, which esbuild cannot tree-shake, bundled from their ES module build
 * instead (the one they serve browsers: plain JavaScript, the same version and code paths). The YAML parser of
 * `POST /plans` is 17 KB smaller so.
 */
export const ESM_BUILDS: Readonly<Record<string, string>> = { yaml: join(REPO_ROOT, 'node_modules/yaml/browser/index.js') };

/**
 * How every function is bundled: locally by esbuild to minified ESM with source maps, leaving out the modules
 * the runtime or a layer of the function provides. test/infra/function-bundles.test.ts bundles with the same.
 */
export function functionBundling(externalModules: readonly string[]): BundlingOptions {
  return {
    forceDockerBundling: false,
    format: OutputFormat.ESM,
    target: 'node22',
    minify: true,
    sourceMap: true,
    sourcesContent: false,
    // Modules that publish both builds: take the ESM one.
    mainFields: ['module', 'main'],
    externalModules: [...externalModules],
    banner: ESM_REQUIRE_BANNER,
    // An alias would bundle the module from its path even where a layer provides it: only for the bundled ones.
    esbuildArgs: Object.fromEntries(
      Object.entries(ESM_BUILDS)
        .filter(([name]) => !externalModules.includes(name))
        .map(([name, path]) => [`--alias:${name}`, path]),
    ),
  };
}
