import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseSample } from '../../infra/local/sample-plan.js';

describe('chooseSample (what npm start loads into an empty store)', () => {
  const repo = '/repo';

  it('loads the Cixi sample when SAMPLE is unset or empty', () => {
    // Prepare
    const settings = [undefined, '', '  '];

    // Act
    const choices = settings.map((sample) => chooseSample(sample, repo, '/elsewhere'));

    // Assess
    for (const choice of choices) expect(choice).toEqual({ load: 'file', path: join(repo, 'samples/cixi-2022.yaml'), isCixiSample: true });
  });

  it('loads nothing for SAMPLE=none, in any case', () => {
    // Act
    const choices = ['none', 'NONE', ' None '].map((sample) => chooseSample(sample, repo, repo));

    // Assess
    for (const choice of choices) expect(choice).toEqual({ load: 'none' });
  });

  it('loads another plan file, relative to the working directory, as not the Cixi sample', () => {
    // Act
    const relative = chooseSample('plans/ningbo.yaml', repo, '/home/clerk');
    const absolute = chooseSample('/data/plan.xlsx', repo, '/home/clerk');
    const cixiByPath = chooseSample('samples/cixi-2022.yaml', repo, repo);

    // Assess
    expect(relative).toEqual({ load: 'file', path: '/home/clerk/plans/ningbo.yaml', isCixiSample: false });
    expect(absolute).toEqual({ load: 'file', path: '/data/plan.xlsx', isCixiSample: false });
    expect(cixiByPath).toEqual({ load: 'file', path: join(repo, 'samples/cixi-2022.yaml'), isCixiSample: true });
  });
});
