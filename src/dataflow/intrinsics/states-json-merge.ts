/** States.JsonMerge: a shallow merge of two objects, the second winning. */
import type { JsonObject } from '../../asl/types';
import { intrinsicFailure } from '../errors';
import type { IntrinsicDefinition } from './signature';

/** `States.JsonMerge(left, right, false)`; AWS supports only the shallow mode, so the flag must be false. */
export const statesJsonMerge: IntrinsicDefinition = {
  signature: {
    name: 'States.JsonMerge',
    args: [{ types: ['object'] }, { types: ['object'] }, { types: ['boolean'] }],
  },
  run: ([left, right, deep]) => {
    if (deep !== false)
      throw intrinsicFailure(
        'States.JsonMerge supports only shallow merges: its third argument must be false.',
      );
    return { ...(left as JsonObject), ...(right as JsonObject) };
  },
};
