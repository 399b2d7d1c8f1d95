/** Reading the 256-bit key of `--encryption-key-file`, and the key id that names it in each encrypted payload. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** A loaded AES-256 key and its public id (derived from the key, so nothing needs to be kept in step). */
export interface EncryptionKey {
  readonly key: Buffer;
  /** 16 hex digits of SHA-256 over the key: names the key in payload metadata without revealing it. */
  readonly id: string;
  /** Where the key came from, for error messages. */
  readonly source: string;
}

/** What a key file may hold, as error messages and the docs say it. */
export const KEY_FILE_FORMATS =
  '64 hex digits (`openssl rand -hex 32`), 44 characters of base64 (`openssl rand -base64 32`) or exactly 32 raw ' +
  'bytes (`head -c 32 /dev/urandom`)';

/** The key id of a 256-bit key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256')
    .update('asl-temporal encryption key id\0')
    .update(key)
    .digest('hex')
    .slice(0, 16);
}

/** A key from its bytes (tests, the library); `source` names it in errors. */
export function encryptionKeyFrom(key: Buffer, source = 'the key'): EncryptionKey {
  if (key.length !== 32)
    throw new Error(`${source} must hold a 256-bit key (32 bytes), not ${key.length} bytes.`);
  return { key: Buffer.from(key), id: keyIdOf(key), source };
}

/**
 * Parses a key file's bytes: 32 raw bytes as they are, otherwise text (surrounding whitespace ignored) of 64 hex
 * digits or the base64 of 32 bytes. Raw keys are told apart by their length: no text form is 32 characters long.
 */
export function parseKeyFile(bytes: Buffer, file: string): EncryptionKey {
  const wrong = (what: string) =>
    new Error(`The encryption key file ${file} ${what}; it must hold a 256-bit key: ${KEY_FILE_FORMATS}.`);
  if (bytes.length === 32) return encryptionKeyFrom(bytes, file);
  const text = bytes.toString('latin1').trim();
  if (text === '') throw wrong('is empty');
  if (/^[0-9a-fA-F]+$/.test(text)) {
    if (text.length !== 64) throw wrong(`holds ${text.length} hex digits, not 64`);
    return encryptionKeyFrom(Buffer.from(text, 'hex'), file);
  }
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text) || /^[A-Za-z0-9_-]+={0,2}$/.test(text)) {
    const decoded = Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64');
    if (decoded.length !== 32) throw wrong(`holds base64 of ${decoded.length} bytes, not 32`);
    return encryptionKeyFrom(decoded, file);
  }
  throw wrong(`holds ${bytes.length} bytes that are neither hex nor base64 text nor a 32-byte raw key`);
}

/** Reads `--encryption-key-file`, naming the file and the accepted formats when it cannot be used. */
export function readEncryptionKeyFile(file: string): EncryptionKey {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new Error(`Cannot read the encryption key file ${file}: ${(err as Error).message}`);
  }
  return parseKeyFile(bytes, file);
}
