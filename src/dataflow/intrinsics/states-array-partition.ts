/** States.ArrayPartition: splits an array into chunks. */
import type { Json } from '../../asl/types';
import type { IntrinsicDefinition } from './signature';

/** `States.ArrayPartition(array, chunkSize)`; the last chunk may be shorter. */
export const statesArrayPartition: IntrinsicDefinition = {
  signature: {
    name: 'States.ArrayPartition',
    args: [{ types: ['array'] }, { types: ['number'], integer: true, min: 1 }],
  },
  run: ([array, size]) => {
    const items = array as Json[];
    const chunk = size as number;
    const chunks: Json[] = [];
    for (let i = 0; i < items.length; i += chunk) chunks.push(items.slice(i, i + chunk));
    return chunks;
  },
};
