import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take a minute or more on this 2-core machine, slowest first (measured in a whole run,
 * 2026-12-06). Started first, they run beside the many short files instead of alone at the end: on a fresh
 * clone vitest has no durations of its own to order by.
 */
const HEAVY_FILES = [
  'test/cli/simulate.test.ts',
  'test/cli/assess-commands.test.ts',
  'test/browser/workspace.test.ts',
  'test/workflows/assessment.test.ts',
  'test/workflows/chase-quarter.test.ts',
  'test/api/fuzz.test.ts',
  'test/workflows/chase-faults.test.ts',
  // Each with a stack, a breakdown and a browser, or a document printed by Chromium or LibreOffice (added 2026-12-06).
  'test/browser/plans.test.ts',
  'test/browser/ledger.test.ts',
  'test/browser/desk.test.ts',
  'test/documents/assessment-report.test.ts',
  'test/cli/ledger-export.test.ts',
];

export class HeavyFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = HEAVY_FILES.findIndex((file) => spec.moduleId.endsWith(file));
      return index < 0 ? HEAVY_FILES.length : index;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
