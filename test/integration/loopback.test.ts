/**
 * Every server the project starts listens on loopback only: the embedded dev server (gRPC frontend, HTTP API, Web
 * UI, metrics and its internal services), moto, the codec server. Checked from the kernel's own table of
 * listening sockets (Linux /proc), and by connecting on this machine's non-loopback address, which must fail.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createConnection } from 'node:net';
import { networkInterfaces } from 'node:os';
import { startCodecServer } from '../../src/codec/codec-server';
import { EncryptionCodec } from '../../src/codec/encryption-codec';
import { encryptionKeyFrom } from '../../src/codec/encryption-key';
import { startEmbeddedDevServer } from '../../src/server/embedded';
import { resolveMoto, startMoto } from '../../src/server/moto';
import { freePort } from '../../src/server/net';
import { silentProgress } from '../../src/server/progress';

/** An address of /proc/net/tcp{,6} (hex, little-endian words) as text: `127.0.0.1:7233`, `[0:0:0:0:0:0:0:1]:80`. */
function decodeAddress(hex: string): string {
  const [ip, port] = hex.split(':');
  const words = ip.match(/.{8}/g)!.map((w) => w.match(/../g)!.reverse().join(''));
  const text =
    words.length === 1
      ? words[0]
          .match(/../g)!
          .map((b) => parseInt(b, 16))
          .join('.')
      : `[${words
          .join('')
          .match(/.{4}/g)!
          .map((g) => g.replace(/^0+(?=.)/, ''))
          .join(':')}]`;
  return `${text}:${parseInt(port, 16)}`;
}

/** The addresses a process listens on (TCP, IPv4 and IPv6), from its socket inodes. */
function listeningAddresses(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // The descriptor closed while we read the table.
    }
  }
  const listening: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // State 0A is LISTEN; field 9 is the socket's inode.
      if (fields[3] === '0A' && inodes.has(fields[9])) listening.push(decodeAddress(fields[1]));
    }
  }
  return listening.sort();
}

const isLoopback = (address: string) =>
  address.startsWith('127.') || address.startsWith('[0:0:0:0:0:0:0:1]:');

/** The process whose command line holds all these arguments. */
function pidWithArgs(...args: string[]): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (args.every((a) => argv.includes(a))) return Number(entry);
  }
  throw new Error(`no process runs with ${args.join(' ')}`);
}

/** This machine's non-loopback IPv4 addresses (a container has at least its bridge address). */
const externalAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a && a.family === 'IPv4' && !a.internal)
  .map((a) => a!.address);

/** Resolves with how a TCP connection to host:port ended. */
function tryConnect(host: string, port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

async function expectUnreachableFromOutside(port: number): Promise<void> {
  for (const host of externalAddresses) expect(await tryConnect(host, port)).not.toBe('connected');
}

it('reads the kernel socket table as it is written', () => {
  expect(decodeAddress('0100007F:1C3F')).toBe('127.0.0.1:7231');
  expect(decodeAddress('00000000:0050')).toBe('0.0.0.0:80');
  expect(decodeAddress('00000000000000000000000001000000:0050')).toBe('[0:0:0:0:0:0:0:1]:80');
  expect(isLoopback('0.0.0.0:80')).toBe(false);
  expect(isLoopback('[0:0:0:0:0:0:0:0]:80')).toBe(false);
});

describe('servers bind loopback unless told otherwise', () => {
  it('the embedded dev server: frontend, HTTP API, Web UI, metrics and internal services', async () => {
    const uiPort = await freePort();
    const server = await startEmbeddedDevServer({ dbFilename: false, uiPort, progress: silentProgress });
    try {
      const port = server.address.split(':').at(-1)!;
      const addresses = listeningAddresses(pidWithArgs('start-dev', '--port', port));
      // Frontend gRPC, HTTP API, UI and metrics at least (the dev server also runs history, matching and worker
      // services in the same process).
      expect(addresses.length).toBeGreaterThanOrEqual(4);
      expect(addresses).toContain(`127.0.0.1:${port}`);
      expect(addresses).toContain(`127.0.0.1:${uiPort}`);
      expect(addresses.filter((a) => !isLoopback(a))).toEqual([]);
      await expectUnreachableFromOutside(Number(port));
      await expectUnreachableFromOutside(uiPort);
    } finally {
      await server.shutdown();
    }
  });

  it("moto, the tests' AWS endpoint", async () => {
    const moto = await startMoto(await resolveMoto({ progress: silentProgress }));
    try {
      const port = Number(new URL(moto.endpoint).port);
      const addresses = listeningAddresses(moto.process.pid!);
      expect(addresses).toContain(`127.0.0.1:${port}`);
      expect(addresses.filter((a) => !isLoopback(a))).toEqual([]);
      await expectUnreachableFromOutside(port);
    } finally {
      await moto.stop();
    }
  });

  it('the codec server, and on --host it listens where it is told', async () => {
    const codec = new EncryptionCodec(encryptionKeyFrom(Buffer.alloc(32, 7)));
    const server = await startCodecServer({ codec });
    try {
      expect(listeningAddresses(process.pid)).toContain(`127.0.0.1:${server.port}`);
      await expectUnreachableFromOutside(server.port);
    } finally {
      await server.close();
    }
    const open = await startCodecServer({ codec, host: '0.0.0.0' });
    try {
      expect(listeningAddresses(process.pid)).toContain(`0.0.0.0:${open.port}`);
      for (const host of externalAddresses) expect(await tryConnect(host, open.port)).toBe('connected');
    } finally {
      await open.close();
    }
  });
});
