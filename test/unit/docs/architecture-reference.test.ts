import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { keys } from '../../../shared/store/keys.js';

/*
 * docs/architecture.md is the reference a newcomer finds things in: its item table must name every key builder
 * and every entity the store writes, and its route table every route the code declares, with its function.
 * Read from the sources as text (no synth, no server): the store's modules, ROUTES in infra/constructs/http-api.ts
 * and each function's route map in functions/<group>/handler.ts.
 */

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const doc = read('docs/architecture.md');

/** The text of a `## ` section of the document, from its heading to the next one. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/architecture.md has no section "## ${heading}"`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** The body rows of the Markdown tables of a section, as cells (a `\|` inside a cell stays in it). */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('| ') && !/^\|[\s|-]+\|$/.test(line))
    .map((line) => line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()))
    .filter((cells) => cells[0] !== 'item' && cells[0] !== 'route');
}

/** The `code` spans of a cell. */
const codeIn = (cell: string | undefined) => [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

const itemRows = () => tableRows(section('The table: every item'));
const routeRows = () => tableRows(section('HTTP API: every route'));

/** Every entity name written by shared/store: `entity: '…'` in an item, `':entity': '…'` in an update. */
function storeEntities(): string[] {
  const dir = new URL('shared/store/', root);
  const found = new Set<string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const text = readFileSync(new URL(file, dir), 'utf8');
    for (const m of text.matchAll(/(?:\bentity|':entity'):\s*'([A-Za-z_]+)'/g)) found.add(m[1]!);
  }
  return [...found].sort();
}

interface CodeRoute {
  route: string;
  fn: string;
  from: string;
}

/** ROUTES of infra/constructs/http-api.ts, each `{ method: HttpMethod.X, path: '…', group: '…' }`. */
function declaredRoutes(): CodeRoute[] {
  const text = read('infra/constructs/http-api.ts');
  const block = text.slice(text.indexOf('export const ROUTES'), text.indexOf('\n];', text.indexOf('export const ROUTES')));
  const entries = [...block.matchAll(/\{ method: HttpMethod\.(\w+), path: '([^']+)', group: '([\w-]+)'/g)].map((m) => ({
    route: `${m[1]} ${m[2]}`,
    fn: m[3]!,
    from: 'ROUTES',
  }));
  // An entry written another way would be skipped silently: the two counts must agree.
  expect(entries.length, 'ROUTES entries this test could read').toBe(block.match(/method: HttpMethod\./g)?.length ?? 0);
  return entries;
}

/** The `'METHOD /path': route` keys of each functions/<group>/handler.ts. */
function handlerRoutes(): CodeRoute[] {
  const dir = new URL('functions/', root);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap(({ name }) => {
      let text: string;
      try {
        text = readFileSync(new URL(`${name}/handler.ts`, dir), 'utf8');
      } catch {
        return [];
      }
      return [...text.matchAll(/'((?:GET|POST|PUT|PATCH|DELETE) \/[^']*)':/g)].map((m) => ({ route: m[1]!, fn: name, from: `functions/${name}/handler.ts` }));
    });
}

describe('docs/architecture.md as a reference', () => {
  it('names every key builder of shared/store/keys.ts in the item table', () => {
    // Prepare
    const named = new Set(itemRows().flatMap((cells) => codeIn(cells[6])));

    // Assess
    expect(Object.keys(keys).filter((builder) => !named.has(builder))).toEqual([]);
    expect([...named].filter((builder) => !(builder in keys)), 'builders the table names that keys.ts lacks').toEqual([]);
  });

  it('has a row for every entity the store writes, and none for an entity it does not', () => {
    // Prepare
    const entities = storeEntities();
    const documented = new Set(itemRows().flatMap((cells) => codeIn(cells[1])));

    // Assess
    expect(entities.length).toBeGreaterThan(20);
    expect(entities.filter((entity) => !documented.has(entity))).toEqual([]);
    expect([...documented].filter((entity) => !entities.includes(entity)), 'entities no module of shared/store writes').toEqual([]);
  });

  it('lists every route of ROUTES and of the handlers’ route maps, with the function that serves it', () => {
    // Prepare
    const documented = new Map(routeRows().map((cells) => [codeIn(cells[0])[0], cells[1]]));
    const routes = [...declaredRoutes(), ...handlerRoutes()];

    // Assess
    expect(routes.length).toBeGreaterThan(40);
    const missing = routes.filter(({ route, fn }) => documented.get(route) !== fn).map(({ route, fn, from }) => `${route} (${fn}, ${from})`);
    expect(missing).toEqual([]);
    const declared = new Set(routes.map(({ route }) => route));
    expect([...documented.keys()].filter((route) => !declared.has(route!)), 'rows for routes the code does not declare').toEqual([]);
  });
});
