/**
 * Step Functions' TracingConfiguration on Temporal: OpenTelemetry spans for starting an execution, its workflow
 * tasks, its activities (Tasks) and, when the execution asks for tracing, each state (`workflows/state-spans.ts`).
 */
import { type TextMapPropagator } from '@opentelemetry/api';
import { globalErrorHandler, setGlobalErrorHandler } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { type ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { type WorkerOptions } from '@temporalio/worker';

/** What a worker and a client need to trace, and how to flush it. */
export interface Tracing {
  /** Interceptors (activities, and the workflow module bundled into the sandbox) and the workflow span sink. */
  readonly workerOptions: Required<Pick<WorkerOptions, 'interceptors' | 'sinks'>>;
  /** Client interceptors: starting an execution opens the trace its workflow and activities join. */
  readonly clientInterceptors: ClientInterceptors;
  /** Where the spans go, for messages. */
  readonly destination: string;
  /** Exports the spans still buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/** Options for {@link createTracing}. */
export interface TracingOptions {
  readonly exporter: SpanExporter;
  /** The OpenTelemetry `service.name` (default `asl-temporal`). */
  readonly serviceName?: string;
  /** Export each span at once instead of in batches (tests). */
  readonly immediate?: boolean;
  readonly destination?: string;
  /** A propagator other than W3C Trace Context (e.g. X-Ray's). */
  readonly propagator?: TextMapPropagator;
}

/**
 * Registers a process-wide tracer provider (the interceptors use the global OpenTelemetry API, with W3C trace
 * context propagated through Temporal headers) and returns the worker and client settings that export to it.
 */
export function createTracing(options: TracingOptions): Tracing {
  const resource = new Resource({ 'service.name': options.serviceName ?? 'asl-temporal' });
  const processor: SpanProcessor = options.immediate
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(options.exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register(options.propagator ? { propagator: options.propagator } : {});
  return {
    workerOptions: {
      interceptors: {
        workflowModules: [
          require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
        ],
        activity: [
          (ctx) => ({
            inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
            outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
          }),
        ],
      },
      // Workflow code cannot do I/O: its spans (the states' among them) leave the sandbox through this sink.
      sinks: { exporter: makeWorkflowExporter(processor, resource) },
    },
    clientInterceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] },
    destination: options.destination ?? 'the configured exporter',
    // A flush that cannot reach the collector is reported like any export failure, never thrown at the caller.
    shutdown: () => provider.shutdown().catch((err: unknown) => globalErrorHandler(err as Error)),
  };
}

/**
 * The OTLP/HTTP traces URL to export to: the given endpoint, else OpenTelemetry's standard environment variables;
 * undefined when none is set (tracing off). A base URL gets OTLP's `/v1/traces` path.
 */
export function otlpTracesUrl(
  endpoint: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (endpoint === undefined && env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
    return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = endpoint ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (base === undefined || base === '') return undefined;
  return /\/v1\/traces\/?$/.test(base) ? base : `${base.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Tracing that exports over OTLP/HTTP (JSON) to `url`: an OpenTelemetry Collector, Jaeger, Grafana Tempo, or the
 * AWS Distro for OpenTelemetry collector for X-Ray. Export failures are reported once on stderr, not thrown.
 */
export function otlpTracing(url: string, serviceName?: string): Tracing {
  let warned = false;
  setGlobalErrorHandler((err) => {
    if (warned) return;
    warned = true;
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(
      `[asl-temporal] could not export trace spans to ${url}: ${message}. ` +
        'Start an OTLP collector there (e.g. Jaeger with OTLP on port 4318) or change --otlp-endpoint.\n',
    );
  });
  return createTracing({
    exporter: new OTLPTraceExporter({ url }),
    serviceName,
    destination: url,
  });
}

/** A worker's tracing: OTLP to the given endpoint or the environment's, or none when neither is set. */
export function workerTracing(endpoint: string | undefined): Tracing | undefined {
  const url = otlpTracesUrl(endpoint);
  return url === undefined ? undefined : otlpTracing(url);
}
