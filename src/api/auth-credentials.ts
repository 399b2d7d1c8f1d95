/**
 * The `--credentials FILE` of `asl-temporal serve`: the access keys whose SigV4 signatures the API accepts. Two
 * formats, told apart by their first character: a JSON array `[{"accessKeyId", "secretAccessKey",
 * "sessionToken"?}]`, or the AWS shared-credentials INI (`~/.aws/credentials`: one `[profile]` per key with
 * `aws_access_key_id`, `aws_secret_access_key` and optionally `aws_session_token`), so a user can hand serve the
 * file their tools already read.
 */
import { readFileSync } from 'node:fs';

/** One key the API accepts; with `sessionToken`, requests must also carry that `X-Amz-Security-Token`. */
export interface ApiCredential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** The accepted keys, by access key id. */
export type ApiCredentials = ReadonlyMap<string, ApiCredential>;

/** A credentials file that cannot be used: the message names the file and what was expected. */
export class CredentialsFileError extends Error {}

const EXPECTED =
  'expected a JSON array [{"accessKeyId": "...", "secretAccessKey": "..."}] or the AWS shared-credentials ' +
  'INI format ([profile] lines with aws_access_key_id and aws_secret_access_key)';

function entryFromJson(file: string, value: unknown, index: number): ApiCredential {
  const fail = (why: string) => new CredentialsFileError(`${file}: entry ${index} ${why}; ${EXPECTED}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('is not an object');
  const entry = value as Record<string, unknown>;
  for (const member of ['accessKeyId', 'secretAccessKey']) {
    if (typeof entry[member] !== 'string' || entry[member] === '') throw fail(`has no string "${member}"`);
  }
  if (entry.sessionToken !== undefined && typeof entry.sessionToken !== 'string') {
    throw fail('has a "sessionToken" that is not a string');
  }
  return {
    accessKeyId: entry.accessKeyId as string,
    secretAccessKey: entry.secretAccessKey as string,
    ...(entry.sessionToken ? { sessionToken: entry.sessionToken as string } : {}),
  };
}

function fromJson(file: string, text: string): ApiCredential[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new CredentialsFileError(`${file} is not valid JSON (${(err as Error).message}); ${EXPECTED}`);
  }
  if (!Array.isArray(parsed)) throw new CredentialsFileError(`${file} holds no JSON array; ${EXPECTED}`);
  return parsed.map((value, index) => entryFromJson(file, value, index));
}

function fromIni(file: string, text: string): ApiCredential[] {
  const sections: { name: string; line: number; values: Map<string, string> }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      sections.push({ name: header[1], line: i + 1, values: new Map() });
      return;
    }
    const pair = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
    const section = sections.at(-1);
    if (!pair || !section) {
      throw new CredentialsFileError(
        `${file}:${i + 1} is neither a [profile] nor a key = value line; ${EXPECTED}`,
      );
    }
    section.values.set(pair[1].toLowerCase(), pair[2].trim());
  });
  return sections.map(({ name, line, values }) => {
    const accessKeyId = values.get('aws_access_key_id');
    const secretAccessKey = values.get('aws_secret_access_key');
    if (!accessKeyId || !secretAccessKey) {
      throw new CredentialsFileError(
        `${file}:${line}: profile [${name}] needs both aws_access_key_id and aws_secret_access_key`,
      );
    }
    const sessionToken = values.get('aws_session_token');
    return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
  });
}

/** Parses a credentials file's text (JSON array or shared-credentials INI); `file` names it in errors. */
export function parseCredentials(file: string, text: string): ApiCredentials {
  const trimmed = text.trim();
  // A JSON array starts with `[` followed by `{`, `]` or whitespace; an INI profile header with a name.
  const entries =
    /^\[\s*[{\]]/.test(trimmed) || trimmed.startsWith('{') ? fromJson(file, trimmed) : fromIni(file, text);
  if (entries.length === 0) throw new CredentialsFileError(`${file} holds no credentials; ${EXPECTED}`);
  const byId = new Map<string, ApiCredential>();
  for (const entry of entries) {
    if (byId.has(entry.accessKeyId)) {
      throw new CredentialsFileError(`${file} lists the access key id ${entry.accessKeyId} twice`);
    }
    byId.set(entry.accessKeyId, entry);
  }
  return byId;
}

/** Reads and parses a credentials file, with an error naming the file when it cannot be read. */
export function readCredentialsFile(file: string): ApiCredentials {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CredentialsFileError(`Cannot read the credentials file ${file}: ${(err as Error).message}`);
  }
  return parseCredentials(file, text);
}
