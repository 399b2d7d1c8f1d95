import { type Dirent, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The bytes of every file under a directory (0 when it does not exist), for progress lines that report how far a
 * download or an extraction has got. Files may vanish while it walks (pip moves its temporary files), so those
 * count as 0 rather than fail.
 */
export function bytesUnder(dir: string): number {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let total = 0;
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) {
      try {
        total += statSync(path).size;
      } catch {
        // gone since the listing
      }
    }
  }
  return total;
}
