/** States.ArrayUnique: an array without duplicates, first occurrences kept in order. */
import type { Json } from '../../asl/types';
import { jsonEquals } from '../json';
import type { IntrinsicDefinition } from './signature';

/** `States.ArrayUnique(array)`; values compare by deep equality. */
export const statesArrayUnique: IntrinsicDefinition = {
  signature: { name: 'States.ArrayUnique', args: [{ types: ['array'] }] },
  run: ([array]) => {
    const unique: Json[] = [];
    for (const item of array as Json[]) if (!unique.some((u) => jsonEquals(u, item))) unique.push(item);
    return unique;
  },
};
