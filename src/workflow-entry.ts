/**
 * The bundle entry of a worker that runs the user's exported workflows (`asl-temporal export`) beside the
 * package's own: one module re-exporting both, and the webpack aliases that make the user's imports of
 * `asl-temporal/workflow` and `@temporalio/workflow` resolve to this package's copies, wherever the user's files
 * sit and whether or not their folder has a node_modules of its own.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type BundleOptions } from '@temporalio/worker';

type WebpackConfig = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

/**
 * The module behind `asl-temporal/workflow`: the combinators generated code is written against (workflows/lib). In
 * a clone it is the TypeScript source, in an installed package the compiled `dist/workflows/lib/index.js` (which the
 * package's `workflow/` entry point names too), found from this file's own place in either.
 */
export function combinatorsModule(): string {
  return require.resolve('../workflows/lib');
}

/** The folder of this package's `@temporalio/workflow`, so one copy of the SDK's sandbox runtime is bundled. */
function temporalWorkflowDir(): string {
  return dirname(dirname(require.resolve('@temporalio/workflow')));
}

/** Adds the aliases that send the user's files to this package's combinators and Temporal SDK. */
export function withPackageAliases(config: WebpackConfig): WebpackConfig {
  return {
    ...config,
    resolve: {
      ...config.resolve,
      alias: {
        ...(config.resolve?.alias as Record<string, string | false> | undefined),
        'asl-temporal/workflow$': combinatorsModule(),
        '@temporalio/workflow': temporalWorkflowDir(),
      },
    },
  };
}

/** A workflow module of the user's to bundle: its file and the workflow function it exports. */
export interface UserWorkflow {
  readonly file: string;
  readonly name: string;
}

/**
 * Writes (once per set of workflows) the module that re-exports `workflowsPath` and each user workflow by name,
 * under `directory/entries/`, and returns its path: the bundler's `workflowsPath`. Only the named function of a
 * user's file is exported, so its helpers are not registered as workflows. The name is a hash of the content, so
 * the same workflows give the same entry and the same bundle cache key.
 */
export function userWorkflowsEntry(
  directory: string,
  workflowsPath: string,
  workflows: readonly UserWorkflow[],
): string {
  const sorted = [...workflows].sort((a, b) => a.name.localeCompare(b.name));
  const code = [
    "// Written by asl-temporal: the package's workflows and the exported ones, bundled together.",
    `export * from ${JSON.stringify(workflowsPath)};`,
    ...sorted.map((w) => `export { ${w.name} } from ${JSON.stringify(resolve(w.file))};`),
    '',
  ].join('\n');
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const entries = join(directory, 'entries');
  const file = join(entries, `${hash}.js`);
  if (existsSync(file) && readFileSync(file, 'utf8') === code) return file;
  mkdirSync(entries, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, code);
  renameSync(temp, file);
  return file;
}

/**
 * The workflow types asl-temporal itself starts (executions, Distributed Map batches, the API's entities): a user's
 * workflow of one of these names would take its place in the bundle, and executions in flight would replay on the
 * wrong code, so it is refused. The hand-written pattern workflows (`sequentialProcessing`, ...) are examples that
 * nothing starts by itself: an exported workflow of the same name (the default name of the same machine) takes
 * their place in the bundle, the user's explicit export winning over the package's `export *`.
 */
export const RESERVED_WORKFLOW_TYPES: ReadonlySet<string> = new Set([
  'stateMachine',
  'mapBatch',
  'stateMachineEntity',
  'activityEntity',
]);
