/**
 * The workflow bundle a worker runs, made by the SDK's bundler once per set of inputs and kept in the cache
 * directory: bundling `workflows/` takes seconds, reading a bundle back takes milliseconds.
 *
 * A cache entry is found by the settings (package and bundler versions, workflows path, interceptor modules) and
 * holds the list of every file webpack read for the bundle with its SHA-256; the entry is used only while all of
 * those files are unchanged, so editing a workflow, a sandboxed module or a bundled package rebuilds it.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { type BundleOptions, bundleWorkflowCode } from '@temporalio/worker';
import { cacheDir } from './server/cache';
import { type UserWorkflow, userWorkflowsEntry, withPackageAliases } from './workflow-entry';
import { formatDuration, type ProgressSink, silentProgress } from './server/progress';

/** Options for {@link workflowBundle}. */
export interface WorkflowBundleOptions {
  /** Workflow interceptor modules to bundle in (a tracing worker's); part of the cache key. */
  readonly interceptorModules?: readonly string[];
  /** A failure converter module to bundle in (an encrypting worker's, src/codec/failure-converter.ts); part of the cache key. */
  readonly failureConverterPath?: string;
  /** Where entries are kept (default: `workflow-bundles/` in {@link cacheDir}). */
  readonly directory?: string;
  /** Told when the workflows must be bundled (a few seconds); silent when the cache has them. */
  readonly progress?: ProgressSink;
  /**
   * Workflow modules of the user's (exported workflows, `.ts` or `.js`) bundled beside asl-temporal's own; part of
   * the cache key, and their contents are inputs like any other file (src/workflow-entry.ts).
   */
  readonly workflowFiles?: readonly UserWorkflow[];
}

/** A workflow bundle, and whether it came from the cache. */
export interface WorkflowBundle {
  readonly code: string;
  /** True when an unchanged cache entry was used, false when this call bundled. */
  readonly reused: boolean;
  /** The cache file holding the code (absent when it could not be written). */
  readonly file?: string;
}

/** What an entry's manifest records: every input file with its SHA-256, and the bundle file they make. */
interface Manifest {
  readonly inputs: Readonly<Record<string, string>>;
  readonly bundle: string;
}

type WebpackConfig = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];
type WebpackPlugin = Extract<NonNullable<WebpackConfig['plugins']>[number], (...args: never[]) => void>;
type Compiler = Parameters<WebpackPlugin>[0];

const WORKFLOWS_PATH = require.resolve('../workflows');

/** Entries unused for this long are removed when another is written. */
const UNUSED_ENTRY_DAYS = 14;

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The nearest package.json's version above `dir` (src/ in a clone, dist/src/ in an installed package). */
function versionAbove(dir: string, name: string): string {
  for (let at = dir; ; at = dirname(at)) {
    const file = join(at, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? '0.0.0';
    }
    if (dirname(at) === at) return '0.0.0';
  }
}

/** The settings that shape a bundle besides its input files; an entry is kept per distinct settings. */
function settingsKey(
  interceptorModules: readonly string[],
  failureConverterPath?: string,
  workflowsPath: string = WORKFLOWS_PATH,
): string {
  const settings = {
    format: 1,
    package: versionAbove(__dirname, 'asl-temporal'),
    bundler: versionAbove(dirname(require.resolve('@temporalio/worker')), '@temporalio/worker'),
    workflowsPath,
    interceptorModules,
    ...(failureConverterPath ? { failureConverterPath } : {}),
  };
  return sha256(JSON.stringify(settings)).slice(0, 16);
}

function hashFile(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}

function contentKey(inputs: Readonly<Record<string, string>>): string {
  const lines = Object.keys(inputs)
    .sort()
    .map((path) => `${path}\0${inputs[path]}\n`);
  return sha256(lines.join('')).slice(0, 16);
}

/** Writes a file so that readers see the old content or the new, never a part. */
function writeAtomically(file: string, data: string): void {
  const temp = `${file}.${process.pid}-${randomUUID()}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** The cached code, when the entry exists and every input still has the content it was bundled from. */
function readEntry(directory: string, key: string): WorkflowBundle | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(directory, `${key}.json`), 'utf8')) as Manifest;
    for (const [path, hash] of Object.entries(manifest.inputs)) {
      if (hashFile(path) !== hash) return undefined;
    }
    const file = join(directory, manifest.bundle);
    const code = readFileSync(file, 'utf8');
    // The manifest's mtime says when the entry was last used, for pruning (the bundle file keeps its own).
    const now = new Date();
    utimesSync(join(directory, `${key}.json`), now, now);
    return { code, reused: true, file };
  } catch {
    // No entry, or one another process is replacing: bundle afresh.
    return undefined;
  }
}

/** Stores a fresh bundle, then points the entry's manifest at it and drops the bundle it replaces. */
function writeEntry(directory: string, key: string, code: string, inputs: Record<string, string>): string {
  mkdirSync(directory, { recursive: true });
  const bundle = `${key}-${contentKey(inputs)}.js`;
  writeAtomically(join(directory, bundle), code);
  writeAtomically(join(directory, `${key}.json`), JSON.stringify({ inputs, bundle } satisfies Manifest));
  for (const old of readdirSync(directory)) {
    if (old.startsWith(`${key}-`) && old.endsWith('.js') && old !== bundle) {
      rmSync(join(directory, old), { force: true });
    }
  }
  pruneUnused(directory);
  return join(directory, bundle);
}

/**
 * Removes the entries no worker used for {@link UNUSED_ENTRY_DAYS} days: each clone, install folder or settings
 * has its own entry (some 4 MB), and folders that are gone never ask for theirs again.
 */
function pruneUnused(directory: string): void {
  const cutoff = Date.now() - UNUSED_ENTRY_DAYS * 24 * 3600 * 1000;
  for (const name of readdirSync(directory)) {
    if (!/^[0-9a-f]{16}\.json$/.test(name)) continue;
    try {
      if (statSync(join(directory, name)).mtimeMs >= cutoff) continue;
      const key = name.slice(0, 16);
      for (const file of readdirSync(directory)) {
        if (file === name || (file.startsWith(`${key}-`) && file.endsWith('.js'))) {
          rmSync(join(directory, file), { force: true });
        }
      }
    } catch {
      // Another process pruned it first.
    }
  }
}

/** Bundles the workflows and lists the files webpack read to do it. */
async function bundle(
  interceptorModules: readonly string[],
  failureConverterPath?: string,
  workflowsPath: string = WORKFLOWS_PATH,
): Promise<{ code: string; files: string[] }> {
  let files: string[] = [];
  let errors: string[] = [];
  const recordInputs: WebpackPlugin = (compiler: Compiler) => {
    compiler.hooks.done.tap('asl-temporal-bundle-inputs', (stats) => {
      files = [...stats.compilation.fileDependencies];
      errors = stats.compilation.errors.map((e) => e.message);
    });
  };
  const bundling = bundleWorkflowCode({
    workflowsPath,
    workflowInterceptorModules: [...interceptorModules],
    ...(failureConverterPath ? { failureConverterPath } : {}),
    // webpack's own output is noise here; a failed bundle still throws with its errors.
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    webpackConfigHook: (config) => {
      const withInputs = { ...config, plugins: [...(config.plugins ?? []), recordInputs] };
      // The user's files import asl-temporal/workflow and @temporalio/workflow: this package's own copies.
      return workflowsPath === WORKFLOWS_PATH ? withInputs : withPackageAliases(withInputs);
    },
  });
  try {
    return { code: (await bundling).code, files };
  } catch (err) {
    // The SDK's error only points at its troubleshooting page; webpack's own messages say which file and line.
    if (errors.length === 0) throw err;
    throw new Error(`The workflows do not bundle:\n${errors.slice(0, 5).join('\n')}`, { cause: err });
  }
}

/**
 * The bundle of asl-temporal's workflows (plus `interceptorModules`), from the cache when none of its inputs
 * changed, else bundled now and stored for the next worker. The cache is an optimisation: when it cannot be
 * written (a read-only home), the fresh bundle is returned all the same.
 */
export async function workflowBundle(options: WorkflowBundleOptions = {}): Promise<WorkflowBundle> {
  const interceptorModules = options.interceptorModules ?? [];
  const directory = options.directory ?? join(cacheDir(), 'workflow-bundles');
  const workflowsPath = options.workflowFiles?.length
    ? userWorkflowsEntry(directory, WORKFLOWS_PATH, options.workflowFiles)
    : WORKFLOWS_PATH;
  const key = settingsKey(interceptorModules, options.failureConverterPath, workflowsPath);
  const cached = readEntry(directory, key);
  if (cached) return cached;

  const progress = options.progress ?? silentProgress;
  progress.line('Bundling the workflows (a few seconds; kept in the cache for the next runs)...');
  const started = Date.now();
  const { code, files } = await bundle(interceptorModules, options.failureConverterPath, workflowsPath);
  progress.line(`Workflows bundled in ${formatDuration(Date.now() - started)}`);
  const inputs: Record<string, string> = {};
  for (const path of files) {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      continue; // a path webpack probed that is not there
    }
    if (!stats.isFile()) continue;
    // A file edited while webpack ran may not be what went into the bundle: do not store it as if it were.
    if (stats.mtimeMs >= started) return { code, reused: false };
    const hash = hashFile(path);
    if (hash === undefined) return { code, reused: false };
    inputs[path] = hash;
  }
  try {
    return { code, reused: false, file: writeEntry(directory, key, code, inputs) };
  } catch {
    return { code, reused: false };
  }
}
