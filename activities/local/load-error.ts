import { relative } from 'node:path';

/** A local handler file that could not be loaded: one line with the file, what failed and what to do. */
export class HandlerLoadError extends Error {
  override name = 'HandlerLoadError';
}

/** A path as the user would type it: relative to the working directory when under it. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A TypeScript syntax error as the transpilers report it: esbuild (tsx) "<file>:<line>:<col from 0>: ERROR: <text>",
 * ts-node "<file>(<line>,<col>): error TS1109: <text>".
 */
function syntaxError(path: string, err: Error): { at: string; text: string } | undefined {
  // ts-node names the file relative to the working directory.
  const file = `(?:${escaped(path)}|${escaped(relative(process.cwd(), path))})`;
  const esbuild = new RegExp(`^${file}:(\\d+):(\\d+): ERROR: (.*)$`, 'm').exec(err.message);
  // esbuild counts columns from 0; editors and ts-node from 1.
  if (esbuild) return { at: `${esbuild[1]}:${Number(esbuild[2]) + 1}`, text: esbuild[3] };
  const tsNode = new RegExp(`^${file}\\((\\d+),(\\d+)\\): error (TS\\d+: .*)$`, 'm').exec(err.message);
  return tsNode ? { at: `${tsNode[1]}:${tsNode[2]}`, text: tsNode[3] } : undefined;
}

/** Where in `path` the error points, as `line` or `line:column`, when it says. */
function locationIn(path: string, err: Error): string | undefined {
  const stack = err.stack ?? '';
  // Node's SyntaxError stack starts with "<file>:<line>"; a throw while evaluating has a frame "(<file>:<l>:<c>)".
  if (stack.startsWith(`${path}:`)) return /^[^\n]*:(\d+)\n/.exec(stack)?.[1];
  return new RegExp(`${escaped(path)}:(\\d+:\\d+)`).exec(stack)?.[1];
}

/** What failed, in one line: the first line of the error's message. */
function whatFailed(err: Error): string {
  const text = err.message.split('\n').find((line) => line.trim() !== '') ?? '';
  return `${err.name}: ${text.trim()}`;
}

/** The error for a handler module that threw while loading (syntax, a missing import, a throw at top level). */
export function loadFailure(path: string, thrown: unknown): HandlerLoadError {
  // Duck-typed: a module loaded in another realm (jest's sandbox) throws errors that fail `instanceof Error`.
  const err =
    typeof (thrown as Error | null)?.message === 'string' ? (thrown as Error) : new Error(String(thrown));
  const syntax = syntaxError(path, err);
  const at = syntax?.at ?? locationIn(path, err);
  const what = syntax ? `TypeScript error: ${syntax.text}` : whatFailed(err);
  const todo =
    (err as { code?: unknown }).code === 'MODULE_NOT_FOUND'
      ? 'Install the package it imports, or fix the import'
      : 'Fix it';
  const error = new HandlerLoadError(
    `The local handler ${displayPath(path)}${at ? `:${at}` : ''} failed to load (${what}). ` +
      `${todo}, or move it out of the handlers folder: every .ts, .js, .cjs and .mjs file there is loaded as a handler.`,
    { cause: err },
  );
  // --verbose prints the stack: make it the original one, which points into the handler.
  error.stack = `${error.name}: ${error.message}\nCaused by: ${err.stack ?? err.message}`;
  return error;
}
