import { readdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { type HandlerMap, type LocalHandler } from './handlers';
import { displayPath, HandlerLoadError, loadFailure } from './load-error';
import { importModule, requireModule } from './load-module';

export { HandlerLoadError } from './load-error';

const HANDLER_FILE = /\.(ts|js|cjs|mjs)$/;

/** The handler files of a directory, in a stable order. */
function handlerFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => HANDLER_FILE.test(file) && !file.endsWith('.d.ts') && !file.includes('.test.'))
    .sort()
    .map((file) => resolve(join(dir, file)));
}

function handlerOf(path: string, mod: unknown): LocalHandler {
  const handler = (mod as { handler?: unknown } | null)?.handler;
  if (typeof handler !== 'function') {
    throw new HandlerLoadError(
      `The local handler ${displayPath(path)} does not export a function named "handler": ` +
        'export one (export async function handler(event, context)), or move the file out of the handlers folder.',
    );
  }
  return handler as LocalHandler;
}

function nameOf(path: string): string {
  return basename(path, extname(path));
}

/**
 * Loads every module in a directory that exports `handler` as a local function named after its file
 * (`process-order.ts` -> `process-order`), the layout the examples use: `.ts` (transpiled when nothing else in the
 * process loads TypeScript), `.js` and `.cjs`. `.mjs` needs a Node with require(esm); {@link importHandlersFromDir}
 * loads it anywhere.
 */
export function loadHandlersFromDir(dir: string): HandlerMap {
  const handlers: Record<string, LocalHandler> = {};
  for (const path of handlerFiles(dir)) {
    let mod: unknown;
    try {
      mod = requireModule(path);
    } catch (err) {
      throw loadFailure(path, err);
    }
    handlers[nameOf(path)] = handlerOf(path, mod);
  }
  return handlers;
}

/** As {@link loadHandlersFromDir}, and ES modules (`.mjs`, ESM `.js`) by dynamic import: what the CLI uses. */
export async function importHandlersFromDir(dir: string): Promise<HandlerMap> {
  const handlers: Record<string, LocalHandler> = {};
  for (const path of handlerFiles(dir)) {
    let mod: unknown;
    try {
      mod = await importModule(path);
    } catch (err) {
      throw loadFailure(path, err);
    }
    handlers[nameOf(path)] = handlerOf(path, mod);
  }
  return handlers;
}
