import fc from 'fast-check';
import { type Json } from '../../../src/asl/types';
import { exceedsPayloadQuota, MAX_PAYLOAD_BYTES, payloadSize } from '../../../src/dataflow/limits';
import { payloadSizeBound } from '../../../src/dataflow/payload-bound';

// Strings of any UTF-16 code units: escapes, control characters, surrogate pairs and lone surrogates.
const anyString = fc.string({ unit: 'binary', maxLength: 40 });
const anyNumber = fc.oneof(
  fc.double({ noNaN: true }),
  fc.integer(),
  fc.constantFrom(-0, 5e-324, -2.2250738585072014e-308),
);
const anyJson: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
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

describe('payloadSizeBound', () => {
  it('is never below the exact payload size of a JSON value', () => {
    fc.assert(
      fc.property(anyJson, (value) => {
        const bound = payloadSizeBound(value, Number.MAX_SAFE_INTEGER);
        expect(bound).toBeGreaterThanOrEqual(payloadSize(value));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives up (Infinity) on what JSON.stringify treats specially, so the exact measure decides', () => {
    expect(payloadSizeBound({ at: new Date(0) } as unknown as Json, MAX_PAYLOAD_BYTES)).toBe(Infinity);
    expect(payloadSizeBound({ toJSON: () => 'x'.repeat(10) } as unknown as Json, MAX_PAYLOAD_BYTES)).toBe(
      Infinity,
    );
    expect(payloadSizeBound([1n] as unknown as Json, MAX_PAYLOAD_BYTES)).toBe(Infinity);
    expect(payloadSizeBound(undefined as unknown as Json, MAX_PAYLOAD_BYTES)).toBe(Infinity);
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(payloadSizeBound(cycle as Json, MAX_PAYLOAD_BYTES)).toBe(Infinity);
    expect(() => exceedsPayloadQuota(cycle as Json)).toThrow(TypeError);
  });

  it('stops walking once the bound passes the limit', () => {
    expect(payloadSizeBound(['abc', 'def', 'ghi'], 10)).toBe(Infinity);
    expect(payloadSizeBound(['abc'], 100)).toBe(2 + 1 + 2 + 18);
  });
});

describe('exceedsPayloadQuota with the bound in front', () => {
  it('agrees with the exact measure on either side of 256 KiB', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -64, max: 64 }),
        fc.constantFrom('a', 'é', '€', '😀', '\u0001'),
        (delta, ch) => {
          // One string whose JSON text is about 256 KiB, give or take `delta` characters.
          const bytesPerChar = payloadSize(ch) - 2;
          const count = Math.max(0, Math.floor((MAX_PAYLOAD_BYTES - 12) / bytesPerChar) + delta);
          const value: Json = { k: ch.repeat(count) };
          expect(exceedsPayloadQuota(value)).toBe(payloadSize(value) > MAX_PAYLOAD_BYTES);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps small values under the quota without measuring them', () => {
    const value: Json = { order: { id: 'O-1', lines: [{ sku: 'SKU-1', qty: 2, price: 2.5 }] } };
    expect(payloadSizeBound(value, MAX_PAYLOAD_BYTES)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    expect(exceedsPayloadQuota(value)).toBe(false);
  });
});
