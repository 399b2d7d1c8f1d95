import { existsSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

// Jest loads this module afresh for each test file while it collects the tests, so the hook lands on that file.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** /dev/shm when it exists with room to spare (Docker's default is 64 MB), for files that need not hit the disk. */
function memoryDir(): string | undefined {
  if (!existsSync('/dev/shm')) return undefined;
  const { bavail, bsize } = statfsSync('/dev/shm');
  return bavail * bsize > 2 * 1024 ** 3 ? '/dev/shm' : undefined;
}

/**
 * A fresh directory under the OS temp dir, removed after the importing test file's tests. With `inMemory`, in
 * /dev/shm where it has room: for hundreds of megabytes (an npm install) that would otherwise go to disk.
 */
export function tempDir(prefix: string, options: { readonly inMemory?: boolean } = {}): string {
  const base = (options.inMemory ? memoryDir() : undefined) ?? tmpdir();
  const dir = mkdtempSync(join(base, `asl-${prefix}-`));
  made.push(dir);
  return dir;
}
