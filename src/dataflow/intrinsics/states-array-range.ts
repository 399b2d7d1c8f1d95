/** States.ArrayRange: an arithmetic sequence, both ends included. */
import { intrinsicFailure } from '../errors';
import type { IntrinsicDefinition } from './signature';

/** AWS's cap on the length of the generated array. */
export const ARRAY_RANGE_MAX_ITEMS = 1000;

/** `States.ArrayRange(start, end, step)`: start, start+step, ... up to and including end. */
export const statesArrayRange: IntrinsicDefinition = {
  signature: {
    name: 'States.ArrayRange',
    args: [
      { types: ['number'], integer: true },
      { types: ['number'], integer: true },
      { types: ['number'], integer: true },
    ],
  },
  run: ([start, end, step]) => {
    const [from, to, by] = [start as number, end as number, step as number];
    if (by === 0) throw intrinsicFailure('The step of States.ArrayRange must not be 0.');
    const count = Math.max(0, Math.floor((to - from) / by) + 1);
    if (count > ARRAY_RANGE_MAX_ITEMS) {
      throw intrinsicFailure(
        `States.ArrayRange would generate ${count} items, more than the maximum of ${ARRAY_RANGE_MAX_ITEMS}.`,
      );
    }
    return Array.from({ length: count }, (_, i) => from + i * by);
  },
};
