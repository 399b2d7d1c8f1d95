import fc from 'fast-check';
import { type Json } from '../../../src/asl/types';
import { payloadSize } from '../../../src/dataflow/limits';
import { batchItems } from '../../../src/interpreter/states/item-batcher';

const json: fc.Arbitrary<Json> = fc.jsonValue() as fc.Arbitrary<Json>;

describe('ItemBatcher batches', () => {
  it('hold at most MaxItemsPerBatch items, in order, with the BatchInput', () => {
    expect(batchItems([1, 2, 3, 4, 5], { maxItems: 2, batchInput: { k: 'v' } })).toEqual([
      { Items: [1, 2], BatchInput: { k: 'v' } },
      { Items: [3, 4], BatchInput: { k: 'v' } },
      { Items: [5], BatchInput: { k: 'v' } },
    ]);
  });

  it('stop at MaxInputBytesPerBatch bytes of JSON', () => {
    // {"Items":["aaaa","bbbb"]} is 25 bytes; one more item would make it 32.
    expect(batchItems(['aaaa', 'bbbb', 'cccc'], { maxBytes: 25 })).toEqual([
      { Items: ['aaaa', 'bbbb'] },
      { Items: ['cccc'] },
    ]);
  });

  it('give an item larger than the byte limit a batch of its own', () => {
    expect(batchItems(['x', 'y'.repeat(50), 'z'], { maxBytes: 20 })).toEqual([
      { Items: ['x'] },
      { Items: ['y'.repeat(50)] },
      { Items: ['z'] },
    ]);
  });

  it('keep every item once, in order, within both limits', () => {
    fc.assert(
      fc.property(
        fc.array(json, { maxLength: 40 }),
        fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
        fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
        fc.option(json, { nil: undefined }),
        (items, maxItems, maxBytes, batchInput) => {
          const batches = batchItems(items, { maxItems, maxBytes, batchInput }) as {
            Items: Json[];
            BatchInput?: Json;
          }[];
          expect(batches.flatMap((b) => b.Items)).toEqual(items);
          for (const batch of batches) {
            expect(batch.Items.length).toBeGreaterThan(0);
            if (maxItems !== undefined) expect(batch.Items.length).toBeLessThanOrEqual(maxItems);
            if (maxBytes !== undefined && batch.Items.length > 1)
              expect(payloadSize(batch)).toBeLessThanOrEqual(maxBytes);
            expect(batch.BatchInput).toEqual(batchInput);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
