/**
 * How Step Functions reads an optimized integration's Parameters before it starts the Task: into the integration's
 * request model, with Jackson's default coercions (a number or boolean is read as a string, a numeric string as a
 * number) and no others. A field of the wrong kind "has an invalid format"; a field the integration cannot start
 * without "is required but was missing". Fields the model does not list are left to the service, as are the
 * service's own rules (DynamoDB answers a null Item itself, SNS a missing MessageGroupId).
 */
import { assertNever, type Json, type JsonObject } from '../../asl/types';
import { isJsonObject } from '../../dataflow/json';

/** The kind of value a request field holds. */
export type FieldShape =
  | 'string'
  | 'integer'
  | 'boolean'
  /** A map or a nested structure whose fields are not checked. */
  | 'object'
  | 'list'
  /** Any JSON: Step Functions serializes objects it sends as text (a message body, a payload, an input). */
  | 'json'
  /** A map of string lists, as API Gateway's Headers and QueryParameters. */
  | 'stringLists'
  | { readonly oneOf: readonly string[] }
  | StructureShape;

/** A request model: its fields, and those the Task cannot start without. */
export interface StructureShape {
  readonly fields: Readonly<Record<string, FieldShape>>;
  readonly required?: readonly string[];
}

/** AWS's reason for a field of the wrong kind. */
export function invalidFormat(field: string): string {
  return `The value of the field '${field}' has an invalid format`;
}

/** AWS's reason for a required field that is absent or null. */
export function requiredMissing(field: string): string {
  return `The field '${field}' is required but was missing`;
}

function isScalar(value: Json): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isNumeric(value: Json): boolean {
  if (typeof value === 'number') return true;
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));
}

function isBooleanLike(value: Json): boolean {
  return typeof value === 'boolean' || (typeof value === 'string' && /^(true|false)$/i.test(value));
}

function isStringLists(value: Json): boolean {
  if (!isJsonObject(value)) return false;
  return Object.values(value).every(
    (list) => list === null || (Array.isArray(list) && list.every((v) => v === null || isScalar(v))),
  );
}

/** Whether a (non-null) value can be read as the shape; structures are checked field by field by the caller. */
function fits(shape: Exclude<FieldShape, StructureShape>, value: Json): boolean {
  if (typeof shape === 'object') return typeof value === 'string' && shape.oneOf.includes(value);
  switch (shape) {
    case 'string':
      return isScalar(value);
    case 'integer':
      return isNumeric(value);
    case 'boolean':
      return isBooleanLike(value);
    case 'object':
      return isJsonObject(value);
    case 'list':
      return Array.isArray(value);
    case 'json':
      return true;
    case 'stringLists':
      return isStringLists(value);
    default:
      return assertNever(shape, 'field shape');
  }
}

/** The reasons a request cannot be read into the model, in the model's field order; empty when it can. */
export function shapeProblems(shape: StructureShape, request: JsonObject): string[] {
  const problems: string[] = [];
  for (const field of shape.required ?? []) {
    if (request[field] === undefined || request[field] === null) problems.push(requiredMissing(field));
  }
  for (const [field, fieldShape] of Object.entries(shape.fields)) {
    const value = request[field];
    if (value === undefined || value === null) continue;
    if (typeof fieldShape === 'object' && 'fields' in fieldShape) {
      if (!isJsonObject(value)) problems.push(invalidFormat(field));
      else problems.push(...shapeProblems(fieldShape, value));
    } else if (!fits(fieldShape, value)) {
      problems.push(invalidFormat(field));
    }
  }
  return problems;
}
