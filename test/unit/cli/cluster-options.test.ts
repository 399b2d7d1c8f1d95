/**
 * The cluster connection options: which TLS settings each combination of flags gives both connections
 * (`clusterTls`), the usage errors for files that cannot be read and half an mTLS pair, and the TEMPORAL_*
 * environment defaults, which --help names but never prints (an API key is a secret). Over a real TLS endpoint:
 * test/integration/cluster-tls.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { clusterTls, ClusterOptionsError } from '../../../src/client/connect';
import { withClusterOptions } from '../../../src/cli/cluster';
import { createProgram } from '../../../src/cli/main';
import { tempDir } from '../../support/temp-dir';

const dir = tempDir('cluster-options');
const ca = join(dir, 'ca.pem');
const crt = join(dir, 'client.pem');
const key = join(dir, 'client.key');
writeFileSync(ca, 'the CA');
writeFileSync(crt, 'the certificate');
writeFileSync(key, 'the key');
const address = '127.0.0.1:7233';

describe('clusterTls', () => {
  it('is plaintext without any TLS option', () => {
    expect(clusterTls({ address })).toBeUndefined();
  });

  it('a CA alone is server-authenticated TLS with that CA and no client certificate', () => {
    const tls = clusterTls({ address, tlsCaCert: ca });
    expect(Buffer.from(tls!.serverRootCACertificate!).toString()).toBe('the CA');
    expect(tls!.clientCertPair).toBeUndefined();
  });

  it('mTLS takes the pair, with the CA and the server name when given', () => {
    const tls = clusterTls({
      address,
      tlsCert: crt,
      tlsKey: key,
      tlsCaCert: ca,
      tlsServerName: 'temporal.internal',
    });
    expect(Buffer.from(tls!.clientCertPair!.crt).toString()).toBe('the certificate');
    expect(Buffer.from(tls!.clientCertPair!.key).toString()).toBe('the key');
    expect(tls!.serverNameOverride).toBe('temporal.internal');
  });

  it("an API key or a server name alone turns TLS on with the system's roots", () => {
    expect(clusterTls({ address, apiKey: 'k' })).toEqual({});
    expect(clusterTls({ address, tlsServerName: 'temporal.internal' })).toEqual({
      serverNameOverride: 'temporal.internal',
    });
  });

  it('half an mTLS pair is an error naming the missing flag', () => {
    expect(() => clusterTls({ address, tlsCert: crt })).toThrow(
      new ClusterOptionsError(
        '--tls-cert needs --tls-key: mTLS takes the client certificate and its key together.',
      ),
    );
    expect(() => clusterTls({ address, tlsKey: key })).toThrow(/^--tls-key needs --tls-cert/);
  });

  it('a file that cannot be read is an error naming the flag and the path', () => {
    const missing = join(dir, 'missing.pem');
    expect(() => clusterTls({ address, tlsCaCert: missing })).toThrow(
      `--tls-ca-cert ${missing}: the file cannot be read (ENOENT).`,
    );
    expect(() => clusterTls({ address, tlsCert: crt, tlsKey: dir })).toThrow(
      `--tls-key ${dir}: the file cannot be read (EISDIR).`,
    );
  });
});

describe('the TEMPORAL_* environment', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['TEMPORAL_API_KEY', 'TEMPORAL_TLS_CA_CERT', 'TEMPORAL_TLS_SERVER_NAME']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('gives the TLS options their values; a flag wins', () => {
    process.env.TEMPORAL_API_KEY = 'from-env';
    process.env.TEMPORAL_TLS_CA_CERT = ca;
    process.env.TEMPORAL_TLS_SERVER_NAME = 'temporal.internal';
    const command = withClusterOptions(new Command('x')).exitOverride();
    command.parse(['--tls-server-name', 'flag.internal'], { from: 'user' });
    expect(command.opts()).toMatchObject({
      apiKey: 'from-env',
      tlsCaCert: ca,
      tlsServerName: 'flag.internal',
    });
  });

  it('--help names the variables but never prints an API key from them', () => {
    process.env.TEMPORAL_API_KEY = 'secret-from-env';
    const program = createProgram();
    for (const name of ['run', 'serve', 'worker', 'start', 'describe']) {
      const help = program.commands.find((c) => c.name() === name)!.helpInformation();
      expect(help).toContain('--tls-ca-cert <file>');
      expect(help).toContain('--tls-server-name <name>');
      expect(help).toContain('TEMPORAL_API_KEY');
      expect(help).not.toContain('secret-from-env');
    }
  });
});
