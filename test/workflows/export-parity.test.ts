/**
 * The patterns' parity cases, run through the exported golden workflows instead of the hand-written ones: the
 * failure and routing inputs of test/workflows/parity-*.test.ts, each compared with the generic workflow on the
 * same input (outcome with error and cause, calls, and trace).
 */
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Json } from '../../src/asl/types';
import { createWorker } from '../../src/worker';
import { workflowBundle } from '../../src/workflow-bundle';
import { resetAttempts } from '../../examples/retry-logic/handlers/process-payment';
import { loadExample } from '../support/parity';
import { exampleHandlers, timeSkippingEnv, uniqueId } from '../support/temporal';
import { exportedWorkflow, runBoth } from './export-support';

type Variant = (input: Record<string, Json>) => Json;
const simulate =
  (failures: number, error: string): Variant =>
  (order) => ({ ...order, simulate: { failures, error } });

/** Per example, the inputs of its parity test that take another path than input.json, and the error expected. */
const CASES: Record<string, readonly [label: string, variant: Variant, error?: string][]> = {
  'choice-logic': [
    ['express at 1000', (o) => ({ ...o, orderValue: 1000, orderType: 'express' })],
    ['a non-numeric orderValue', (o) => ({ ...o, orderValue: '5000' })],
    [
      'ExpressProcess throws',
      (o) => ({ ...o, orderValue: 80, orderType: 'express', destination: 'remote' }),
      'ExpressUnavailable',
    ],
  ],
  'error-catching': [
    ['TransactionFailure is caught', (t) => ({ ...t, amount: 5000 })],
    [
      'States.ALL to NotifySupport, then the Fail state',
      (t) => ({ ...t, currency: 'XTS' }),
      'TransactionNotProcessed',
    ],
    ['an error of the success path', (t) => ({ ...t, amount: 0 }), 'NothingToComplete'],
  ],
  'retry-logic': [
    ['two TransientErrors retried', simulate(2, 'TransientError')],
    ['ServiceException past MaxAttempts', simulate(10, 'ServiceException'), 'ServiceException'],
    ['an error no retrier names', (o) => ({ ...o, amount: 0 }), 'PaymentDeclined'],
    // One real 3 s timeout per run (activities are not skipped): the give-up case stays in parity-retry-logic.
    ['States.Timeout retried', simulate(1, 'Timeout')],
  ],
  'parallel-processing': [
    [
      'ProcessImages fails',
      (a) => ({ ...a, images: [{ key: 'uploads/broken.jpg', width: 0, height: 0 }] }),
      'InvalidImage',
    ],
    ['ProcessMetadata fails', (a) => ({ ...a, metadata: { title: '   ', tags: [] } }), 'InvalidMetadata'],
  ],
  'map-batch-processing': [
    ['an empty batch', () => ({ batch: { batchId: 'BATCH-0', items: [] } })],
    [
      'a failing item',
      () => ({
        batch: {
          batchId: 'BATCH-X',
          items: [
            { sku: 'BOOK-TS', quantity: 2, unitWeightKg: 0.6 },
            { sku: 'TEE-SFN', quantity: -1, unitWeightKg: 0.2 },
          ],
        },
      }),
      'InvalidItem',
    ],
  ],
  'input-output-processing': [
    ['a null id is a value', (r) => ({ rawData: { ...(r.rawData as object), id: null } })],
    ['$.rawData.id missing: States.Runtime in FormatData', () => ({ raw: { id: 'x' } }), 'States.Runtime'],
  ],
};

describe('the patterns parity cases through the exported workflows', () => {
  let env: TestWorkflowEnvironment;
  let code: string;

  beforeAll(async () => {
    env = await timeSkippingEnv();
    code = (await workflowBundle({ workflowFiles: Object.keys(CASES).map(exportedWorkflow) })).code;
  }, 180_000);
  afterAll(async () => {
    await env?.teardown();
  });

  it.each(Object.keys(CASES))(
    '%s: every parity input agrees with the interpreter',
    async (example) => {
      const { machine, input } = loadExample(example);
      const taskQueue = uniqueId(example);
      const worker = await createWorker({
        connection: env.nativeConnection,
        taskQueue,
        handlers: exampleHandlers(example),
        workflowBundle: { code },
      });
      await worker.runUntil(async () => {
        for (const [label, variant, error] of CASES[example]) {
          const runs = await runBoth(env, taskQueue, {
            machine,
            stateMachineName: example,
            input: variant(input as Record<string, Json>),
            // retry-logic's handler counts attempts per order in this process: each run starts from zero.
            beforeEach: resetAttempts,
          });
          expect({ label, outcome: runs.exported.outcome }).toMatchObject({
            label,
            outcome: error ? { status: 'FAILED', error } : { status: 'SUCCEEDED' },
          });
          expect(runs.exported).toEqual(runs.asl);
          expect(runs.traces[1]).toEqual(runs.traces[0]);
        }
      });
    },
    120_000,
  );
});
