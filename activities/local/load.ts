import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { type HandlerMap, type LocalHandler } from './handlers';
import { displayPath, HandlerLoadError, loadFailure } from './load-error';
import { importModule, requireModule } from './load-module';

export { HandlerLoadError } from './load-error';

const HANDLER_FILE = /\.(ts|js|cjs|mjs)$/;

/** True when `path` lies inside the folder `root` (both real paths). */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Whether a folder entry is a handler file to load. Only the folder's own regular files count: subfolders (even one
 * named `x.js`) are skipped, and a symlink is followed only when its target lies inside the folder; one that points
 * out of it, or nowhere, is refused, so loading a folder never runs a file from elsewhere by accident.
 */
function isHandlerFile(root: string, dir: string, entry: Dirent): boolean {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  const link = resolve(join(dir, entry.name));
  let target: string;
  try {
    target = realpathSync(link);
  } catch {
    throw new HandlerLoadError(
      `The local handler ${displayPath(link)} is a symlink to nothing: remove it or point it at a file in the folder.`,
    );
  }
  if (!isInside(root, target)) {
    throw new HandlerLoadError(
      `The local handler ${displayPath(link)} is a symlink to ${target}, outside the handlers folder: only the ` +
        "folder's own files are loaded. Copy the file into the folder, or export it from a handler file there.",
    );
  }
  return statSync(target).isFile();
}

/** The handler files of a directory (its top level only), in a stable order. */
function handlerFiles(dir: string): string[] {
  const root = realpathSync(dir);
  return readdirSync(dir, { withFileTypes: true })
    .filter(({ name }) => HANDLER_FILE.test(name) && !name.endsWith('.d.ts') && !name.includes('.test.'))
    .filter((entry) => isHandlerFile(root, dir, entry))
    .map(({ name }) => name)
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
  // No prototype: a function named "constructor" or "toString" is not a handler unless a file says so.
  const handlers: Record<string, LocalHandler> = Object.create(null) as Record<string, LocalHandler>;
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
  // No prototype: a function named "constructor" or "toString" is not a handler unless a file says so.
  const handlers: Record<string, LocalHandler> = Object.create(null) as Record<string, LocalHandler>;
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
