/** States.ArrayGetItem: the item at an index. */
import type { Json } from '../../asl/types';
import { intrinsicFailure } from '../errors';
import type { IntrinsicDefinition } from './signature';

/** `States.ArrayGetItem(array, index)`; an index past the end fails. */
export const statesArrayGetItem: IntrinsicDefinition = {
  signature: {
    name: 'States.ArrayGetItem',
    args: [{ types: ['array'] }, { types: ['number'], integer: true, min: 0 }],
  },
  run: ([array, index]) => {
    const items = array as Json[];
    const i = index as number;
    if (i >= items.length) {
      throw intrinsicFailure(
        `The index ${i} is out of bounds for States.ArrayGetItem on an array of length ${items.length}.`,
      );
    }
    return items[i];
  },
};
