import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CORPUS_DIR } from '../support/conformance';

/**
 * The corpus travels with the project (a user's clone has nothing beside it). Where the shared corpus it was copied
 * from sits beside the repository, the copy must equal it, so that it is refreshed whenever the corpus grows.
 */
const SHARED_DIR =
  process.env.ASL_SHARED_CONFORMANCE ?? resolve(__dirname, '..', '..', '..', 'shared', 'conformance');
const FILES = ['README.md', 'executions.jsonl', 'validation.jsonl'];

function lineCount(file: string): number {
  return readFileSync(join(CORPUS_DIR, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '').length;
}

describe('the conformance corpus shipped in test/conformance/corpus', () => {
  it('holds the cases its README counts, and the NOTICE its Apache-2.0 sources require', () => {
    const readme = readFileSync(join(CORPUS_DIR, 'README.md'), 'utf8');
    const total = (table: string): number =>
      Number(new RegExp(`${table}[\\s\\S]*?\\| \\*\\*total\\*\\* \\| \\*\\*(\\d+)\\*\\*`).exec(readme)?.[1]);
    expect(lineCount('executions.jsonl')).toBe(total('Executions by category'));
    expect(lineCount('validation.jsonl')).toBe(total('Validation cases'));
    const notice = readFileSync(join(CORPUS_DIR, 'NOTICE'), 'utf8');
    expect(notice).toMatch(/LocalStack/);
    expect(notice).toMatch(/asl-validator/);
    expect(notice).toMatch(/Apache License, Version 2\.0/);
  });

  // A user's clone has no shared corpus beside it: then only the copy's own consistency above is checked.
  if (!existsSync(SHARED_DIR)) return;
  it(`equals the shared corpus at ${SHARED_DIR} (refresh the copy when it differs)`, () => {
    for (const file of readdirSync(SHARED_DIR)) {
      expect([file, readFileSync(join(CORPUS_DIR, file), 'utf8')]).toEqual([
        file,
        readFileSync(join(SHARED_DIR, file), 'utf8'),
      ]);
    }
    expect(FILES.every((f) => existsSync(join(SHARED_DIR, f)))).toBe(true);
  });
});
