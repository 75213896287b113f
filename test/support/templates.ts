import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { CfnTemplate, Templates } from '../../infra/local/template.js';

let cached: Templates | undefined;

/** The templates of the run's single synth (see global-setup.ts). */
export function templates(): Templates {
  const dir = inject('templatesDir');
  const read = (name: string) => JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as CfnTemplate;
  cached ??= { stateful: read('stateful'), stateless: read('stateless') };
  return cached;
}
