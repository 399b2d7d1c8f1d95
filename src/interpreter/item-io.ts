import { type Json, type JsonObject } from '../asl/types';

/** Which S3 call an ItemReader makes: read one object's items, or list objects under a prefix. */
export type ItemSourceAction = 'getObject' | 'listObjectsV2';

/** How an object's body becomes items (`ReaderConfig` without its MaxItems). */
export interface ItemFormat {
  readonly InputType?: 'CSV' | 'JSON' | 'JSONL' | 'MANIFEST' | 'PARQUET';
  readonly CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN';
  readonly CSVHeaders?: readonly string[];
  readonly CSVDelimiter?: 'COMMA' | 'PIPE' | 'SEMICOLON' | 'SPACE' | 'TAB';
}

/**
 * One page of a Distributed Map's ItemReader: at most `limit` items from where `cursor` left off. Reading in pages
 * keeps every activity payload far below Temporal's 2 MB limit; the interpreter loops until no cursor comes back.
 */
export interface ItemReadRequest {
  /** The Map state's name, for error causes. */
  readonly stateName: string;
  readonly action: ItemSourceAction;
  /** The evaluated `Parameters` (JSONPath) or `Arguments` (JSONata): Bucket, Key or Prefix, VersionId, ... */
  readonly parameters: JsonObject;
  readonly format: ItemFormat;
  /** Where the previous page ended (opaque to the interpreter); absent for the first page. */
  readonly cursor?: string;
  /** The most items this page may hold. */
  readonly limit: number;
}

/** Items of one page, in source order, and where the next page starts (absent: the source is exhausted). */
export interface ItemReadPage {
  readonly items: Json[];
  readonly cursor?: string;
}

/** One object a ResultWriter puts: a result file or the manifest, as JSON (or JSON Lines for an array). */
export interface ResultWriteRequest {
  /** The Map state's name, for error causes. */
  readonly stateName: string;
  readonly bucket: string;
  readonly key: string;
  readonly body: Json;
  /** JSONL writes an array body one element per line. */
  readonly format: 'JSON' | 'JSONL';
}

/** Where an object was written and its size in bytes (the manifest lists both). */
export interface ResultWriteOutcome {
  readonly key: string;
  readonly size: number;
}
