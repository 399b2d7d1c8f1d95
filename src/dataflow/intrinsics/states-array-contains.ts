/** States.ArrayContains: whether an array holds a value (deep equality). */
import type { Json } from '../../asl/types';
import { jsonEquals } from '../json';
import type { IntrinsicDefinition } from './signature';

/** `States.ArrayContains(array, value)`. */
export const statesArrayContains: IntrinsicDefinition = {
  signature: { name: 'States.ArrayContains', args: [{ types: ['array'] }, { types: ['any'] }] },
  run: ([array, value]) => (array as Json[]).some((item) => jsonEquals(item, value)),
};
