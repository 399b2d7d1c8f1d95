import { ExecutionError, STATES_ERRORS } from '../../asl/errors';
import { type ItemReader, type Json, type JsonObject } from '../../asl/types';
import { type EvalEnv } from '../../dataflow/env';
import { evaluateJsonataTemplate, type StatesBinding } from '../../dataflow/jsonata';
import { evaluatePayloadTemplate } from '../../dataflow/payload';
import { type ItemFormat, type ItemSourceAction } from '../item-io';
import { type Runtime } from '../runtime';
import { jsonataSource, jsonPathSource, readOptionalField } from './field-values';

/**
 * Items one ItemReader page holds at most. The activity also ends a page early once it holds about 512 KB of JSON,
 * so a page stays far below Temporal's 2 MB payload limit whatever the items' size.
 */
export const ITEM_PAGE_LIMIT = 1000;

/** An ItemReader with its Parameters/Arguments and MaxItems evaluated against the Map's input. */
export interface ResolvedItemReader {
  readonly action: ItemSourceAction;
  readonly reader: ItemReader;
  readonly parameters: JsonObject;
  /** Stop after this many items (undefined or 0: read them all). */
  readonly maxItems?: number;
}

function readerFailure(stateName: string, message: string): ExecutionError {
  return new ExecutionError(STATES_ERRORS.ItemReaderFailed, `Map '${stateName}': ${message}`, true);
}

/** The S3 action of an ItemReader Resource (`arn:<partition>:states:::s3:getObject|listObjectsV2`). */
function actionOf(stateName: string, resource: string): ItemSourceAction {
  const match = /^arn:[^:]+:states:::s3:(getObject|listObjectsV2)$/.exec(resource);
  if (!match) {
    throw readerFailure(
      stateName,
      `the ItemReader Resource ${resource} is not supported (use arn:aws:states:::s3:getObject or ` +
        'arn:aws:states:::s3:listObjectsV2).',
    );
  }
  return match[1] as ItemSourceAction;
}

function requireObject(value: Json, field: string): JsonObject {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  throw new ExecutionError(
    STATES_ERRORS.Runtime,
    `The ItemReader's ${field} must be a JSON object, but it was ${JSON.stringify(value)}`,
  );
}

/** Resolves a JSONPath Map's ItemReader: `.$` templates in Parameters, MaxItems or MaxItemsPath. */
export async function resolveReaderJsonPath(
  stateName: string,
  reader: ItemReader,
  effective: Json,
  env: EvalEnv,
): Promise<ResolvedItemReader> {
  const parameters = reader.Parameters
    ? evaluatePayloadTemplate(reader.Parameters, effective, env, 'Parameters')
    : {};
  const config = reader.ReaderConfig;
  const maxItems = await readOptionalField(
    'MaxItems',
    jsonPathSource(config?.MaxItems, config?.MaxItemsPath, effective, env),
  );
  return {
    action: actionOf(stateName, reader.Resource),
    reader,
    parameters: requireObject(parameters, 'Parameters'),
    maxItems,
  };
}

/** Resolves a JSONata Map's ItemReader: Arguments and MaxItems may be `{% %}` expressions. */
export async function resolveReaderJsonata(
  stateName: string,
  reader: ItemReader,
  states: StatesBinding,
  env: EvalEnv,
): Promise<ResolvedItemReader> {
  const parameters =
    reader.Arguments === undefined
      ? {}
      : await evaluateJsonataTemplate(reader.Arguments, states, env, 'Arguments');
  const maxItems = await readOptionalField(
    'MaxItems',
    jsonataSource(reader.ReaderConfig?.MaxItems, states, env),
  );
  return {
    action: actionOf(stateName, reader.Resource),
    reader,
    parameters: requireObject(parameters, 'Arguments'),
    maxItems,
  };
}

/**
 * Reads every item of the source, page by page through the runtime (an activity per page on Temporal), up to
 * MaxItems. The items come back as the source gives them: CSV fields stay strings, S3 listings are object entries.
 */
export async function readItemSource(
  runtime: Runtime,
  stateName: string,
  source: ResolvedItemReader,
): Promise<Json[]> {
  const config = source.reader.ReaderConfig ?? {};
  const { InputType, CSVHeaderLocation, CSVHeaders, CSVDelimiter } = config;
  const format: ItemFormat = { InputType, CSVHeaderLocation, CSVHeaders, CSVDelimiter };
  // MaxItems 0 reads everything, as MaxConcurrency 0 runs everything at once.
  const maxItems = source.maxItems && source.maxItems > 0 ? source.maxItems : undefined;
  const items: Json[] = [];
  let cursor: string | undefined;
  do {
    const limit =
      maxItems === undefined ? ITEM_PAGE_LIMIT : Math.min(ITEM_PAGE_LIMIT, maxItems - items.length);
    const page = await runtime.readItems({
      stateName,
      action: source.action,
      parameters: source.parameters,
      format,
      limit,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    items.push(...page.items.slice(0, limit));
    cursor = page.cursor;
  } while (cursor !== undefined && (maxItems === undefined || items.length < maxItems));
  return items;
}
