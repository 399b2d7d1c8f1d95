import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type Json, type State, type StateMachine } from '../../src/asl/types';
import { DISTRIBUTED_BATCH_SIZE } from '../../src/interpreter/states/distributed-map';
import { type MachineWorker, startMachineWorker } from '../support/machine-worker';
import { runChain } from '../support/temporal';

// moto's endpoint is an IP address: the test's own client addresses buckets by path.
const s3 = new S3Client({ endpoint: process.env.AWS_ENDPOINT_URL, forcePathStyle: true });
const bucket = `dmap-files-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

async function getText(key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body ? out.Body.transformToString() : '';
}

const ITEMS = 250;
const BATCHES = Math.ceil(ITEMS / DISTRIBUTED_BATCH_SIZE);
/** Marks every iteration's output, so the test can look for outputs in the parent's history. */
const MARK = 'iteration-output-marker';

/** A DISTRIBUTED Map over `$.values` that fails item 7 and marks the others' outputs, writing its results to S3. */
function writerMap(writer: Json): StateMachine {
  return {
    StartAt: 'Items',
    States: {
      Items: {
        Type: 'Map',
        ItemsPath: '$.values',
        ToleratedFailureCount: 1,
        // One batch at a time, so that the Map Run can pause between batches.
        MaxConcurrency: DISTRIBUTED_BATCH_SIZE,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Check',
          States: {
            Check: {
              Type: 'Choice',
              Choices: [{ Variable: '$', NumericEquals: 7, Next: 'Broke' }],
              Default: 'Mark',
            },
            Broke: { Type: 'Fail', Error: 'ItemBroke', Cause: 'item 7 broke' },
            Mark: { Type: 'Pass', Parameters: { 'n.$': '$', mark: MARK }, End: true },
          },
        },
        ResultWriter: writer,
        End: true,
      } as unknown as State,
    },
  };
}

interface ManifestFile {
  readonly Key: string;
  readonly Size: number;
}

describe('a DISTRIBUTED Map with a ResultWriter: each batch exports its own items (moto)', () => {
  let machines: MachineWorker;
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    machines = await startMachineWorker({ name: 'files', server: 'time-skipping' });
  });
  afterAll(() => machines?.stop());

  it(`writes one file per batch and status for ${ITEMS} items, keeps outputs out of the parent, and survives continue-as-new`, async () => {
    const definition = writerMap({
      Resource: 'arn:aws:states:::s3:putObject',
      Parameters: { Bucket: bucket, Prefix: 'batches' },
    });
    const values = Array.from({ length: ITEMS }, (_, i) => i);
    const handle = await machines.start(definition, { values }, { continueAsNewAfterEvents: 12 });
    const output = (await handle.result()) as { MapRunArn: string; ResultWriterDetails: { Key: string } };
    const runId = /:([0-9a-f-]{36})$/.exec(output.MapRunArn)?.[1] ?? '';
    expect(output.ResultWriterDetails.Key).toBe(`batches/${runId}/manifest.json`);

    const manifest = JSON.parse(await getText(output.ResultWriterDetails.Key)) as {
      ResultFiles: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', ManifestFile[]>;
    };
    const keys = (files: ManifestFile[]) => files.map((f) => f.Key.replace(`batches/${runId}/`, ''));
    expect(keys(manifest.ResultFiles.SUCCEEDED)).toEqual(
      Array.from({ length: BATCHES }, (_, b) => `SUCCEEDED_${b}.json`),
    );
    expect(keys(manifest.ResultFiles.FAILED)).toEqual(['FAILED_0.json']);
    expect(manifest.ResultFiles.PENDING).toEqual([]);

    // Every item once, in item order across the batches' files, with its own input and output.
    const succeeded: { Input: string; Output: string; Status: string }[] = [];
    for (const file of manifest.ResultFiles.SUCCEEDED) {
      const text = await getText(file.Key);
      expect(Buffer.byteLength(text)).toBe(file.Size);
      succeeded.push(...(JSON.parse(text) as typeof succeeded));
    }
    expect(succeeded.map((e) => JSON.parse(e.Input) as number)).toEqual(values.filter((v) => v !== 7));
    expect(succeeded.every((e) => e.Status === 'SUCCEEDED')).toBe(true);
    expect(JSON.parse(succeeded[0]?.Output ?? 'null')).toEqual({ n: 0, mark: MARK });
    const failed = JSON.parse(await getText(manifest.ResultFiles.FAILED[0]?.Key ?? '')) as Json[];
    expect(failed).toEqual([
      expect.objectContaining({ Error: 'ItemBroke', Cause: 'item 7 broke', Input: '7', Status: 'FAILED' }),
    ]);

    // The parent's runs: more than one, and no iteration output anywhere in them.
    const runs = await runChain(machines.env.client, handle.workflowId, handle.firstExecutionRunId);
    expect(runs.length).toBeGreaterThan(1);
    for (const events of runs) {
      for (const event of events) {
        // The children's inputs hold the processor, whose Parameters name the marker; their results and the
        // parent's own activities (the manifest) must not hold any output.
        const payloads = [
          ...(event.childWorkflowExecutionCompletedEventAttributes?.result?.payloads ?? []),
          ...(event.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
          ...(event.activityTaskCompletedEventAttributes?.result?.payloads ?? []),
        ];
        for (const payload of payloads)
          expect(Buffer.from(payload.data ?? []).toString()).not.toContain(MARK);
      }
    }
  });

  it('with WriterConfig COMPACT, the batches write only the outputs', async () => {
    const definition = writerMap({
      Resource: 'arn:aws:states:::s3:putObject',
      Parameters: { Bucket: bucket, Prefix: 'compact' },
      WriterConfig: { OutputType: 'JSON', Transformation: 'COMPACT' },
    });
    const values = Array.from({ length: 120 }, (_, i) => i);
    const output = (await machines.execute(definition, { values })) as {
      ResultWriterDetails: { Key: string };
    };
    const manifest = JSON.parse(await getText(output.ResultWriterDetails.Key)) as {
      ResultFiles: Record<'SUCCEEDED', ManifestFile[]>;
    };
    const outputs: Json[] = [];
    for (const file of manifest.ResultFiles.SUCCEEDED)
      outputs.push(...(JSON.parse(await getText(file.Key)) as Json[]));
    expect(outputs).toEqual(values.filter((v) => v !== 7).map((n) => ({ n, mark: MARK })));
  });
});
