import type { PlanInput } from '../../shared/domain/plan.js';
import { mulberry32 } from '../../shared/simulate/random.js';

const DEPARTMENTS = ['zhishuiban', 'fagaiju', 'zhujianju', 'nongyeju', 'daqiban'];

/**
 * A province-scale plan: `towns` towns and a few lead departments; every goal is allocated to all towns,
 * so the breakdown writes towns × goals tasks. Goals cycle through the allocation methods a real plan uses.
 */
export function provincePlan(towns: number, goals: number, seed = 2022): PlanInput {
  const next = mulberry32(seed);
  const townIds = Array.from({ length: towns }, (_, i) => `town-${String(i + 1).padStart(4, '0')}`);
  return {
    id: 'province-2022',
    name: `Province-scale benchmark plan (${towns} towns × ${goals} goals)`,
    year: 2022,
    units: [
      ...townIds.map((id, i) => ({
        id,
        name: `第${i + 1}镇`,
        kind: 'town' as const,
        // Within a factor of four of each other, so that every town's share of every goal is at least 1.
        bases: { enterprises: 100 + Math.floor(next() * 300), 'river-km': 20 + Math.round(next() * 600) / 10 },
      })),
      ...DEPARTMENTS.map((id) => ({ id, name: id, kind: 'department' as const })),
    ],
    goals: Array.from({ length: goals }, (_, g) => {
      const common = {
        id: `goal-${String(g + 1).padStart(3, '0')}`,
        title: `Benchmark goal ${g + 1} / 基准目标 ${g + 1}`,
        deadline: `2022-${String(6 + (g % 7)).padStart(2, '0')}-${g % 2 === 0 ? '30' : '28'}`,
        lead: DEPARTMENTS[g % DEPARTMENTS.length]!,
        coUnits: [DEPARTMENTS[(g + 1) % DEPARTMENTS.length]!],
      };
      switch (g % 5) {
        case 0:
          return { ...common, kind: 'quantity' as const, target: towns * 3 + Math.floor(next() * towns), unitOfMeasure: '个', allocation: { method: 'proportional' as const, units: 'towns' as const, base: 'enterprises' } };
        case 1:
          return { ...common, kind: 'quantity' as const, target: towns * 2 + 7, unitOfMeasure: '家', allocation: { method: 'even' as const, units: 'towns' as const } };
        case 2:
          return { ...common, kind: 'indicator' as const, target: 29, direction: 'at_most' as const, unitOfMeasure: 'μg/m³', allocation: { method: 'each' as const, units: 'towns' as const, overrides: { [townIds[0]!]: 31 } } };
        case 3:
          return { ...common, kind: 'quantity' as const, target: towns * 4, unitOfMeasure: '套', allocation: { method: 'proportional' as const, units: 'towns' as const, base: 'river-km' } };
        default:
          return { ...common, kind: 'action' as const, allocation: { method: 'each' as const, units: 'towns' as const } };
      }
    }),
  };
}
