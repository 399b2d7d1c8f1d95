/** States.MathRandom: a random integer in [start, end). */
import { intrinsicFailure } from '../errors';
import type { IntrinsicDefinition } from './signature';

/**
 * `States.MathRandom(start, end[, seed])`. Without a seed the runtime port's randomness is used (deterministic
 * under replay); with one, Java's `java.util.Random(seed)` sequence, so the same seed always gives the same number.
 */
export const statesMathRandom: IntrinsicDefinition = {
  signature: {
    name: 'States.MathRandom',
    args: [
      { types: ['number'] },
      { types: ['number'] },
      { types: ['number'], integer: true, optional: true },
    ],
  },
  run: ([start, end, seed], { env }) => {
    const low = Math.round(start as number);
    const high = Math.round(end as number);
    if (high <= low)
      throw intrinsicFailure(
        `The end of States.MathRandom (${high}) must be greater than its start (${low}).`,
      );
    const bound = high - low;
    if (seed === undefined) return low + Math.floor(env.random() * bound);
    return low + javaRandomNextInt(seed as number, bound);
  },
};

/** The first `nextInt(bound)` of `new java.util.Random(seed)`. */
export function javaRandomNextInt(seed: number, bound: number): number {
  const mask = (1n << 48n) - 1n;
  let state = (BigInt.asIntN(64, BigInt(seed)) ^ 0x5deece66dn) & mask;
  const next = (bits: number): number => {
    state = (state * 0x5deece66dn + 0xbn) & mask;
    return Number(BigInt.asIntN(32, state >> BigInt(48 - bits)));
  };
  if ((bound & -bound) === bound) return Number((BigInt(bound) * BigInt(next(31))) >> 31n);
  for (;;) {
    const bits = next(31);
    const value = bits % bound;
    if (bits - value + (bound - 1) < 2 ** 31) return value;
  }
}
