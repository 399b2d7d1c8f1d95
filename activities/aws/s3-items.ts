import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type ApplicationFailure } from '@temporalio/common';
import { type Json, type JsonObject } from '../../src/asl/types';
import {
  type ItemFormat,
  type ItemReadPage,
  type ItemReadRequest,
  type ResultWriteOutcome,
  type ResultWriteRequest,
} from '../../src/interpreter/item-io';
import { aslFailure, serviceFailure } from '../errors';
import { type AwsClients } from './clients';
import { CSV_DELIMITERS, delimitedItems, DelimitedTextError } from './delimited-text';

/** Serialized bytes one page of items may hold: a page is one activity result, far below Temporal's 2 MB. */
export const ITEM_PAGE_BYTES = 512 * 1024;

/** Objects whose parsed items stay in memory, so later pages of the same object need no second download. */
const CACHED_OBJECTS = 4;

/** A malformed source: its message says what is wrong with it. */
class SourceFormatError extends Error {}

/** Where a page of a read ends: the next item's offset in the object and its ETag, or S3's continuation token. */
interface Cursor {
  readonly offset?: number;
  readonly etag?: string;
  readonly token?: string;
}

const parsedObjects = new Map<string, Json[]>();

function remember(key: string, items: Json[]): void {
  parsedObjects.delete(key);
  parsedObjects.set(key, items);
  while (parsedObjects.size > CACHED_OBJECTS) {
    const oldest = parsedObjects.keys().next().value;
    if (oldest === undefined) break;
    parsedObjects.delete(oldest);
  }
}

function stringParam(params: JsonObject, field: string, where: string): string {
  const value = params[field];
  if (typeof value === 'string' && value !== '') return value;
  throw new SourceFormatError(`the ${where} needs a string '${field}' in its Parameters/Arguments.`);
}

function optionalString(params: JsonObject, field: string): string | undefined {
  const value = params[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Parses an object's text into items by its InputType. */
function parseItems(text: string, format: ItemFormat): Json[] {
  switch (format.InputType) {
    case 'JSON': {
      let value: Json;
      try {
        value = JSON.parse(text) as Json;
      } catch (err) {
        throw new SourceFormatError(`it is not valid JSON (${(err as Error).message}).`);
      }
      if (!Array.isArray(value)) throw new SourceFormatError('it does not contain a JSON array.');
      return value;
    }
    case 'JSONL':
      return text.split(/\r?\n/).flatMap((line, index) => {
        if (line.trim() === '') return [];
        try {
          return [JSON.parse(line) as Json];
        } catch (err) {
          throw new SourceFormatError(`line ${index + 1} is not valid JSON (${(err as Error).message}).`);
        }
      });
    case 'CSV': {
      const given = format.CSVHeaderLocation === 'GIVEN';
      if (given && !format.CSVHeaders?.length)
        throw new SourceFormatError('CSVHeaderLocation GIVEN needs CSVHeaders in the ReaderConfig.');
      try {
        return delimitedItems(text, {
          delimiter: CSV_DELIMITERS[format.CSVDelimiter ?? 'COMMA'],
          ...(given ? { headers: format.CSVHeaders } : {}),
        });
      } catch (err) {
        if (err instanceof DelimitedTextError)
          throw new SourceFormatError(`it is not valid CSV: ${err.message}.`);
        throw err;
      }
    }
    case undefined:
      throw new SourceFormatError(
        'an s3:getObject ItemReader needs ReaderConfig.InputType (JSON, JSONL or CSV).',
      );
    case 'MANIFEST':
    case 'PARQUET':
      throw new SourceFormatError(`InputType ${format.InputType} is not supported by asl-temporal yet.`);
  }
}

/** Ends a page at `limit` items or about {@link ITEM_PAGE_BYTES}, whichever comes first (at least one item). */
function pageEnd(items: readonly Json[], offset: number, limit: number): number {
  let end = offset;
  let bytes = 0;
  while (end < items.length && end - offset < limit) {
    bytes += JSON.stringify(items[end]).length;
    if (end > offset && bytes > ITEM_PAGE_BYTES) break;
    end += 1;
  }
  return end;
}

async function readObjectPage(
  clients: AwsClients,
  request: ItemReadRequest,
  cursor: Cursor,
): Promise<ItemReadPage> {
  const params = request.parameters;
  const bucket = stringParam(params, 'Bucket', 's3:getObject ItemReader');
  const key = stringParam(params, 'Key', 's3:getObject ItemReader');
  const versionId = optionalString(params, 'VersionId');
  const owner = optionalString(params, 'ExpectedBucketOwner');
  const cacheKey = (etag: string) => JSON.stringify([bucket, key, versionId ?? null, etag, request.format]);
  let etag = cursor.etag;
  let items = etag === undefined ? undefined : parsedObjects.get(cacheKey(etag));
  if (!items) {
    const out = await clients.get(S3Client, 's3').send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(versionId ? { VersionId: versionId } : {}),
        ...(owner ? { ExpectedBucketOwner: owner } : {}),
        // Later pages must read the very object the first page read: a changed object fails rather than mixes.
        ...(etag !== undefined ? { IfMatch: etag } : {}),
      }),
    );
    etag = out.ETag ?? '';
    items = parseItems(out.Body ? await out.Body.transformToString() : '', request.format);
    remember(cacheKey(etag), items);
  }
  const offset = cursor.offset ?? 0;
  const end = pageEnd(items, offset, request.limit);
  return {
    items: items.slice(offset, end),
    ...(end < items.length ? { cursor: JSON.stringify({ offset: end, etag } satisfies Cursor) } : {}),
  };
}

async function listObjectsPage(
  clients: AwsClients,
  request: ItemReadRequest,
  cursor: Cursor,
): Promise<ItemReadPage> {
  const params = request.parameters;
  const prefix = optionalString(params, 'Prefix');
  const out = await clients.get(S3Client, 's3').send(
    new ListObjectsV2Command({
      Bucket: stringParam(params, 'Bucket', 's3:listObjectsV2 ItemReader'),
      ...(prefix ? { Prefix: prefix } : {}),
      MaxKeys: Math.max(1, Math.min(1000, request.limit)),
      ...(cursor.token ? { ContinuationToken: cursor.token } : {}),
    }),
  );
  // Each item is the object entry as Step Functions gives it: ETag spelled Etag, LastModified in epoch seconds.
  const items: Json[] = (out.Contents ?? []).map((object) => ({
    Etag: object.ETag ?? '',
    Key: object.Key ?? '',
    LastModified: object.LastModified ? Math.floor(object.LastModified.getTime() / 1000) : 0,
    Size: object.Size ?? 0,
    StorageClass: object.StorageClass ?? 'STANDARD',
  }));
  const token = out.IsTruncated ? out.NextContinuationToken : undefined;
  return { items, ...(token ? { cursor: JSON.stringify({ token } satisfies Cursor) } : {}) };
}

function sourceName(request: ItemReadRequest): string {
  const bucket = request.parameters.Bucket;
  const where = request.action === 'getObject' ? request.parameters.Key : request.parameters.Prefix;
  return `s3://${typeof bucket === 'string' ? bucket : '?'}/${typeof where === 'string' ? where : ''}`;
}

function causeOf(failure: ApplicationFailure): string {
  return `${failure.type ?? 'S3 error'}: ${failure.message}`;
}

/**
 * Reads one page of a Distributed Map's S3 item source. Every failure is `States.ItemReaderFailed`, its cause naming
 * the state, the bucket and key (or prefix) and what went wrong: a malformed object or the S3 error.
 */
export async function readItemsPage(clients: AwsClients, request: ItemReadRequest): Promise<ItemReadPage> {
  try {
    const cursor = request.cursor ? (JSON.parse(request.cursor) as Cursor) : {};
    switch (request.action) {
      case 'getObject':
        return await readObjectPage(clients, request, cursor);
      case 'listObjectsV2':
        return await listObjectsPage(clients, request, cursor);
    }
  } catch (err) {
    const what =
      err instanceof SourceFormatError ? err.message : causeOf(serviceFailure('S3', 'Amazon S3', err));
    throw aslFailure(
      'States.ItemReaderFailed',
      `Map '${request.stateName}' could not read its items from ${sourceName(request)}: ${what}`,
    );
  }
}

/** Puts one ResultWriter object as JSON (JSON Lines for an array in JSONL); failures are `States.ResultWriterFailed`. */
export async function writeResultObject(
  clients: AwsClients,
  request: ResultWriteRequest,
): Promise<ResultWriteOutcome> {
  const body =
    request.format === 'JSONL' && Array.isArray(request.body)
      ? request.body.map((entry) => JSON.stringify(entry)).join('\n')
      : JSON.stringify(request.body);
  try {
    await clients.get(S3Client, 's3').send(
      new PutObjectCommand({
        Bucket: request.bucket,
        Key: request.key,
        Body: body,
        ContentType: request.format === 'JSONL' ? 'application/jsonl' : 'application/json',
      }),
    );
  } catch (err) {
    throw aslFailure(
      'States.ResultWriterFailed',
      `Map '${request.stateName}' could not write s3://${request.bucket}/${request.key}: ` +
        causeOf(serviceFailure('S3', 'Amazon S3', err)),
    );
  }
  return { key: request.key, size: Buffer.byteLength(body) };
}
