/** States.Array: makes an array of its arguments. */
import type { IntrinsicDefinition } from './signature';

/** `States.Array(...values)`. */
export const statesArray: IntrinsicDefinition = {
  signature: { name: 'States.Array', args: [], rest: { types: ['any'] } },
  run: (values) => [...values],
};
