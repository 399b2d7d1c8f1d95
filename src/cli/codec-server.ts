/** `asl-temporal codec-server`: decrypts payloads for the Temporal Web UI and CLI, with the workers' key. */
import { readFileSync } from 'node:fs';
import { type Command } from 'commander';
import { startCodecServer, DEFAULT_UI_ORIGIN } from '../codec/codec-server';
import { stderrProgress } from '../server/progress';
import { payloadCodecsFromFile, withEncryptionOption } from './encryption';
import { UsageError } from './inputs';

interface CodecServerCommandOptions {
  readonly encryptionKeyFile?: string;
  readonly host: string;
  readonly port: string;
  readonly uiOrigin: string;
  readonly authTokenFile?: string;
}

/** The token of `--auth-token-file`: the file's text, trimmed; an empty file is refused. */
function readToken(file: string): string {
  let token: string;
  try {
    token = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new UsageError(`Cannot read the auth token file ${file}: ${(err as Error).message}`);
  }
  if (token === '') throw new UsageError(`The auth token file ${file} is empty.`);
  return token;
}

const EXAMPLES = `
Examples:
  $ openssl rand -hex 32 > payload.key
  $ asl-temporal codec-server --encryption-key-file payload.key --port 8888
  # Web UI: Settings (the data encoder icon) -> Codec Server endpoint http://127.0.0.1:8888
  $ temporal workflow show -w <execution name> --codec-endpoint http://127.0.0.1:8888

It answers the Codec Server protocol: POST /decode and POST /encode (also under /<namespace>/), with CORS for
--ui-origin. Whoever can reach it can read the data: it binds 127.0.0.1 unless --host says otherwise, and with
--auth-token-file every request must carry "Authorization: Bearer <token>" (the Web UI's "pass access token").`;

/** Adds the `codec-server` command to a program. */
export function register(program: Command): void {
  const command = program
    .command('codec-server')
    .description('Serve the Temporal Web UI codec endpoint (POST /decode, /encode) for encrypted payloads.')
    .option('--host <address>', 'the address to bind (all interfaces: 0.0.0.0)', '127.0.0.1')
    .option('--port <port>', 'the port to listen on (0: a free one)', '8888')
    .option('--ui-origin <url>', 'the Web UI origin that CORS allows, with credentials', DEFAULT_UI_ORIGIN)
    .option(
      '--auth-token-file <file>',
      'require "Authorization: Bearer <token>" with the token in this file (env ASL_TEMPORAL_CODEC_AUTH_TOKEN_FILE)',
      process.env.ASL_TEMPORAL_CODEC_AUTH_TOKEN_FILE,
    );
  withEncryptionOption(command)
    .addHelpText('after', EXAMPLES)
    .action(async (options: CodecServerCommandOptions) => {
      if (options.encryptionKeyFile === undefined) {
        throw new UsageError('codec-server needs --encryption-key-file: the key the workers encrypt with.');
      }
      const [codec] = payloadCodecsFromFile(options.encryptionKeyFile);
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port takes a port number (0-65535), not ${options.port}`);
      const authToken = options.authTokenFile ? readToken(options.authTokenFile) : undefined;
      const server = await startCodecServer({
        codec,
        host: options.host,
        port,
        uiOrigin: options.uiOrigin,
        ...(authToken !== undefined ? { authToken } : {}),
      });
      process.stdout.write(`Codec server: ${server.url}\n`);
      stderrProgress.line(
        `Codec server listening at ${server.url} for the Web UI at ${options.uiOrigin}` +
          (authToken !== undefined ? ', bearer token required' : '') +
          '; Ctrl-C to stop.',
      );
      await new Promise<void>((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
      });
      await server.close();
    });
}
