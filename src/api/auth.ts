/**
 * SigV4 verification of API requests, as AWS's JSON services check them: the signature is recomputed with
 * `@smithy/signature-v4` from the request as received and the secret of its access key id, and compared in
 * constant time. The checks run in AWS's order and answer with AWS's error names and messages (as DynamoDB, a
 * JSON 1.0 service on the same front end, answers them; recorded by dynalite), all HTTP 400.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { type HttpRequest } from '@smithy/types';
import { type ApiCredentials } from './auth-credentials';
import { ApiError } from './errors';

/** Checks one request (its raw body included) and throws the ApiError AWS would answer, or returns. */
export type RequestVerifier = (request: IncomingMessage, body: Buffer) => Promise<void>;

/** What a verifier checks requests against. */
export interface VerifierOptions {
  readonly credentials: ApiCredentials;
  /** The region a request must be signed for: serve's `--region`, as AWS wants the endpoint's region. */
  readonly region: string;
  /** The wall clock in ms (Date.now); a parameter so the skew rule can be tested without waiting. */
  readonly now?: () => number;
}

const SERVICE = 'states';
const ALGORITHM = 'AWS4-HMAC-SHA256';
/** AWS accepts a request dated up to 15 minutes either side of its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
  'Access Key and signing method. Consult the service documentation for details.';

function incomplete(message: string): ApiError {
  return new ApiError('IncompleteSignatureException', message);
}

function invalid(message: string): ApiError {
  return new ApiError('InvalidSignatureException', message);
}

/** `20130609T094515Z`, the basic ISO-8601 form AWS prints dates in. */
function basicIso(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

function parseBasicIso(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return basicIso(ms) === text ? ms : undefined;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** `AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...` into its algorithm and parameters. */
function parseAuthorization(auth: string): { algorithm: string; params: Map<string, string> } {
  const trimmed = auth.trim();
  const space = trimmed.indexOf(' ');
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  const params = new Map<string, string>();
  for (const part of (space < 0 ? '' : trimmed.slice(space + 1)).split(',')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    if (eq < 0) {
      throw incomplete(
        `'${pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`,
      );
    }
    params.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return { algorithm, params };
}

function checkDate(date: number, amzDate: string, now: number): void {
  if (date < now - MAX_SKEW_MS) {
    throw invalid(
      `Signature expired: ${amzDate} is now earlier than ${basicIso(now - MAX_SKEW_MS)} (${basicIso(now)} - 15 min.)`,
    );
  }
  if (date > now + MAX_SKEW_MS) {
    throw invalid(
      `Signature not yet current: ${amzDate} is still later than ${basicIso(now + MAX_SKEW_MS)} (${basicIso(now)} + 15 min.)`,
    );
  }
}

function checkScope(scope: readonly string[], region: string, amzDate: string): void {
  const [, day, scopeRegion, service, terminator] = scope;
  let message = '';
  if (scopeRegion !== region)
    message += `Credential should be scoped to a valid region, not '${scopeRegion}'. `;
  if (service !== SERVICE) message += `Credential should be scoped to correct service: '${SERVICE}'. `;
  if (terminator !== 'aws4_request') {
    message += `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
  }
  if (day !== amzDate.slice(0, 8)) {
    message +=
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ` +
      `'${day}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`;
  }
  if (message) throw invalid(message.trim());
}

/** The request as the client signed it: only its signed headers, its path decoded as the signer saw it. */
function signable(request: IncomingMessage, signedHeaders: readonly string[], body: Buffer): HttpRequest {
  const url = new URL(request.url ?? '/', 'http://api.invalid');
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const seen = query[key];
    query[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = header(request, name);
    if (value !== undefined) headers[name] = value;
  }
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // A path that does not decode is signed as sent; the signature will not match and says so.
  }
  return {
    method: request.method ?? 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    path,
    query,
    headers,
    body,
  };
}

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // timingSafeEqual needs equal lengths; comparing `a` with itself keeps the time the same for a wrong length.
  return timingSafeEqual(a, b.length === a.length ? b : a) && b.length === a.length;
}

/** A verifier that accepts only requests signed (SigV4, service `states`) with one of `credentials`. */
export function sigV4Verifier(options: VerifierOptions): RequestVerifier {
  const now = options.now ?? (() => Date.now());
  return async (request, body) => {
    const auth = header(request, 'authorization');
    if (!auth || !auth.trim().startsWith('AWS4-')) {
      throw new ApiError('MissingAuthenticationTokenException', 'Request is missing Authentication Token');
    }
    const { algorithm, params } = parseAuthorization(auth);
    const amzDate = header(request, 'x-amz-date');
    let missing = '';
    for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
      if (!params.get(name)) missing += `Authorization header requires '${name}' parameter. `;
    }
    if (amzDate === undefined && header(request, 'date') === undefined) {
      missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
    }
    if (missing) throw incomplete(`${missing}Authorization=${auth}`);
    // Only X-Amz-Date is read: every SDK and the AWS CLI send it (a bare Date header is reported as malformed).
    const dateText = amzDate ?? header(request, 'date') ?? '';
    const date = parseBasicIso(dateText);
    if (date === undefined) {
      throw incomplete(
        `Date must be in ISO-8601 'basic format'. Got '${dateText}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      );
    }
    checkDate(date, dateText, now());
    const signedHeaders = params.get('SignedHeaders')!.toLowerCase().split(';');
    if (!signedHeaders.includes('host')) {
      throw invalid("'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }
    if (algorithm !== ALGORITHM) {
      throw incomplete(`Unsupported AWS 'algorithm': '${algorithm}' (only ${ALGORITHM} for now). `);
    }
    const credential = params.get('Credential')!.replace(/\/+$/, '');
    const scope = credential.split('/');
    if (scope.length !== 5) {
      throw incomplete(
        'Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, ' +
          `got '${credential}'`,
      );
    }
    checkScope(scope, options.region, dateText);
    const key = options.credentials.get(scope[0]);
    if (!key) {
      throw new ApiError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    const bodyHash = createHash('sha256').update(body).digest('hex');
    // A signed X-Amz-Content-Sha256 stands for the body in the signature: it must be the body's own hash.
    const declaredHash = header(request, 'x-amz-content-sha256');
    if (signedHeaders.includes('x-amz-content-sha256') && declaredHash !== bodyHash) throw invalid(MISMATCH);
    const signer = new SignatureV4({
      credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey },
      region: options.region,
      service: SERVICE,
      sha256: Sha256,
      applyChecksum: false,
    });
    const signed = await signer.sign(signable(request, signedHeaders, body), {
      signingDate: new Date(date),
      signableHeaders: new Set(signedHeaders),
    });
    const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization))?.[1] ?? '';
    const recomputedHeaders = /SignedHeaders=([^,]+)/.exec(String(signed.headers.authorization))?.[1];
    if (
      !sameSignature(expected, params.get('Signature')!) ||
      recomputedHeaders !== signedHeaders.slice().sort().join(';')
    ) {
      throw invalid(MISMATCH);
    }
    // Temporary credentials: the token must be the one issued with the key, and only then present.
    if ((key.sessionToken ?? '') !== (header(request, 'x-amz-security-token') ?? '')) {
      throw new ApiError(
        'UnrecognizedClientException',
        'The security token included in the request is invalid',
      );
    }
  };
}
