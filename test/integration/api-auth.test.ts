/**
 * Authentication of the Step Functions API: bound beyond loopback, `serve` needs `--credentials FILE` and then
 * verifies every request's SigV4 signature, answering as AWS does (UnrecognizedClientException,
 * InvalidSignatureException, MissingAuthenticationTokenException, IncompleteSignatureException, all HTTP 400).
 * Real clients over HTTP: @aws-sdk/client-sfn, and requests signed by @smithy/signature-v4 then altered.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ListStateMachinesCommand,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { SignatureV4 } from '@smithy/signature-v4';
import { AWS_CLI_ENV, AWS_CLI_UNAVAILABLE } from '../../src/server/aws-cli';
import { runCli } from '../support/cli';
import { sharedSetting } from '../support/shared-env';
import { tempDir } from '../support/temp-dir';
import { uniqueId } from '../support/temporal';
import { eventually, PASSING, ROLE, type Serve, startServe } from './api-support';

const KEY = { accessKeyId: 'AKIDAUTHTEST', secretAccessKey: 'the-right-secret' };
const OTHER_KEY = { accessKeyId: 'AKIDSECOND', secretAccessKey: 'second-secret' };
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
  'Access Key and signing method. Consult the service documentation for details.';

/** The exception a call fails with (failing the test when it succeeds). */
async function failure(call: Promise<unknown>): Promise<SFNServiceException> {
  try {
    await call;
  } catch (err) {
    expect(err).toBeInstanceOf(SFNServiceException);
    return err as SFNServiceException;
  }
  throw new Error('the call succeeded');
}

interface Key {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

function client(endpoint: string, credentials: Key, region = 'us-east-1'): SFNClient {
  return new SFNClient({ endpoint, region, credentials, maxAttempts: 1 });
}

/** A ListStateMachines request signed with `key` at `date` (with X-Amz-Content-Sha256 if `withBodyHash`). */
async function signedRequest(
  endpoint: string,
  options: { key?: typeof KEY; date?: Date; body?: string; withBodyHash?: boolean } = {},
): Promise<{ headers: Record<string, string>; body: string }> {
  const url = new URL(endpoint);
  const body = options.body ?? '{}';
  const headers: Record<string, string> = {
    host: url.host,
    'content-type': 'application/x-amz-json-1.0',
    'x-amz-target': 'AWSStepFunctions.ListStateMachines',
  };
  const signer = new SignatureV4({
    credentials: options.key ?? KEY,
    region: 'us-east-1',
    service: 'states',
    sha256: Sha256,
    applyChecksum: options.withBodyHash ?? false,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers,
      body,
    },
    { signingDate: options.date ?? new Date() },
  );
  return { headers: signed.headers as Record<string, string>, body };
}

/** Posts a request as is and gives the status and the decoded answer. */
async function post(endpoint: string, headers: Record<string, string>, body: string) {
  const { host: _host, ...rest } = headers;
  const response = await fetch(endpoint, { method: 'POST', headers: rest, body });
  return { status: response.status, body: (await response.json()) as { __type?: string; message?: string } };
}

describe('Step Functions API authentication', () => {
  let serve: Serve;
  let ini: Serve;
  /** serve listens on 0.0.0.0; the tests reach it through loopback. */
  let endpoint: string;

  beforeAll(async () => {
    const dir = tempDir('api-auth');
    const jsonFile = join(dir, 'credentials.json');
    writeFileSync(jsonFile, JSON.stringify([KEY, { ...OTHER_KEY, sessionToken: 'the-token' }]));
    const iniFile = join(dir, 'credentials');
    writeFileSync(
      iniFile,
      `# as in ~/.aws/credentials\n[default]\naws_access_key_id = ${KEY.accessKeyId}\n` +
        `aws_secret_access_key = ${KEY.secretAccessKey}\n`,
    );
    [serve, ini] = await Promise.all([
      startServe(uniqueId('api-auth'), ['--host', '0.0.0.0', '--credentials', jsonFile]),
      // Credentials on loopback are verified too; no worker: these calls need none.
      startServe(uniqueId('api-auth-ini'), ['--credentials', iniFile, '--no-worker']),
    ]);
    endpoint = serve.endpoint.replace('0.0.0.0', '127.0.0.1');
  }, 120_000);

  afterAll(async () => {
    expect(await serve?.process.stop()).toBe(0);
    expect(await ini?.process.stop()).toBe(0);
  }, 60_000);

  it('prints the non-loopback address it listens at', () => {
    expect(serve.endpoint).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
  });

  it('accepts an SDK client signing with a listed key: create, start and describe an execution', async () => {
    const sfn = client(endpoint, KEY);
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: uniqueId('auth'), definition: PASSING, roleArn: ROLE }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{"n":1}' }));
    const done = await eventually(async () => {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'SUCCEEDED' ? d : undefined;
    }, 'the execution to succeed');
    expect(done.output).toBe('{"n":1,"mark":"done"}');
  }, 60_000);

  it('accepts temporary credentials with their session token, and refuses the key without it', async () => {
    const listed = await client(endpoint, { ...OTHER_KEY, sessionToken: 'the-token' }).send(
      new ListStateMachinesCommand({}),
    );
    expect(Array.isArray(listed.stateMachines)).toBe(true);
    const noToken = await failure(client(endpoint, OTHER_KEY).send(new ListStateMachinesCommand({})));
    expect(noToken).toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 400 },
    });
    const wrongToken = await failure(
      client(endpoint, { ...OTHER_KEY, sessionToken: 'another' }).send(new ListStateMachinesCommand({})),
    );
    expect(wrongToken.name).toBe('UnrecognizedClientException');
  });

  it('answers a wrong secret with InvalidSignatureException', async () => {
    const err = await failure(
      client(endpoint, { ...KEY, secretAccessKey: 'wrong' }).send(new ListStateMachinesCommand({})),
    );
    expect(err).toMatchObject({
      name: 'InvalidSignatureException',
      message: MISMATCH,
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers an unknown access key id with UnrecognizedClientException', async () => {
    const err = await failure(
      client(endpoint, { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: KEY.secretAccessKey }).send(
        new ListStateMachinesCommand({}),
      ),
    );
    expect(err).toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('answers a request signed for another region with InvalidSignatureException', async () => {
    const err = await failure(client(endpoint, KEY, 'eu-west-1').send(new ListStateMachinesCommand({})));
    expect(err).toMatchObject({
      name: 'InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'eu-west-1'.",
    });
  });

  it('answers a request with no Authorization header with MissingAuthenticationTokenException', async () => {
    const r = await post(
      endpoint,
      { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
      '{}',
    );
    expect(r).toEqual({
      status: 400,
      body: {
        __type: 'MissingAuthenticationTokenException',
        message: 'Request is missing Authentication Token',
      },
    });
  });

  it('accepts a request signed by hand, and refuses it once its body is changed', async () => {
    const { headers, body } = await signedRequest(endpoint);
    const accepted = await post(endpoint, headers, body);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toHaveProperty('stateMachines');
    const tampered = await post(endpoint, headers, '{"maxResults":1}');
    expect(tampered).toEqual({
      status: 400,
      body: { __type: 'InvalidSignatureException', message: MISMATCH },
    });
  });

  it('refuses a changed body whose signed X-Amz-Content-Sha256 still names the original', async () => {
    const { headers, body } = await signedRequest(endpoint, { withBodyHash: true });
    expect(headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect((await post(endpoint, headers, body)).status).toBe(200);
    const tampered = await post(endpoint, headers, '{"maxResults":2}');
    expect(tampered.body).toEqual({ __type: 'InvalidSignatureException', message: MISMATCH });
  });

  it('refuses a signature more than 15 minutes old or ahead, as AWS words it', async () => {
    const old = await signedRequest(endpoint, { date: new Date(Date.now() - 20 * 60 * 1000) });
    const expired = await post(endpoint, old.headers, old.body);
    expect(expired.body.__type).toBe('InvalidSignatureException');
    expect(expired.body.message).toMatch(
      new RegExp(
        `^Signature expired: ${old.headers['x-amz-date']} is now earlier than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 15 min\\.\\)$`,
      ),
    );
    const ahead = await signedRequest(endpoint, { date: new Date(Date.now() + 20 * 60 * 1000) });
    const early = await post(endpoint, ahead.headers, ahead.body);
    expect(early.body.message).toMatch(/^Signature not yet current: \d{8}T\d{6}Z is still later than /);
    // Within the window (10 minutes off) the signature is good.
    const skewed = await signedRequest(endpoint, { date: new Date(Date.now() - 10 * 60 * 1000) });
    expect((await post(endpoint, skewed.headers, skewed.body)).status).toBe(200);
  });

  it('answers an Authorization header without its parts with IncompleteSignatureException', async () => {
    const { headers, body } = await signedRequest(endpoint);
    const r = await post(
      endpoint,
      { ...headers, authorization: 'AWS4-HMAC-SHA256 Credential=AKIDAUTHTEST' },
      body,
    );
    expect(r.body).toEqual({
      __type: 'IncompleteSignatureException',
      message:
        "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' " +
        'parameter. Authorization=AWS4-HMAC-SHA256 Credential=AKIDAUTHTEST',
    });
  });

  it('checks the Authorization header and the scope before the signature, with AWS messages', async () => {
    const { headers, body } = await signedRequest(endpoint);
    const auth = headers.authorization;
    const answer = async (authorization: string) =>
      (await post(endpoint, { ...headers, authorization }, body)).body;
    expect(await answer(auth.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512'))).toEqual({
      __type: 'IncompleteSignatureException',
      message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ",
    });
    expect(
      await answer(auth.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=content-type;x-amz-date')),
    ).toEqual({
      __type: 'InvalidSignatureException',
      message: "'Host' must be a 'SignedHeader' in the AWS Authorization.",
    });
    expect(await answer(auth.replace('/us-east-1/states/', '/us-east-1/'))).toMatchObject({
      __type: 'IncompleteSignatureException',
      message: expect.stringMatching(/^Credential must have exactly 5 slash-delimited elements/),
    });
    expect(await answer(auth.replace('/states/aws4_request', '/lambda/aws4_request'))).toEqual({
      __type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'states'.",
    });
    expect(
      await answer(auth.replace(/Credential=AKIDAUTHTEST\/\d{8}/, 'Credential=AKIDAUTHTEST/20200101')),
    ).toEqual({
      __type: 'InvalidSignatureException',
      message:
        'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ' +
        `'20200101' != '${headers['x-amz-date'].slice(0, 8)}', from '${headers['x-amz-date']}'.`,
    });
    const undated = await post(endpoint, { ...headers, 'x-amz-date': '2026-12-01' }, body);
    expect(undated.body).toEqual({
      __type: 'IncompleteSignatureException',
      message:
        "Date must be in ISO-8601 'basic format'. Got '2026-12-01'. See http://en.wikipedia.org/wiki/ISO_8601",
    });
  });

  it('accepts the AWS CLI (botocore signs on its own) with a listed key, and refuses a wrong secret', async () => {
    const aws = process.env[AWS_CLI_ENV];
    if (!aws) throw new Error(`No AWS CLI from the test setup: ${process.env[AWS_CLI_UNAVAILABLE] ?? ''}`);
    const run = (key: Key) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(
          aws,
          ['stepfunctions', 'list-state-machines', '--endpoint-url', endpoint, '--region', 'us-east-1'],
          {
            env: {
              ...process.env,
              AWS_ACCESS_KEY_ID: key.accessKeyId,
              AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
              AWS_SESSION_TOKEN: '',
              AWS_ENDPOINT_URL: '',
            },
            timeout: 60_000,
          },
          (err, stdout, stderr) => done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
        );
      });
    const [ok, wrong] = await Promise.all([run(KEY), run({ ...KEY, secretAccessKey: 'wrong' })]);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(ok.stdout)).toHaveProperty('stateMachines');
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain(
      `An error occurred (InvalidSignatureException) when calling the ListStateMachines operation: ${MISMATCH}`,
    );
  }, 60_000);

  it('verifies keys from an AWS shared-credentials file, on loopback too', async () => {
    const listed = await client(ini.endpoint, KEY).send(new ListStateMachinesCommand({}));
    expect(Array.isArray(listed.stateMachines)).toBe(true);
    const err = await failure(client(ini.endpoint, OTHER_KEY).send(new ListStateMachinesCommand({})));
    expect(err.name).toBe('UnrecognizedClientException');
  });

  it('refuses to start beyond loopback without --credentials, with a file it cannot use, or on a taken port', async () => {
    const dir = tempDir('api-auth-bad');
    const address = sharedSetting('devServerAddress');
    const serveWith = (...extra: string[]) =>
      runCli(['serve', '--address', address, '--host', '0.0.0.0', '--port', '0', '--no-worker', ...extra]);
    const missing = join(dir, 'absent.json');
    const noSecret = join(dir, 'no-secret.json');
    writeFileSync(noSecret, JSON.stringify([{ accessKeyId: 'AKID' }]));
    const badIni = join(dir, 'credentials');
    writeFileSync(badIni, '[default]\naws_access_key_id = AKID\n');
    const taken = new URL(ini.endpoint).port;
    const [none, absent, partial, iniPartial, busy] = await Promise.all([
      serveWith(),
      serveWith('--credentials', missing),
      serveWith('--credentials', noSecret),
      serveWith('--credentials', badIni),
      runCli(['serve', '--address', address, '--port', taken, '--no-worker']),
    ]);
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain(`Port ${taken} on 127.0.0.1 is already in use`);
    expect(busy.stderr).toContain('choose another with --port <port>');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--host 0.0.0.0 is not a loopback address');
    expect(none.stderr).toContain('needs --credentials FILE');
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain(`Cannot read the credentials file ${missing}`);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain(
      `${noSecret}: entry 0 has no string "secretAccessKey"; expected a JSON array`,
    );
    expect(iniPartial.code).toBe(2);
    expect(iniPartial.stderr).toContain(
      `${badIni}:1: profile [default] needs both aws_access_key_id and aws_secret_access_key`,
    );
  }, 60_000);
});
