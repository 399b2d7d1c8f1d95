import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './cache';
import { type ProgressSink, stderrProgress } from './progress';
import { runWithProgress, which } from './toolchain';

/** The AWS CLI (v1, from PyPI) release the API's second-client test drives; pinned so its requests don't drift. */
export const AWS_CLI_VERSION = '1.46.3';

/** The variable that names an existing `aws` executable instead of the cache's. */
export const AWS_CLI_ENV = 'ASL_AWS_CLI';

/** Set by the test global setup to why no AWS CLI could be had, so the test that needs one fails saying so. */
export const AWS_CLI_UNAVAILABLE = 'ASL_AWS_CLI_UNAVAILABLE';

/** How to get an AWS CLI without the network; every failure message ends with it. */
const HOW_TO_PROVIDE =
  `Set ${AWS_CLI_ENV}=/path/to/aws to an installed AWS CLI (v1 or v2), or run \`npm run setup:servers\` ` +
  `online once (it installs awscli==${AWS_CLI_VERSION} from PyPI into the cache).`;

/**
 * Finds `aws`: `ASL_AWS_CLI`, then a virtualenv of its own in the cache, which it creates with pip from PyPI when
 * missing (its own because awscli pins a botocore that moto's venv must not be moved off).
 */
export async function resolveAwsCli(
  options: { readonly env?: NodeJS.ProcessEnv; readonly progress?: ProgressSink } = {},
): Promise<string> {
  const env = options.env ?? process.env;
  const progress = options.progress ?? stderrProgress;
  const given = env[AWS_CLI_ENV];
  if (given) {
    if (!existsSync(given)) throw new Error(`${AWS_CLI_ENV}=${given} does not exist. ${HOW_TO_PROVIDE}`);
    return given;
  }
  const venv = join(cacheDir(env), `aws-cli-${AWS_CLI_VERSION}`);
  const aws = join(venv, 'bin', 'aws');
  if (existsSync(aws)) return aws;
  const python = which('python3', env) ?? which('python', env);
  if (!python) throw new Error(`Python 3 is needed to install the AWS CLI from PyPI. ${HOW_TO_PROVIDE}`);
  try {
    await runWithProgress(python, ['-m', 'venv', venv], {
      title: 'Creating a Python venv for the AWS CLI',
      progress,
      env,
    });
    await runWithProgress(
      join(venv, 'bin', 'pip'),
      ['install', '--disable-pip-version-check', '--quiet', `awscli==${AWS_CLI_VERSION}`],
      { title: `Installing awscli ${AWS_CLI_VERSION} from PyPI`, progress, env },
    );
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(`Could not install the AWS CLI: ${why}\n${HOW_TO_PROVIDE}`);
  }
  if (!existsSync(aws)) throw new Error(`pip installed awscli but ${aws} is missing. ${HOW_TO_PROVIDE}`);
  return aws;
}
