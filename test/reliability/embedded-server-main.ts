/**
 * Runs the embedded dev server (src/server/embedded.ts, as `run` and `dev` start it) in a process of its own until
 * killed: `node -r tsx/cjs embedded-server-main.ts <port> <sqlite file>`. The server-crash test SIGKILLs its
 * process group, so this process and the Temporal CLI under it die together, as on a machine that loses power.
 */
import { startEmbeddedDevServer } from '../../src/server/embedded';
import { stderrProgress } from '../../src/server/progress';

async function main(): Promise<void> {
  const [port, dbFilename] = process.argv.slice(2);
  const server = await startEmbeddedDevServer({ port: Number(port), dbFilename, progress: stderrProgress });
  // A graceful stop (the test's clean-up) closes the connections and stops the CLI, so no server outlives the test.
  process.once('SIGTERM', () => void server.shutdown().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
