/** States.ArrayLength: the number of items of an array. */
import type { Json } from '../../asl/types';
import type { IntrinsicDefinition } from './signature';

/** `States.ArrayLength(array)`. */
export const statesArrayLength: IntrinsicDefinition = {
  signature: { name: 'States.ArrayLength', args: [{ types: ['array'] }] },
  run: ([array]) => (array as Json[]).length,
};
