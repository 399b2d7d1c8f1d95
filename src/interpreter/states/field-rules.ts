/**
 * The fields whose value a state computes at run time (`SecondsPath`, `MaxConcurrency: "{% ... %}"`...): what kind
 * of value each must hold and how AWS words the failures of its `...Path` form. One row per field, so every field
 * gets the same checks and the same message for the same kind of bad value.
 */
import { type Instant } from '../../asl/expressions/timestamp-syntax';
import { type Json } from '../../asl/types';

/** AWS's upper bound for second counts (Wait Seconds, Task TimeoutSeconds and HeartbeatSeconds). */
export const MAX_SECONDS = 99_999_999;

/** What a field must hold: a bounded integer or number, an RFC 3339 timestamp, or an array. */
export type ValueRule =
  | { readonly kind: 'integer'; readonly min: number; readonly max?: number }
  | { readonly kind: 'float'; readonly min: number; readonly max: number }
  | { readonly kind: 'timestamp' }
  | { readonly kind: 'array' };

/**
 * How AWS words the failures of a field's `...Path` form; each family is one part of AWS's engine:
 * - `wait-parameter`: the Wait state ("The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5");
 * - `refers-to-value`: Map and Task settings ('The MaxConcurrencyPath field refers to value "x" which is not a
 *   valid integer: $.m'), which also read numeric strings;
 * - `reader-config`: the ItemReader's ReaderConfig, which fails with States.ItemReaderFailed;
 * - `items`: the Map's ItemsPath.
 */
export type PathWording = 'wait-parameter' | 'refers-to-value' | 'reader-config' | 'items';

/** One field's row. */
export interface FieldRule {
  readonly value: ValueRule;
  readonly path: PathWording;
}

/** Every field a state computes at run time, with the bounds AWS documents for it. */
export const FIELD_RULES = {
  Seconds: { value: { kind: 'integer', min: 0, max: MAX_SECONDS }, path: 'wait-parameter' },
  Timestamp: { value: { kind: 'timestamp' }, path: 'wait-parameter' },
  TimeoutSeconds: { value: { kind: 'integer', min: 1, max: MAX_SECONDS }, path: 'refers-to-value' },
  HeartbeatSeconds: { value: { kind: 'integer', min: 1, max: MAX_SECONDS }, path: 'refers-to-value' },
  MaxConcurrency: { value: { kind: 'integer', min: 0 }, path: 'refers-to-value' },
  ToleratedFailureCount: { value: { kind: 'integer', min: 0 }, path: 'refers-to-value' },
  ToleratedFailurePercentage: { value: { kind: 'float', min: 0, max: 100 }, path: 'refers-to-value' },
  // AWS caps MaxItems at 100,000,000 instead of failing on more (and 0 reads every item): no upper bound.
  MaxItems: { value: { kind: 'integer', min: 0 }, path: 'reader-config' },
  MaxItemsPerBatch: { value: { kind: 'integer', min: 1 }, path: 'refers-to-value' },
  MaxInputBytesPerBatch: { value: { kind: 'integer', min: 1, max: 262_144 }, path: 'refers-to-value' },
  Items: { value: { kind: 'array' }, path: 'items' },
} as const satisfies Record<string, FieldRule>;

/** A field computed at run time. */
export type FieldName = keyof typeof FIELD_RULES;

/** What reading a value of a rule gives. */
export type ValueOf<R extends ValueRule> = R extends { readonly kind: 'timestamp' }
  ? Instant
  : R extends { readonly kind: 'array' }
    ? Json[]
    : number;

/** What reading a field gives: seconds and counts as numbers, a timestamp as an instant, Items as an array. */
export type FieldValue<F extends FieldName> = ValueOf<(typeof FIELD_RULES)[F]['value']>;
