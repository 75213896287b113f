import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { functionBundling, REPO_ROOT, RUNTIME_MODULES } from '../../infra/constructs/bundling.js';
import { buildDocumentLibraries, DOCUMENT_LIBRARY_MODULES } from '../../infra/constructs/document-libraries.js';
import { templates } from '../support/templates.js';
import { functionsOf, resourcesOfType, type TemplateFunction } from './template-support.js';

/** The aim of BENCHMARKS.md ("Function bundles") for every function: what a cold start has to load and parse. */
const MAX_BUNDLE_KB = 300;

/**
 * esbuild's options for a function's bundling, as NodejsFunction passes them to esbuild's command line
 * (`platform` node and an `.mjs` outfile included). An option this does not know fails the test: a bundling
 * option added to infra/constructs/bundling.ts must be added here too, or the sizes would not be the deployed ones.
 */
function esbuildOptionsOf(bundling: BundlingOptions): BuildOptions {
  const { forceDockerBundling, format, target, minify, sourceMap, sourcesContent, mainFields, externalModules, banner, esbuildArgs, ...unknown } = bundling;
  expect(Object.keys(unknown), 'bundling options this test does not translate').toEqual([]);
  const alias = Object.entries(esbuildArgs ?? {}).map(([flag, path]) => {
    const name = /^--alias:(.+)$/.exec(flag)?.[1];
    expect(name, `esbuild flag this test does not translate: ${flag}`).toBeDefined();
    return [name!, String(path)];
  });
  expect(forceDockerBundling).toBe(false);
  return {
    bundle: true,
    platform: 'node',
    outfile: 'index.mjs',
    write: false,
    absWorkingDir: REPO_ROOT,
    logLevel: 'error',
    format: format as BuildOptions['format'],
    target: target!,
    minify: minify!,
    sourcemap: sourceMap!,
    sourcesContent: sourcesContent!,
    mainFields: mainFields!,
    external: externalModules!,
    banner: { js: banner! },
    alias: Object.fromEntries(alias),
  };
}

/** The layers the function names, by logical id. */
function layersOf(fn: TemplateFunction): string[] {
  return ((fn.properties.Layers as { Ref: string }[] | undefined) ?? []).map((layer) => layer.Ref);
}

const documentLayerIds = () => resourcesOfType(templates().stateless, 'AWS::Lambda::LayerVersion').map(([id]) => id).filter((id) => id.startsWith('DocumentLibraries'));

/** A function's bundle as `cdk synth` builds it: what its layer provides left out, like the runtime's SDK. */
async function bundleOf(fn: TemplateFunction): Promise<number> {
  const documentLibraries = layersOf(fn).some((id) => documentLayerIds().includes(id));
  const options = esbuildOptionsOf(functionBundling([...RUNTIME_MODULES, ...(documentLibraries ? DOCUMENT_LIBRARY_MODULES : [])]));
  const result = await build({ ...options, entryPoints: [join(REPO_ROOT, fn.entry)] });
  return result.outputFiles!.find((file) => file.path.endsWith('.mjs'))!.contents.length;
}

describe('the function bundles', () => {
  it(`are at most ${MAX_BUNDLE_KB} KB each, esbuild-minified as deployed`, async () => {
    // Prepare
    const functions = functionsOf(templates().stateless);

    // Act
    const sizes = await Promise.all(functions.map(async (fn) => ({ fn, kb: (await bundleOf(fn)) / 1024 })));

    // Assess
    expect(functions.length).toBeGreaterThan(25);
    const over = sizes.filter(({ kb }) => kb > MAX_BUNDLE_KB).map(({ fn, kb }) => `${fn.logicalId} (${fn.entry}): ${kb.toFixed(1)} KB`);
    expect(over, `bundles over ${MAX_BUNDLE_KB} KB`).toEqual([]);
  });

  it('leave exceljs, ECharts and yaml to the document libraries layer in the functions that read or write documents, and only there', () => {
    const withLayer = functionsOf(templates().stateless).filter((fn) => layersOf(fn).length > 0);

    expect(documentLayerIds()).toHaveLength(1);
    expect(withLayer.map((fn) => fn.entry).sort()).toEqual([
      'functions/documents/handler.ts',
      'functions/plans/handler.ts',
      'workflows/assessment/tasks/publish.ts',
      'workflows/chase/tasks/publish-bulletin.ts',
    ]);
    for (const fn of withLayer) expect(layersOf(fn), fn.entry).toEqual(documentLayerIds());
  });
});

describe('the document libraries layer', () => {
  const dir = mkdtempSync(join(tmpdir(), 'document-libraries-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves a bundle that leaves exceljs, ECharts and yaml out: a workbook, a chart and a YAML plan with them alone', async () => {
    // Prepare: the layer's node_modules, and beside it a bundle with no repository around it to resolve from
    // (Lambda finds /opt/nodejs/node_modules for an ES module the same way).
    buildDocumentLibraries(join(dir, 'nodejs', 'node_modules'));
    const probe = await build({
      ...esbuildOptionsOf(functionBundling([...RUNTIME_MODULES, ...DOCUMENT_LIBRARY_MODULES])),
      stdin: {
        resolveDir: REPO_ROOT,
        loader: 'ts',
        contents: `
          import { newWorkbook } from './shared/documents/workbook-library.ts';
          import { barChartSvg } from './shared/documents/chart-svg.ts';
          import { readFileSync } from 'node:fs';
          import { parsePlanText } from './shared/plans/parse-plan-text.ts';
          const workbook = await newWorkbook();
          workbook.addWorksheet('任务').addRow(['单位', 1]);
          const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
          const svg = await barChartSvg({ categories: ['甲'], series: [{ name: '办结', values: [1] }], width: 300, height: 200 });
          const plan = parsePlanText(readFileSync(process.env.PLAN_FILE, 'utf8'), 'yaml');
          process.stdout.write(JSON.stringify({ zip: xlsx.subarray(0, 2).toString(), svg: svg.slice(0, 4), plan: plan.ok && plan.value.id }));
        `,
      },
    });
    const task = join(dir, 'nodejs', 'task');
    mkdirSync(task);
    const bundle = probe.outputFiles!.find((file) => file.path.endsWith('.mjs'))!;
    writeFileSync(join(task, 'index.mjs'), bundle.contents);

    // Act
    const output = execFileSync(process.execPath, [join(task, 'index.mjs')], {
      cwd: task,
      env: { ...process.env, PLAN_FILE: join(REPO_ROOT, 'samples/cixi-2022.yaml') },
    }).toString();

    // Assess
    expect(bundle.contents.length / 1024).toBeLessThan(200);
    expect(JSON.parse(output)).toEqual({ zip: 'PK', svg: '<svg', plan: 'cixi-2022' });
  });
});
