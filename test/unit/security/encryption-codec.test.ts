import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  ENCRYPTED_ENCODING,
  EncryptedPayloadGuard,
  EncryptionCodec,
  encodingOf,
  KEY_ID_METADATA,
} from '../../../src/codec/encryption-codec';
import { encryptionKeyFrom, parseKeyFile, readEncryptionKeyFile } from '../../../src/codec/encryption-key';

const dir = mkdtempSync(join(tmpdir(), 'asl-key-'));
const raw = randomBytes(32);
const key = encryptionKeyFrom(raw, 'test key');
const payload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);

describe('the key file', () => {
  it.each([
    ['hex text with a newline', `${raw.toString('hex')}\n`],
    ['upper-case hex', raw.toString('hex').toUpperCase()],
    ['base64 text', `${raw.toString('base64')}\n`],
    ['base64url text', raw.toString('base64url')],
  ])('reads %s', (_, text) => {
    const file = join(dir, `k-${Math.random()}`);
    writeFileSync(file, text);
    const read = readEncryptionKeyFile(file);
    expect(read.key.equals(raw)).toBe(true);
    expect(read.id).toBe(key.id);
    expect(read.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reads 32 raw bytes as they are', () => {
    const file = join(dir, 'raw.key');
    writeFileSync(file, raw);
    expect(readEncryptionKeyFile(file).key.equals(raw)).toBe(true);
  });

  it.each([
    ['', 'is empty'],
    ['abcd', 'holds 4 hex digits, not 64'],
    [randomBytes(16).toString('base64'), 'holds base64 of 16 bytes, not 32'],
    ['not a key!', 'holds 10 bytes that are neither hex nor base64'],
  ])('refuses %j, naming the file and the formats', (text, why) => {
    expect(() => parseKeyFile(Buffer.from(text), '/etc/k.key')).toThrow(
      new RegExp(`The encryption key file /etc/k\\.key ${why}.*64 hex digits.*base64.*32 raw bytes`),
    );
  });

  it('names a file it cannot read', () => {
    expect(() => readEncryptionKeyFile(join(dir, 'missing.key'))).toThrow(
      /Cannot read the encryption key file .*missing\.key: ENOENT/,
    );
  });
});

describe('EncryptionCodec', () => {
  const codec = new EncryptionCodec(key);

  it('round-trips payloads and hides their metadata and data', async () => {
    const plain = [payload({ secret: 'MARKER-42' }), payload(null), payload('x'.repeat(10_000))];
    const sealed = await codec.encode(plain);
    for (const p of sealed) {
      expect(encodingOf(p)).toBe(ENCRYPTED_ENCODING);
      expect(Buffer.from(p.metadata![KEY_ID_METADATA]!).toString()).toBe(key.id);
      const bytes = Buffer.from(p.data!);
      expect(bytes.includes('MARKER-42')).toBe(false);
      expect(bytes.includes('json/plain')).toBe(false);
    }
    const opened = await codec.decode(sealed);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
      { secret: 'MARKER-42' },
      null,
      'x'.repeat(10_000),
    ]);
  });

  it('uses a fresh IV for every payload', async () => {
    const [a, b] = await codec.encode([payload('same'), payload('same')]);
    expect(Buffer.from(a.data!).subarray(0, 12).equals(Buffer.from(b.data!).subarray(0, 12))).toBe(false);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('passes payloads in other encodings through on decode', async () => {
    const plain = payload({ a: 1 });
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('names both key ids when the key is not the one that sealed the payload', async () => {
    const other = encryptionKeyFrom(randomBytes(32), '/keys/other.key');
    const sealed = await codec.encode([payload(1)]);
    await expect(new EncryptionCodec(other).decode(sealed)).rejects.toThrow(
      `Cannot decrypt a payload: it was encrypted with key id ${key.id}, but the key of /keys/other.key has key id ${other.id}.`,
    );
  });

  it('refuses a payload whose ciphertext was altered', async () => {
    const [sealed] = await codec.encode([payload('intact')]);
    const data = Buffer.from(sealed.data!);
    data[20] ^= 1;
    await expect(codec.decode([{ ...sealed, data }])).rejects.toThrow(/authentication tag does not match/);
  });
});

describe('EncryptedPayloadGuard (no key given)', () => {
  it('passes plain payloads through and names the missing flag on an encrypted one', async () => {
    const guard = new EncryptedPayloadGuard();
    const plain = payload({ a: 1 });
    expect(await guard.encode([plain])).toEqual([plain]);
    expect(await guard.decode([plain])).toEqual([plain]);
    const sealed = await new EncryptionCodec(key).encode([plain]);
    await expect(guard.decode(sealed)).rejects.toThrow(
      `This execution's data is encrypted (key id ${key.id}): pass --encryption-key-file with its key to read it.`,
    );
  });
});
