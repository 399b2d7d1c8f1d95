import { ExecutionError, STATES_ERRORS } from '../asl/errors';
import { type Json } from '../asl/types';
import {
  type ItemReadPage,
  type ItemReadRequest,
  type ResultWriteOutcome,
  type ResultWriteRequest,
} from '../interpreter/item-io';
import { runMapBatch } from '../interpreter/map-batch';
import { withMocks } from '../interpreter/mocks';
import {
  type ChildBatchResult,
  type PoolOptions,
  type ChildMachineRequest,
  type ConcurrentTask,
  type Runtime,
  type TaskRequest,
} from '../interpreter/runtime';
import { runPool } from '../interpreter/pool';
import { BoundedTrace, type TraceEvent } from '../interpreter/trace';
import { VirtualClock } from './virtual-clock';

/** Runs one Task for the local runtime (local handlers, mocks, or real AWS calls). */
export type LocalTaskRunner = (request: TaskRequest) => Promise<Json>;

/** Options for {@link LocalRuntime}. */
export interface LocalRuntimeOptions {
  readonly runTask: LocalTaskRunner;
  /** The virtual clock's start, epoch ms (default: the real time at creation). */
  readonly startTime?: number;
  /** Seed for random() and uuid(), so runs repeat exactly. */
  readonly seed?: number;
  readonly traceCapacity?: number;
  /** Sees every trace event as it is recorded (the bounded trace keeps only the newest). */
  readonly onRecord?: (event: TraceEvent) => void;
  /** Reads a Distributed Map's ItemReader pages (e.g. `activityItemIO()`); without it an ItemReader fails. */
  readonly readItems?: (request: ItemReadRequest) => Promise<ItemReadPage>;
  /** Puts ResultWriter objects; without it a ResultWriter fails. */
  readonly writeResults?: (request: ResultWriteRequest) => Promise<ResultWriteOutcome>;
}

const HEX = '0123456789abcdef';

/** mulberry32: a small, fast, seedable PRNG. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The in-process runtime: a virtual clock, seeded randomness and an in-memory trace; no server needed. */
export class LocalRuntime implements Runtime {
  readonly trace: BoundedTrace;
  private readonly clock: VirtualClock;
  private readonly rand: () => number;

  constructor(private readonly options: LocalRuntimeOptions) {
    this.clock = new VirtualClock(options.startTime ?? Date.now());
    this.rand = seededRandom(options.seed ?? 0x5eed);
    this.trace = new BoundedTrace(options.traceCapacity);
  }

  runTask(request: TaskRequest): Promise<Json> {
    return this.clock.track(() => this.options.runTask(request));
  }

  sleep(ms: number): Promise<void> {
    return this.clock.sleep(ms);
  }

  now(): number {
    return this.clock.now();
  }

  random(): number {
    return this.rand();
  }

  uuid(): string {
    // 32 draws, one hex digit each (the 13th forced to 4, the 17th to 8-b), as before: seeded runs keep their ids.
    let s = '';
    for (let i = 0; i < 32; i += 1) {
      const digit = Math.floor(this.rand() * 16);
      if (i === 8 || i === 12 || i === 16 || i === 20) s += '-';
      s += HEX[i === 12 ? 4 : i === 16 ? (digit & 0x3) | 0x8 : digit];
    }
    return s;
  }

  /** Tokens are plain uuids in-process: nothing outside the process can answer them (mocks can). */
  taskToken(): string {
    return this.uuid();
  }

  record(event: TraceEvent): void {
    this.trace.add(event);
    this.options.onRecord?.(event);
  }

  all<T>(tasks: readonly ConcurrentTask<T>[], options: PoolOptions = {}): Promise<T[]> {
    // Running tasks cannot be stopped in-process: after a failure they finish unobserved.
    return runPool(tasks, options.limit, undefined, options.stop);
  }

  runChildMachine(request: ChildMachineRequest): Promise<ChildBatchResult> {
    if (request.batchWorkflow)
      return Promise.reject(
        new Error(
          `The Distributed Map '${request.stateName}' runs exported code in its batches, which are child ` +
            `workflows (${request.batchWorkflow}): run it on Temporal (asl-temporal run --workflow).`,
        ),
      );
    // In-process the batch's iterations simply run inline, on the same clock and (shared) mocks. As on AWS, where
    // each batch is a child execution, their events stay out of this execution's history.
    const child: Runtime = Object.create(this, {
      record: { value: (event: TraceEvent) => this.options.onRecord?.(event) },
    }) as LocalRuntime;
    const runtime: Runtime = request.mocker ? withMocks(child, request.mocker) : child;
    return runMapBatch(request, { runtime });
  }

  readItems(request: ItemReadRequest): Promise<ItemReadPage> {
    const read = this.options.readItems;
    if (!read) return Promise.reject(notConfigured(STATES_ERRORS.ItemReaderFailed, 'an ItemReader', request));
    return this.clock.track(() => read(request));
  }

  writeResults(request: ResultWriteRequest): Promise<ResultWriteOutcome> {
    const write = this.options.writeResults;
    if (!write)
      return Promise.reject(notConfigured(STATES_ERRORS.ResultWriterFailed, 'a ResultWriter', request));
    return this.clock.track(() => write(request));
  }
}

function notConfigured(
  error: string,
  field: string,
  request: { readonly stateName: string },
): ExecutionError {
  return new ExecutionError(
    error,
    `The Map '${request.stateName}' has ${field}, but this local run has no S3 access configured.`,
    true,
  );
}
