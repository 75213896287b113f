import { isAbsolute, join, resolve } from 'node:path';

/** What `npm start` imports into an empty store: the Cixi sample, nothing, or a plan file the bureau names. */
export type SampleChoice = { load: 'none' } | { load: 'file'; path: string; isCixiSample: boolean };

export const CIXI_SAMPLE = 'samples/cixi-2022.yaml';

/**
 * Reads `SAMPLE`: unset or empty = the Cixi sample (a first look needs something to see), `none` = start
 * empty (a bureau that will import its own plan), anything else = a plan file, relative to the working directory.
 */
export function chooseSample(sample: string | undefined, repoRoot: string, workingDir: string): SampleChoice {
  const value = sample?.trim() ?? '';
  if (value.toLowerCase() === 'none') return { load: 'none' };
  const cixi = join(repoRoot, CIXI_SAMPLE);
  if (value === '') return { load: 'file', path: cixi, isCixiSample: true };
  const path = isAbsolute(value) ? value : resolve(workingDir, value);
  return { load: 'file', path, isCixiSample: path === cixi };
}
