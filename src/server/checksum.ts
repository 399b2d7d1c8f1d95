import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The SHA-256 of a file as lowercase hex, streamed so a 45 MB download is not read into memory at once. */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** A download whose digest is not the pinned one: it is never installed, since it is not the file that was vetted. */
export class ChecksumMismatchError extends Error {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly actual: string,
    advice: string,
  ) {
    super(`${file} has SHA-256 ${actual}, but ${expected} is pinned for it, so it was not used. ${advice}`);
    this.name = 'ChecksumMismatchError';
  }
}

/** Resolves when the file's SHA-256 is the expected one, and rejects with {@link ChecksumMismatchError} when not. */
export async function verifySha256(path: string, expected: string, advice: string): Promise<void> {
  const actual = await sha256File(path);
  if (actual !== expected.toLowerCase()) throw new ChecksumMismatchError(path, expected, actual, advice);
}
