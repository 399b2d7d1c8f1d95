/** `--encryption-key-file`: the option every command that talks to Temporal takes, and the codecs it gives. */
import { type PayloadCodec } from '@temporalio/common';
import { type Command } from 'commander';
import { payloadCodecsFor } from '../codec/encryption-codec';
import { KEY_FILE_FORMATS, readEncryptionKeyFile } from '../codec/encryption-key';
import { UsageError } from './inputs';

/** The option's help text. */
export const ENCRYPTION_KEY_HELP =
  'encrypt payloads (inputs, outputs, Task inputs and results, queries) with AES-256-GCM using the 256-bit key ' +
  `in this file: ${KEY_FILE_FORMATS} (env ASL_TEMPORAL_ENCRYPTION_KEY_FILE)`;

/** Adds `--encryption-key-file <file>` with its environment default. */
export function withEncryptionOption(command: Command): Command {
  return command.option(
    '--encryption-key-file <file>',
    ENCRYPTION_KEY_HELP,
    process.env.ASL_TEMPORAL_ENCRYPTION_KEY_FILE,
  );
}

/** The module of the failure converter that moves failure messages into (encrypted) payloads. */
export const ENCRYPTING_FAILURE_CONVERTER = require.resolve('../codec/failure-converter');

/** What a worker needs to encrypt: its payload codecs, and (with a key) the failure converter to bundle and load. */
export interface WorkerEncryption {
  readonly payloadCodecs: PayloadCodec[];
  readonly failureConverterPath?: string;
}

/** The worker's side of `--encryption-key-file`: see {@link payloadCodecsFromFile}. */
export function workerEncryptionFromFile(file: string | undefined): WorkerEncryption {
  const payloadCodecs = payloadCodecsFromFile(file);
  return file === undefined
    ? { payloadCodecs }
    : { payloadCodecs, failureConverterPath: ENCRYPTING_FAILURE_CONVERTER };
}

/**
 * The payload codecs for a client or worker: encryption with the file's key, or (no file) a guard that passes
 * payloads through and says which flag is missing when it meets an encrypted one. A bad key file is a usage error
 * (exit 2) naming the file and the formats it may hold.
 */
export function payloadCodecsFromFile(file: string | undefined): PayloadCodec[] {
  if (file === undefined) return payloadCodecsFor(undefined);
  try {
    return payloadCodecsFor(readEncryptionKeyFile(file));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
