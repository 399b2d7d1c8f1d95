/** States.MathAdd: the sum of two numbers, each rounded to an integer first. */
import type { IntrinsicDefinition } from './signature';

/** `States.MathAdd(a, b)`: AWS rounds each operand half up (1.5 -> 2, -1.5 -> -1), as Java's Math.round does. */
export const statesMathAdd: IntrinsicDefinition = {
  signature: { name: 'States.MathAdd', args: [{ types: ['number'] }, { types: ['number'] }] },
  run: ([a, b]) => Math.round(a as number) + Math.round(b as number) || 0,
};
