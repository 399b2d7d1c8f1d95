/**
 * Tracing end to end as a user sets it up: the CLI exports OpenTelemetry spans over OTLP/HTTP (JSON) to a collector,
 * here a loopback HTTP server that records what it receives.
 */
import { join } from 'node:path';
import { type CliProcess, runCli, startCli } from '../support/cli';
import { type LoopbackServer, startLoopbackServer } from '../support/loopback-server';
import { sharedSetting } from '../support/shared-env';
import { uniqueId } from '../support/temporal';

const example = join(__dirname, '..', '..', 'examples', 'sequential-processing');
const definition = join(example, 'definition.asl.json');
const inputFile = join(example, 'input.json');

interface OtlpSpan {
  readonly name: string;
  readonly traceId: string;
  readonly attributes: readonly { key: string; value: { stringValue?: string } }[];
}

/** The spans in the OTLP/HTTP JSON export requests the collector received. */
function receivedSpans(collector: LoopbackServer): OtlpSpan[] {
  return collector.requests
    .filter((r) => r.method === 'POST' && r.url === '/v1/traces')
    .flatMap((r) => {
      const body = JSON.parse(r.body) as {
        resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      return body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    });
}

/** The spans of the trace that started execution `name`'s workflow. */
function traceOf(spans: OtlpSpan[], name: string): OtlpSpan[] {
  const start = spans.find(
    (s) =>
      s.name === 'StartWorkflow:stateMachine' &&
      s.attributes.some((a) => a.key === 'temporalWorkflowId' && a.value.stringValue === name),
  );
  expect(start).toBeDefined();
  return spans.filter((s) => s.traceId === start!.traceId);
}

const STATE_SPANS = ['State:NotifyCustomer', 'State:ProcessOrder', 'State:UpdateInventory'];

describe('tracing over OTLP/HTTP from the CLI', () => {
  const address = () => sharedSetting('devServerAddress');
  let collector: LoopbackServer;

  beforeAll(async () => {
    collector = await startLoopbackServer();
    collector.respond({ status: 200, body: '{}' });
  });
  afterAll(() => collector?.close());

  /** `run --tracing` of the example on the dev server, exporting to `endpoint`. */
  const tracedRun = (endpoint: string, extra: string[] = []) =>
    runCli(
      [
        'run',
        definition,
        '--input-file',
        inputFile,
        '--address',
        address(),
        '--tracing',
        '--otlp-endpoint',
        endpoint,
        '--json',
        ...extra,
      ],
      { timeoutMs: 120_000 },
    );

  it('run --tracing sends the execution, its Tasks and its states as one trace', async () => {
    const name = uniqueId('traced-run');
    const r = await tracedRun(collector.baseUrl, ['--name', name]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'SUCCEEDED' });
    expect(r.stderr).toContain(`exporting OpenTelemetry spans to ${collector.baseUrl}/v1/traces`);
    const spans = traceOf(receivedSpans(collector), name);
    const names = spans.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['RunWorkflow:stateMachine', 'RunActivity:runTask']));
    expect(names.filter((n) => n === 'RunActivity:runTask')).toHaveLength(3);
    expect(names.filter((n) => n.startsWith('State:')).sort()).toEqual(STATE_SPANS);
  }, 150_000);

  it('a worker with --otlp-endpoint traces executions that start --tracing asked for', async () => {
    const taskQueue = uniqueId('traced-worker');
    let worker: CliProcess | undefined;
    try {
      worker = await startCli(
        [
          'worker',
          '--address',
          address(),
          '--task-queue',
          taskQueue,
          '--handlers',
          join(example, 'handlers'),
          '--otlp-endpoint',
          collector.baseUrl,
        ],
        'Worker polling',
      );
      expect(worker.output()).toContain(`Traces go to ${collector.baseUrl}/v1/traces`);
      const name = uniqueId('traced-start');
      const at = ['--address', address()];
      const started = await runCli([
        'start',
        definition,
        '--input-file',
        inputFile,
        '--name',
        name,
        '--tracing',
        ...at,
        '--task-queue',
        taskQueue,
      ]);
      expect(started.code).toBe(0);
      // The worker batches spans and its shutdown flushes them, so it stops once the execution is done.
      let status = '';
      for (let i = 0; i < 40 && status !== 'SUCCEEDED'; i++) {
        const d = await runCli(['describe', name, '--json', ...at]);
        expect(d.code).toBe(0);
        status = (JSON.parse(d.stdout) as { status: string }).status;
        if (status !== 'SUCCEEDED') await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(status).toBe('SUCCEEDED');
      expect(await worker.stop()).toBe(0);
      worker = undefined;
      // start's own process has no tracer, so the worker's spans make the trace: find it by the workflow span.
      const spans = receivedSpans(collector);
      const run = spans.find(
        (s) =>
          s.name === 'RunWorkflow:stateMachine' &&
          // Workflow spans carry the workflow's info (workflowId, runId, ...) as attributes.
          s.attributes.some((a) => a.key === 'workflowId' && a.value.stringValue === name),
      );
      expect(run).toBeDefined();
      const trace = spans.filter((s) => s.traceId === run!.traceId);
      expect(
        trace
          .filter((s) => s.name.startsWith('State:'))
          .map((s) => s.name)
          .sort(),
      ).toEqual(STATE_SPANS);
    } finally {
      await worker?.stop();
    }
  }, 150_000);

  it('reports a collector it cannot reach once, and the execution still succeeds', async () => {
    const r = await tracedRun('http://127.0.0.1:1');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'SUCCEEDED' });
    const warnings = r.stderr.split('\n').filter((l) => l.includes('could not export trace spans'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('http://127.0.0.1:1/v1/traces');
  }, 150_000);

  it('refuses --otlp-endpoint without --tracing, and --tracing with --local, as usage errors', async () => {
    const endpointOnly = await runCli(['run', definition, '--local', '--otlp-endpoint', collector.baseUrl]);
    expect(endpointOnly.code).toBe(2);
    expect(endpointOnly.stderr).toContain('add --tracing');
    const local = await runCli(['run', definition, '--local', '--tracing']);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('drop --local');
  });
});
