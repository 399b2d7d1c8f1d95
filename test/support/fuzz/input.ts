/** Execution inputs for generated machines: mostly the `{data: {n, s, arr, flag}}` they read, now and then anything. */
import fc from 'fast-check';
import { type Json } from '../../../src/asl/types';

/** The input shape the generated data flow reads. */
export const shapedInput: fc.Arbitrary<Json> = fc.record({
  data: fc.record({
    n: fc.integer({ min: -3, max: 9 }),
    s: fc.oneof(fc.constantFrom('hello', 'a', 'x,y', '', 'héllo ✓'), fc.string({ maxLength: 6 })),
    arr: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }),
    flag: fc.boolean(),
  }),
});

/** Any execution input: mostly shaped, sometimes an arbitrary JSON value (which most states must then reject). */
export const executionInput: fc.Arbitrary<Json> = fc.oneof(
  { weight: 9, arbitrary: shapedInput },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as Json) },
);
