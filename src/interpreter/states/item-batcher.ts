/** A Map's ItemBatcher: its limits read from the definition, a path or an expression, and the batches they make. */
import { type ItemBatcher, type Json, type JsonObject } from '../../asl/types';
import { type EvalEnv } from '../../dataflow/env';
import { evaluateJsonataTemplate, type StatesBinding } from '../../dataflow/jsonata';
import { payloadSize } from '../../dataflow/limits';
import { evaluatePayloadTemplate } from '../../dataflow/payload';
import { jsonataSource, jsonPathSource, readOptionalField } from './field-values';

/** An ItemBatcher with its limits and BatchInput evaluated. */
export interface BatchLimits {
  readonly maxItems?: number;
  readonly maxBytes?: number;
  readonly batchInput?: Json;
}

/** Evaluates a JSONPath Map's ItemBatcher: literal limits or `...Path` fields, `.$` templates in BatchInput. */
export async function batchLimitsJsonPath(
  batcher: ItemBatcher,
  effective: Json,
  env: EvalEnv,
): Promise<BatchLimits> {
  const { BatchInput } = batcher;
  return {
    maxItems: await readOptionalField(
      'MaxItemsPerBatch',
      jsonPathSource(batcher.MaxItemsPerBatch, batcher.MaxItemsPerBatchPath, effective, env),
    ),
    maxBytes: await readOptionalField(
      'MaxInputBytesPerBatch',
      jsonPathSource(batcher.MaxInputBytesPerBatch, batcher.MaxInputBytesPerBatchPath, effective, env),
    ),
    batchInput:
      BatchInput && typeof BatchInput === 'object' && !Array.isArray(BatchInput)
        ? evaluatePayloadTemplate(BatchInput, effective, env, 'BatchInput')
        : BatchInput,
  };
}

/** Evaluates a JSONata Map's ItemBatcher: limits and BatchInput may be `{% %}` expressions. */
export async function batchLimitsJsonata(
  batcher: ItemBatcher,
  states: StatesBinding,
  env: EvalEnv,
): Promise<BatchLimits> {
  return {
    maxItems: await readOptionalField(
      'MaxItemsPerBatch',
      jsonataSource(batcher.MaxItemsPerBatch, states, env),
    ),
    maxBytes: await readOptionalField(
      'MaxInputBytesPerBatch',
      jsonataSource(batcher.MaxInputBytesPerBatch, states, env),
    ),
    batchInput:
      batcher.BatchInput === undefined
        ? undefined
        : await evaluateJsonataTemplate(batcher.BatchInput, states, env, 'BatchInput'),
  };
}

function batchOf(items: Json[], batchInput: Json | undefined): JsonObject {
  return batchInput === undefined ? { Items: items } : { Items: items, BatchInput: batchInput };
}

/**
 * Groups items into `{ Items, BatchInput }` batches of at most `maxItems` items and, with `maxBytes`, at most that
 * many bytes of JSON (AWS then puts fewer items in a batch); an item too large for the limit gets a batch of its own.
 */
export function batchItems(items: Json[], limits: BatchLimits): Json[] {
  const maxItems = limits.maxItems ?? Number.POSITIVE_INFINITY;
  const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
  // A batch's JSON is the empty batch's plus each item's, with a comma between items.
  const emptySize = payloadSize(batchOf([], limits.batchInput));
  const out: Json[] = [];
  let current: Json[] = [];
  let size = emptySize;
  for (const item of items) {
    const itemSize = payloadSize(item);
    if (current.length > 0 && (current.length + 1 > maxItems || size + 1 + itemSize > maxBytes)) {
      out.push(batchOf(current, limits.batchInput));
      current = [];
      size = emptySize;
    }
    size += itemSize + (current.length > 0 ? 1 : 0);
    current.push(item);
  }
  if (current.length > 0) out.push(batchOf(current, limits.batchInput));
  return out;
}
