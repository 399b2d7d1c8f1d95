import { pathToFileURL } from 'node:url';

/** The part of tsx's `tsx/cjs/api` used here (its types need `exports`-aware resolution, which we do not use). */
interface TsxCjsApi {
  register(options: { readonly namespace: string }): {
    require(id: string, fromFile: string): unknown;
  };
}

let tsxRequire: ((path: string) => unknown) | undefined;

/**
 * Whether this module was loaded by a module system other than Node's own: jest's runtime gives each module a
 * `require` with no extension handlers (Node's has `.js`, `.json`, `.node`) and resolves, transforms and evaluates
 * every file itself, so tsx's hooks on Node's loader are never consulted there (a namespaced tsx require then asks
 * jest for the file `x.ts?namespace=...`, which does not exist). Such a `require` compiles `.ts` with the project's
 * own transform (ts-jest, babel), as it does the test file.
 */
function loadedByAnotherModuleSystem(): boolean {
  // Read only, to tell Node's require from jest's (require.extensions is deprecated for registering loaders).
  const extensions = require.extensions as Record<string, unknown> | undefined;
  return !extensions || !Object.prototype.hasOwnProperty.call(extensions, '.js');
}

/**
 * When this file itself runs as TypeScript, whatever loaded it (ts-node, jest, tsx) loads `.ts` files too, and so
 * does jest when it loads the compiled dist (a generated `<name>.test.ts` in a project that installed the package);
 * from the compiled dist under plain Node nothing does, so tsx is registered on first use. Namespaced, so the
 * process's own `require` stays as it was: only handlers (and what they import) go through tsx.
 */
function typeScriptRequire(): (path: string) => unknown {
  if (__filename.endsWith('.ts') || loadedByAnotherModuleSystem()) return require;
  if (!tsxRequire) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsx = require('tsx/cjs/api') as TsxCjsApi;
    const scoped = tsx.register({ namespace: 'asl-temporal-handlers' });
    tsxRequire = (path) => scoped.require(path, __filename);
  }
  return tsxRequire;
}

/** Loads a CommonJS-loadable module: `.js`, `.cjs`, and `.ts` through a TypeScript transpiler when needed. */
export function requireModule(path: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return path.endsWith('.ts') ? typeScriptRequire()(path) : require(path);
}

// TypeScript compiles `import()` to `require()` under module=commonjs, which cannot load ES modules on every
// Node 20; a function built at run time keeps the real dynamic import.
const dynamicImport = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<unknown>;

/** Loads any handler module: `.mjs` (and `.js` that turns out to be ESM) by dynamic import, the rest by require. */
export async function importModule(path: string): Promise<unknown> {
  if (path.endsWith('.mjs')) return dynamicImport(pathToFileURL(path).href);
  try {
    return requireModule(path);
  } catch (err) {
    // A .js file in a "type": "module" package, on a Node without require(esm).
    if ((err as { code?: unknown }).code !== 'ERR_REQUIRE_ESM') throw err;
    return dynamicImport(pathToFileURL(path).href);
  }
}
