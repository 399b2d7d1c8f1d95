import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../support/temp-dir';
import { SOURCE_CLI } from '../../support/cli';

const ROOT = join(__dirname, '..', '..', '..');

describe('a failure in the background of the CLI', () => {
  it.each([
    ['a promise nobody awaits', "Promise.reject(new Error('boom in a library'));"],
    ["a library's timer that throws", "throw new Error('boom in a library');"],
  ])('is reported in one line with exit status 2, not as a crash with a stack trace: %s', (_, failure) => {
    // Preloaded before the CLI: a library failing in the background while a command runs.
    const boom = join(tempDir('boom'), 'boom.js');
    writeFileSync(boom, `setTimeout(() => { ${failure} }, 50);\n`);
    const example = join(ROOT, 'examples', 'choice-logic');
    const r = spawnSync(
      process.execPath,
      [
        '-r',
        boom,
        ...SOURCE_CLI,
        'run',
        join(example, 'definition.asl.json'),
        '--input-file',
        join(example, 'input.json'),
        '--local',
        '--json',
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'SUCCEEDED' });
    expect(r.stderr.trim()).toBe(
      'asl-temporal: unexpected error: boom in a library (--verbose shows where it came from)',
    );
  });
});
