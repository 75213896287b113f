import { describe, expect, it } from 'vitest';
import { byCompletion, byLights } from '../../../web/src/composables/cockpitUnits.js';

const unit = (id: string, completionRate: number | null, red = 0, yellow = 0, tasks = 4) => ({ id, tasks, completionRate, light: { red, yellow } });

describe('the cockpit’s chart rows', () => {
  it('show every unit with tasks while they fit: completion highest first, lights in plan order', () => {
    // Arrange
    const units = [unit('a', 0.25), unit('b', 0.75), unit('none', null, 0, 0, 0), unit('c', 0.5)];

    // Act / Assess
    expect(byCompletion(units, 3).map((u) => u.id)).toEqual(['b', 'c', 'a']);
    expect(byLights(units, 3).map((u) => u.id)).toEqual(['a', 'b', 'c']);
  });

  it('show only the units that most need a look once crowded: the lowest completion, the most red then yellow', () => {
    // Arrange
    const units = [unit('a', 0.9, 0, 1), unit('b', 0.1, 2, 0), unit('c', 0.5, 0, 3), unit('d', 0.3, 2, 1)];

    // Act / Assess
    expect(byCompletion(units, 2).map((u) => u.id)).toEqual(['d', 'b']);
    expect(byLights(units, 2).map((u) => u.id)).toEqual(['d', 'b']);
  });
});
