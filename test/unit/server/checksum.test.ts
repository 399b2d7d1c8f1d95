import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChecksumMismatchError, sha256File, verifySha256 } from '../../../src/server/checksum';
import { tempDir } from '../../support/temp-dir';

// SHA-256 of "abc", from FIPS 180-2's examples.
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

function fileWith(text: string): string {
  const file = join(tempDir('checksum'), 'data.bin');
  writeFileSync(file, text);
  return file;
}

describe('sha256 checks', () => {
  it('digests a file as lowercase hex', async () => {
    await expect(sha256File(fileWith('abc'))).resolves.toBe(ABC);
  });

  it('accepts the pinned digest in either case', async () => {
    await expect(verifySha256(fileWith('abc'), ABC.toUpperCase(), 'advice')).resolves.toBeUndefined();
  });

  it('rejects another file, naming both digests and what to do', async () => {
    const file = fileWith('abd');
    const check = verifySha256(file, ABC, 'Run it again.');
    await expect(check).rejects.toThrow(ChecksumMismatchError);
    await expect(check).rejects.toThrow(
      new RegExp(
        `^${file} has SHA-256 [0-9a-f]{64}, but ${ABC} is pinned for it, so it was not used\\. Run it again\\.$`,
      ),
    );
  });
});
