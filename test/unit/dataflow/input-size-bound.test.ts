import fc from 'fast-check';
import { type Json } from '../../../src/asl/types';
import { MAX_JSON_DEPTH } from '../../../src/asl/validate';
import { unfitJson } from '../../../src/dataflow/json';
import { MAX_PAYLOAD_BYTES, payloadSize } from '../../../src/dataflow/limits';
import { inputSizeBound, UNDECIDED } from '../../../src/dataflow/payload-bound';

// Any JSON value, with the numbers JSON cannot carry (Infinity, NaN) mixed in.
const anyString = fc.string({ unit: 'binary', maxLength: 40 });
const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(-0, 5e-324, Infinity, -Infinity, NaN));
const anyValue: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    anyString,
    anyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 6 }),
    fc.dictionary(anyString, tie('value'), { maxKeys: 6 }),
  ),
})).value;

function nested(depth: number): Json {
  let value: Json = 1;
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

describe('inputSizeBound', () => {
  it('vouches only for a fit input, and never below its exact size', () => {
    fc.assert(
      fc.property(
        anyValue,
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 2, max: 4000 }),
        (value, maxDepth, limit) => {
          const bound = inputSizeBound(value, maxDepth, limit);
          if (bound === UNDECIDED) return;
          expect(unfitJson(value, maxDepth)).toBeUndefined();
          expect(bound).toBeLessThanOrEqual(limit);
          expect(bound).toBeGreaterThanOrEqual(payloadSize(value));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('vouches for the usual small input', () => {
    const input: Json = { order: { id: 'O-1', lines: [{ sku: 'SKU-1', qty: 2, price: 2.5 }], note: null } };
    const bound = inputSizeBound(input, MAX_JSON_DEPTH, MAX_PAYLOAD_BYTES);
    expect(bound).toBeGreaterThanOrEqual(payloadSize(input));
    expect(bound).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
  });

  it('leaves to the exact checks what it cannot vouch for', () => {
    const limit = MAX_PAYLOAD_BYTES;
    expect(inputSizeBound(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH, limit)).toBe(UNDECIDED);
    expect(inputSizeBound(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH, limit)).not.toBe(UNDECIDED);
    expect(inputSizeBound({ a: [1, Infinity] }, MAX_JSON_DEPTH, limit)).toBe(UNDECIDED);
    expect(inputSizeBound(NaN, MAX_JSON_DEPTH, limit)).toBe(UNDECIDED);
    expect(inputSizeBound('x'.repeat(limit), MAX_JSON_DEPTH, limit)).toBe(UNDECIDED);
    expect(inputSizeBound(undefined as unknown as Json, MAX_JSON_DEPTH, limit)).toBe(UNDECIDED);
    expect(inputSizeBound({ at: new Date(0) } as unknown as Json, MAX_JSON_DEPTH, limit)).toBe(UNDECIDED);
    expect(inputSizeBound({ toJSON: () => 'x' } as unknown as Json, MAX_JSON_DEPTH, limit)).toBe(UNDECIDED);
    expect(inputSizeBound([1n] as unknown as Json, MAX_JSON_DEPTH, limit)).toBe(UNDECIDED);
  });
});
