import {
  DefaultLogger,
  makeTelemetryFilterString,
  type NativeConnection,
  Runtime,
  Worker,
  type WorkerOptions,
} from '@temporalio/worker';
import { type PayloadCodec } from '@temporalio/common';
import { type ActivityDeps, createActivities } from '../activities';
import { type HandlerMap } from '../activities/local/handlers';
import { type Tracing } from './tracing';

/** The task queue asl-temporal's workers poll unless told otherwise. */
export const DEFAULT_TASK_QUEUE = 'asl-temporal';

/** Options for {@link createWorker}. */
export interface CreateWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace?: string;
  readonly taskQueue?: string;
  /** Local function handlers by function name (the Lambda functions the machines call). */
  readonly handlers: HandlerMap;
  /** AWS settings, real-Lambda fallback and `.sync` polling for the activities (default: the SDK's environment). */
  readonly activities?: Omit<ActivityDeps, 'handlers'>;
  /**
   * A prebuilt workflow bundle (`workflowBundle()` of src/workflow-bundle.ts keeps one in the cache); without it
   * the worker bundles `workflows/` itself (a few seconds). With tracing, it must have been bundled with the
   * tracing's workflow interceptor modules (`tracing.workerOptions.interceptors.workflowModules`).
   */
  readonly workflowBundle?: { readonly codePath: string } | { readonly code: string };
  /** OpenTelemetry: spans for workflows, activities and (for executions that ask) states. */
  readonly tracing?: Tracing;
  /**
   * Payload codecs (encryption); they run in the worker's main thread, outside the sandbox, on every payload the
   * worker receives or sends: workflow and activity inputs and results, children, continue-as-new, queries.
   */
  readonly payloadCodecs?: readonly PayloadCodec[];
  /**
   * A failure converter module (src/codec/failure-converter.ts, so failure messages are encrypted too); the workflow
   * bundle must have been bundled with the same module (`failureConverterPath` of src/workflow-bundle.ts).
   */
  readonly failureConverterPath?: string;
  /** Extra worker options (tests use maxCachedWorkflows: 0 to force replays). */
  readonly tuning?: Pick<WorkerOptions, 'maxCachedWorkflows' | 'shutdownGraceTime' | 'identity'>;
}

/**
 * An error thrown out of the ASL workflows' own code (a bug, not an ASL error: those end the execution as FAILED
 * already) would fail the workflow task on every replay, and Temporal would retry the task forever with nothing to
 * show in the execution. These types fail the execution instead, with the error's name as its type (`TypeError`).
 * A non-determinism error is left to Temporal's retry on purpose: it means a worker runs code that does not match
 * the history, which rolling the worker back repairs, while failing would lose every execution in flight; see
 * docs/architecture.md, "Bounded workflow tasks" and "Changing workflow code".
 */
export const WORKFLOW_FAILURE_ERROR_TYPES: NonNullable<WorkerOptions['workflowFailureErrorTypes']> = {
  // The hand-written pattern workflows keep Temporal's default (retry the task), as their own authors' code.
  '*': [],
  stateMachine: ['Error'],
  mapBatch: ['Error'],
};

/** Creates a Worker that runs asl-temporal's workflows and activities. */
export function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  const workflows = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : { workflowsPath: require.resolve('../workflows') };
  const tracing = options.tracing?.workerOptions;
  // A bundle already holds the workflow interceptors; the SDK would warn that it ignores them.
  const traced =
    tracing && options.workflowBundle
      ? { ...tracing, interceptors: { ...tracing.interceptors, workflowModules: undefined } }
      : tracing;
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    activities: createActivities({ ...options.activities, handlers: options.handlers }),
    ...workflows,
    workflowFailureErrorTypes: WORKFLOW_FAILURE_ERROR_TYPES,
    dataConverter: {
      ...(options.payloadCodecs ? { payloadCodecs: [...options.payloadCodecs] } : {}),
      ...(options.failureConverterPath ? { failureConverterPath: options.failureConverterPath } : {}),
    },
    ...traced,
    ...options.tuning,
  });
}

/**
 * Installs the Temporal Runtime for command-line use, on stderr: warnings and errors, plus (with `executionLogs`)
 * the workflows' own info lines, which is where a machine's LoggingConfiguration writes its events.
 */
export function installCliRuntime(
  level: 'WARN' | 'ERROR' = 'WARN',
  options: { readonly executionLogs?: boolean } = {},
): void {
  const quiet = new Set(['TRACE', 'DEBUG', 'INFO']);
  Runtime.install({
    logger: new DefaultLogger(options.executionLogs ? 'INFO' : level, ({ level: l, message, meta }) => {
      if (quiet.has(l) && meta?.sdkComponent !== 'workflow') return;
      process.stderr.write(
        `[temporal ${l.toLowerCase()}] ${message}${meta ? ` ${JSON.stringify(meta)}` : ''}\n`,
      );
    }),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: level, other: level }) } },
  });
}
