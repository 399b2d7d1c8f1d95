import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

// Prettier 3 loads its plugins with dynamic import(), which jest's module sandbox refuses; a worker thread runs
// outside that sandbox, so the formatter lives in one (kept for the process, unref'd so it never holds it open).
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const prettier = require(workerData.prettier);
parentPort.on('message', async ({ id, source }) => {
  try {
    const config = (await prettier.resolveConfig(workerData.configFile)) ?? workerData.defaults;
    parentPort.postMessage({ id, text: await prettier.format(source, { ...config, parser: 'typescript' }) });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message ? err.message : err) });
  }
});`;

const DEFAULTS = { singleQuote: true, printWidth: 110, trailingComma: 'all' };

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, { resolve(text: string): void; reject(err: Error): void }>();

function formatter(): Worker {
  if (worker) return worker;
  const created = new Worker(SCRIPT, {
    eval: true,
    workerData: {
      prettier: require.resolve('prettier'),
      // The repository's .prettierrc.json (an installed package has none there and uses the same defaults).
      configFile: join(__dirname, '..', '..', 'generated.ts'),
      defaults: DEFAULTS,
    },
  });
  created.unref();
  created.on('message', (message: { id: number; text?: string; error?: string }) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (pending.size === 0) created.unref();
    if (message.error !== undefined) waiting?.reject(new Error(`prettier: ${message.error}`));
    else waiting?.resolve(message.text ?? '');
  });
  created.on('error', (err) => {
    for (const waiting of pending.values()) waiting.reject(err);
    pending.clear();
    worker = undefined;
  });
  worker = created;
  return created;
}

/** Formats TypeScript source with Prettier and the repository's configuration. */
export function formatTypeScript(source: string): Promise<string> {
  const id = (nextId += 1);
  const target = formatter();
  // Held open only while a format is in flight.
  target.ref();
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    target.postMessage({ id, source });
  });
}
