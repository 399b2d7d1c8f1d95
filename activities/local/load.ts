import { readdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { type HandlerMap, type LocalHandler } from './handlers';

const HANDLER_FILE = /\.(ts|js|cjs|mjs)$/;

/**
 * Loads every module in a directory that exports `handler` as a local function named after its file
 * (`process-order.ts` -> `process-order`), the layout the examples use.
 */
export function loadHandlersFromDir(dir: string): HandlerMap {
  const handlers: Record<string, LocalHandler> = {};
  for (const file of readdirSync(dir)) {
    if (!HANDLER_FILE.test(file) || file.endsWith('.d.ts') || file.includes('.test.')) continue;
    const path = resolve(join(dir, file));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path) as { handler?: unknown };
    if (typeof mod.handler !== 'function') {
      throw new Error(`${path} does not export a function named "handler"; local handlers must.`);
    }
    handlers[basename(file, extname(file))] = mod.handler as LocalHandler;
  }
  return handlers;
}
