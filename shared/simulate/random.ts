/*
 * Seeded randomness for the simulation: the same seed gives the same numbers on every machine and Node
 * version (Math.random cannot be seeded). Each task draws from its own stream, keyed by the seed and the
 * task's id, so what one task does never depends on how many others the plan has or their order.
 */

/** A source of numbers in [0, 1). */
export type Random = () => number;

/** mulberry32 (Tommy Ettinger): a 32-bit state, full period 2³², good enough to draw behaviours from. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a over the UTF-16 code units of the text: a 32-bit hash to turn a key into a stream's seed. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The stream of one key (a task id, and what is drawn) under a seed. */
export function streamOf(seed: number, key: string): Random {
  return mulberry32(hash32(`${seed >>> 0}:${key}`));
}

/** A whole number in [min, max], both included. */
export function intBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A number in [min, max). */
export function between(random: Random, min: number, max: number): number {
  return min + random() * (max - min);
}

/** One of the choices, each as likely as its weight (weights need not sum to 1). */
export function weighted<T>(random: Random, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let left = random() * total;
  for (const [choice, weight] of choices) {
    left -= weight;
    if (left < 0) return choice;
  }
  return choices.at(-1)![0];
}
