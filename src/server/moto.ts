import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './cache';
import { freePort, waitForPort } from './net';
import { type ProgressSink, stderrProgress } from './progress';
import { runWithProgress, which } from './toolchain';

/** The moto release the integration tests run against (an AWS-protocol server from PyPI). */
export const MOTO_VERSION = '5.2.1';

/**
 * Finds `moto_server`: `MOTO_SERVER_PATH`, then a virtualenv in the cache, which it creates with pip from PyPI
 * when missing (about a minute cold, instant after).
 */
export async function resolveMoto(
  options: { readonly env?: NodeJS.ProcessEnv; readonly progress?: ProgressSink } = {},
): Promise<string> {
  const env = options.env ?? process.env;
  const progress = options.progress ?? stderrProgress;
  if (env.MOTO_SERVER_PATH) return env.MOTO_SERVER_PATH;
  const venv = join(cacheDir(env), `moto-${MOTO_VERSION}`);
  const server = join(venv, 'bin', 'moto_server');
  if (existsSync(server)) return server;
  const python = which('python3', env) ?? which('python', env);
  if (!python) {
    throw new Error(
      "Python 3 is needed to install moto's server for the AWS integration tests. Install python3, or set " +
        'MOTO_SERVER_PATH to an existing moto_server.',
    );
  }
  await runWithProgress(python, ['-m', 'venv', venv], {
    title: 'Creating a Python venv for moto',
    progress,
    env,
  });
  await runWithProgress(
    join(venv, 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '--quiet', `moto[server]==${MOTO_VERSION}`],
    { title: `Installing moto[server] ${MOTO_VERSION} from PyPI`, progress, env },
  );
  return server;
}

/** A running moto server on loopback. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`, for AWS_ENDPOINT_URL. */
  readonly endpoint: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts moto's server on a free loopback port and resolves once it accepts connections. */
export async function startMoto(
  serverPath: string,
  options: { readonly timeoutMs?: number } = {},
): Promise<MotoServer> {
  const port = await freePort();
  const child = spawn(serverPath, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-2000);
  });
  const up = await waitForPort(port, options.timeoutMs ?? 30_000);
  if (!up) {
    child.kill('SIGKILL');
    throw new Error(`moto_server did not listen on port ${port} within 30 s.\n${tail}`);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
