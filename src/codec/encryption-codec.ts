/**
 * Encryption at rest: a Temporal PayloadCodec that seals every payload with AES-256-GCM before it leaves the
 * client or the worker, so the server's history (and its database, and the Web UI without a codec server) holds
 * only ciphertext. Codecs run outside the workflow sandbox, so Node's crypto is fine here.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { type EncryptionKey } from './encryption-key';

/** The `encoding` metadata of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** The metadata key naming the key a payload was sealed with. */
export const KEY_ID_METADATA = 'encryption-key-id';
/** The metadata key naming the cipher (one today; kept so another can follow without guessing). */
export const CIPHER_METADATA = 'encryption-cipher';
const CIPHER = 'AES-256-GCM';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

/** The `encoding` of a payload, as text (undefined when it has none). */
export function encodingOf(payload: Payload): string | undefined {
  return text(payload.metadata?.[METADATA_ENCODING_KEY]);
}

/** The key id an encrypted payload names. */
export function keyIdOfPayload(payload: Payload): string | undefined {
  return text(payload.metadata?.[KEY_ID_METADATA]);
}

/**
 * Seals each payload whole (its metadata and data, serialized as the Payload protobuf) with a fresh random 12-byte
 * IV: `data` is IV || ciphertext || 16-byte tag, the key id is the authenticated additional data, and the only
 * metadata left in clear is the encoding, the cipher and the key id. Decoding checks the key id first, so a wrong
 * key fails with a message that names both keys rather than GCM's bare "unable to authenticate data"; payloads
 * in any other encoding pass through unchanged (histories written before encryption was turned on stay readable).
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly key: EncryptionKey) {}

  /** Encrypts every payload. */
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.seal(payload));
  }

  /** Decrypts `binary/encrypted` payloads, passes the rest through. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) =>
      encodingOf(payload) === ENCRYPTED_ENCODING ? this.open(payload) : payload,
    );
  }

  private seal(payload: Payload): Payload {
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(this.key.id));
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING),
        [CIPHER_METADATA]: utf8(CIPHER),
        [KEY_ID_METADATA]: utf8(this.key.id),
      },
      data: sealed,
    };
  }

  private open(payload: Payload): Payload {
    const keyId = keyIdOfPayload(payload);
    if (keyId !== this.key.id) {
      throw new Error(
        `Cannot decrypt a payload: it was encrypted with key id ${keyId ?? '(none)'}, but the key of ` +
          `${this.key.source} has key id ${this.key.id}. Use the key file the workers and clients of this ` +
          'execution were given.',
      );
    }
    const cipherName = text(payload.metadata?.[CIPHER_METADATA]);
    if (cipherName !== undefined && cipherName !== CIPHER) {
      throw new Error(`Cannot decrypt a payload sealed with ${cipherName}: only ${CIPHER} is supported.`);
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new Error('Cannot decrypt a payload: its data is truncated.');
    const decipher = createDecipheriv('aes-256-gcm', this.key.key, data.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(this.key.id));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new Error(
        `Cannot decrypt a payload with key id ${keyId}: its authentication tag does not match (the payload was ` +
          'altered or damaged).',
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

/**
 * Stands in for the codec on a client or worker given no key: payloads pass through both ways, but an encrypted
 * one fails to decode with a message that says which flag is missing, instead of the payload converter's
 * "Unknown encoding: binary/encrypted".
 */
export class EncryptedPayloadGuard implements PayloadCodec {
  /** Leaves payloads as they are. */
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads;
  }

  /** Fails on an encrypted payload, passes the rest through. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    for (const payload of payloads) {
      if (encodingOf(payload) === ENCRYPTED_ENCODING) {
        throw new Error(
          `This execution's data is encrypted (key id ${keyIdOfPayload(payload) ?? 'unknown'}): pass ` +
            '--encryption-key-file with its key to read it.',
        );
      }
    }
    return payloads;
  }
}

/** The payload codecs for a client or worker: the encryption codec with a key, else the guard. */
export function payloadCodecsFor(key: EncryptionKey | undefined): PayloadCodec[] {
  return [key ? new EncryptionCodec(key) : new EncryptedPayloadGuard()];
}
