/** Payloads in the codec server protocol's JSON: proto3 JSON, where metadata values and data are base64. */
import { type Payload } from '@temporalio/common';

/** One payload as the Web UI and the Temporal CLI send it to a codec server. */
export interface PayloadJson {
  readonly metadata?: Readonly<Record<string, string>>;
  readonly data?: string;
}

/** A request body that is not the protocol's `{"payloads": [...]}`. */
export class PayloadJsonError extends Error {}

// Strict base64 (standard or URL-safe alphabet, proto3 JSON accepts both): Buffer.from would skip bad characters.
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function bytesOf(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value)) {
    throw new PayloadJsonError(`${where} must be a base64 string`);
  }
  return new Uint8Array(Buffer.from(value, /[-_]/.test(value) ? 'base64url' : 'base64'));
}

/** Reads `{"payloads": [...]}`, naming the first field that is wrong. */
export function payloadsFromJson(body: unknown): Payload[] {
  const payloads = (body as { payloads?: unknown } | null)?.payloads;
  if (body === null || typeof body !== 'object' || !Array.isArray(payloads)) {
    throw new PayloadJsonError('the body must be a JSON object {"payloads": [...]}');
  }
  return payloads.map((raw: unknown, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new PayloadJsonError(`payloads[${i}] must be an object {"metadata": {...}, "data": "..."}`);
    }
    const { metadata = {}, data = '' } = raw as { metadata?: unknown; data?: unknown };
    if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
      throw new PayloadJsonError(`payloads[${i}].metadata must be an object of base64 strings`);
    }
    const decoded: Record<string, Uint8Array> = {};
    for (const [key, value] of Object.entries(metadata)) {
      decoded[key] = bytesOf(value, `payloads[${i}].metadata.${key}`);
    }
    return { metadata: decoded, data: bytesOf(data, `payloads[${i}].data`) };
  });
}

/** Writes payloads back in the same shape. */
export function payloadsToJson(payloads: readonly Payload[]): { payloads: PayloadJson[] } {
  return {
    payloads: payloads.map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [
          key,
          Buffer.from(value ?? new Uint8Array()).toString('base64'),
        ]),
      ),
      data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
    })),
  };
}
