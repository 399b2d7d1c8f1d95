/**
 * The `exported` conformance runtime: each case's definition goes through `asl-temporal export`, the generated
 * workflows of all cases are bundled together (one webpack run, each workflow under a unique name) and run on one
 * worker on a time-skipping server, with the case's mocks as the workflow's ExecutionOptions. A case whose export
 * throws or whose code does not compile is reported as an engine error naming the step, so the report counts it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import ts from 'typescript';
import { exportMachine } from '../export';
import { silentProgress, type ProgressSink } from '../server/progress';
import { toExecutable } from '../server/resolved';
import { resolveTestServer } from '../server/test-server';
import { createWorker } from '../worker';
import { workflowBundle } from '../workflow-bundle';
import { type UserWorkflow } from '../workflow-entry';
import { type ExecutionCase } from './cases';
import { type CaseRun, type CaseRunner, type CaseWorkflow, temporalCaseRunner } from './runners';
import { type CaseResult, runSuite, type SuiteReport } from './suite';

/** Options for {@link runExported}. */
export interface OnExportedOptions {
  readonly concurrency?: number;
  readonly onResult?: (r: CaseResult, done: number) => void;
  /** Told about the export and bundle steps (they take a while for the whole corpus). */
  readonly progress?: ProgressSink;
}

/** The engine error a case gets when a step before its run fails; `step` names it in the cause. */
function stepFailure(step: 'export' | 'compile' | 'bundle', message: string): CaseRun {
  return {
    actual: { status: 'ENGINE_ERROR', error: 'EngineError', cause: `${step}: ${message}`.slice(0, 600) },
    trace: [],
  };
}

/** A unique workflow name for case number `index`, readable in a worker's log. */
function caseWorkflowName(c: ExecutionCase, index: number): string {
  return `case${index}_${c.id.replace(/[^A-Za-z0-9_]/g, '_')}`.slice(0, 80);
}

/** The first syntax error TypeScript finds in a generated file, if any (swc would fail the whole bundle on it). */
function syntaxError(source: string, file: string): string | undefined {
  const { diagnostics } = ts.transpileModule(source, { fileName: file, reportDiagnostics: true });
  const first = diagnostics?.[0];
  if (!first) return undefined;
  const text = ts.flattenDiagnosticMessageText(first.messageText, '\n');
  const at =
    first.file && first.start !== undefined
      ? first.file.getLineAndCharacterOfPosition(first.start)
      : undefined;
  return at ? `${text} (line ${at.line + 1}:${at.character + 1})` : text;
}

/**
 * Bundles the workflows together; when webpack refuses the lot, halves it until each failing file is alone, so one
 * bad export costs its own case only. Returns the code of every bundle made and the failures by workflow name.
 */
async function bundleAll(
  workflows: readonly UserWorkflow[],
  directory: string,
  progress: ProgressSink,
): Promise<{ codes: { code: string; names: Set<string> }[]; failed: Map<string, string> }> {
  const codes: { code: string; names: Set<string> }[] = [];
  const failed = new Map<string, string>();
  const attempt = async (group: readonly UserWorkflow[]): Promise<void> => {
    if (group.length === 0) return;
    try {
      const { code } = await workflowBundle({ workflowFiles: group, directory });
      codes.push({ code, names: new Set(group.map((w) => w.name)) });
    } catch (err) {
      if (group.length === 1) {
        failed.set(group[0].name, (err as Error).message.split(/\n\s*Stack backtrace:/)[0]);
        return;
      }
      progress.line(`A bundle of ${group.length} workflows failed; splitting it to find the cause`);
      const half = Math.ceil(group.length / 2);
      await attempt(group.slice(0, half));
      await attempt(group.slice(half));
    }
  };
  await attempt(workflows);
  return { codes, failed };
}

/**
 * Runs `body` with one worker per bundle (each on a task queue of its own) on a time-skipping server of its own,
 * time skipping unlocked around the whole batch as `runOnTemporal` does; tears everything down after.
 */
async function withWorkers<T>(
  bundles: readonly { code: string; names: Set<string> }[],
  body: (queues: { taskQueue: string; names: Set<string> }[], client: Client) => Promise<T>,
): Promise<T> {
  const server = await resolveTestServer({ progress: silentProgress });
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: toExecutable(server) },
  });
  try {
    const queues = bundles.map(({ names }) => ({ taskQueue: `conformance-exported-${randomUUID()}`, names }));
    const workers = await Promise.all(
      bundles.map(({ code }, i) =>
        createWorker({
          connection: env.nativeConnection,
          taskQueue: queues[i].taskQueue,
          handlers: {},
          workflowBundle: { code },
        }),
      ),
    );
    const running = workers.map((w) => w.run());
    const testService = env.connection.testService;
    if (!testService) throw new Error('The time-skipping server offers no test service.');
    try {
      await testService.unlockTimeSkipping({});
      try {
        return await body(queues, new Client({ connection: env.connection }));
      } finally {
        await testService.lockTimeSkipping({});
      }
    } finally {
      workers.forEach((w) => w.shutdown());
      await Promise.all(running);
    }
  } finally {
    await env.teardown();
  }
}

/** Exports, bundles and runs the cases on Temporal; the report's runtime is `exported`. */
export async function runExported(
  cases: readonly ExecutionCase[],
  options: OnExportedOptions = {},
): Promise<SuiteReport> {
  const progress = options.progress ?? silentProgress;
  const dir = mkdtempSync(join(tmpdir(), 'asl-conformance-exported-'));
  try {
    const planned = new Map<ExecutionCase, { readonly name: string } | CaseRun>();
    const workflows: UserWorkflow[] = [];
    for (const [index, c] of cases.entries()) {
      const name = caseWorkflowName(c, index);
      const file = join(dir, `${name}.workflow.ts`);
      let source: string;
      try {
        source = (await exportMachine(c.definition, { name, stateMachineName: 'conformance' })).workflow;
      } catch (err) {
        planned.set(c, stepFailure('export', (err as Error).message));
        continue;
      }
      writeFileSync(file, source);
      const invalid = syntaxError(source, file);
      if (invalid) {
        planned.set(c, stepFailure('compile', invalid));
        continue;
      }
      planned.set(c, { name });
      workflows.push({ file, name });
    }
    progress.line(`${workflows.length} of ${cases.length} cases exported; bundling them together`);
    const { codes, failed } = await bundleAll(workflows, join(dir, 'bundles'), progress);
    progress.line(`Bundled in ${codes.length} bundle(s); running the cases`);
    return await withWorkers(codes, async (queues, client) => {
      const runners = new Map(
        queues.map(({ taskQueue, names }) => [
          names,
          temporalCaseRunner(
            { client, taskQueue, workflowId: (c) => `${c.id}-${randomUUID()}` },
            (c): CaseWorkflow => {
              const name = (planned.get(c) as { name: string }).name;
              return { type: name, args: c.mocks ? [c.input, { mocks: c.mocks }] : [c.input] };
            },
          ),
        ]),
      );
      const runner: CaseRunner = async (c) => {
        const plan = planned.get(c);
        if (!plan) return stepFailure('export', 'the case was not planned');
        if ('actual' in plan) return plan;
        const bundleError = failed.get(plan.name);
        if (bundleError !== undefined) return stepFailure('bundle', bundleError);
        for (const [names, run] of runners) if (names.has(plan.name)) return run(c);
        return stepFailure('bundle', 'no bundle holds the workflow');
      };
      return runSuite('exported', cases, runner, {
        concurrency: options.concurrency ?? 8,
        onResult: options.onResult,
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
