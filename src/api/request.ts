/** Reading an API request's members with AWS's ValidationException for what is missing or malformed. */
import { ApiError, invalidMember, missingMember } from './errors';

/** A decoded request body. */
export type ApiRequest = Readonly<Record<string, unknown>>;

/** A required string member. */
export function requiredString(request: ApiRequest, member: string): string {
  const value = request[member];
  if (value === undefined || value === null) throw missingMember(member);
  if (typeof value !== 'string') throw invalidMember(member, 'Member must be a string');
  return value;
}

/** An optional string member. */
export function optionalString(request: ApiRequest, member: string): string | undefined {
  const value = request[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidMember(member, 'Member must be a string');
  return value;
}

/** An optional integer member within [min, max]. */
export function optionalInteger(
  request: ApiRequest,
  member: string,
  min: number,
  max: number,
): number | undefined {
  const value = request[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidMember(member, `Member must have value between ${min} and ${max}`);
  }
  return value;
}

/** An optional boolean member. */
export function optionalBoolean(request: ApiRequest, member: string): boolean | undefined {
  const value = request[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidMember(member, 'Member must be a boolean');
  return value;
}

/** Epoch seconds, as AWS JSON 1.0 sends timestamps. */
export function epochSeconds(ms: number | Date): number {
  return (typeof ms === 'number' ? ms : ms.getTime()) / 1000;
}

/** One page of `items` from `nextToken` (an opaque offset), and the token of the next page if any. */
export function page<T>(
  items: readonly T[],
  request: ApiRequest,
  defaultSize = 100,
): { readonly items: T[]; readonly nextToken?: string } {
  // maxResults 0 means the default, as on AWS.
  const size = optionalInteger(request, 'maxResults', 0, 1000) || defaultSize;
  const token = optionalString(request, 'nextToken');
  let offset = 0;
  if (token !== undefined) {
    const decoded = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded) throw new ApiError('InvalidToken', `Invalid Token: '${token}'`);
    offset = Number(decoded[1]);
  }
  const slice = items.slice(offset, offset + size);
  const next =
    offset + size < items.length ? Buffer.from(`o${offset + size}`).toString('base64url') : undefined;
  return { items: slice, ...(next ? { nextToken: next } : {}) };
}
