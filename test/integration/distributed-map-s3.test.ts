import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type Json, type State, type StateMachine } from '../../src/asl/types';
import { activityItemIO } from '../../src/runtimes/activity-items';
import { runLocally } from '../../src/runtimes/run-local';
import { failureOf, type MachineWorker, startMachineWorker } from '../support/machine-worker';

// moto's endpoint is an IP address: the test's own client addresses buckets by path.
const s3 = new S3Client({ endpoint: process.env.AWS_ENDPOINT_URL, forcePathStyle: true });
const bucket = `dmap-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6)}`;

async function put(key: string, body: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

async function getText(key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body ? out.Body.transformToString() : '';
}

/** An item processor: its first state and its states. */
interface Processor {
  readonly startAt: string;
  readonly states: Record<string, State>;
}

/** A DISTRIBUTED Map over what `reader` reads, whose processor passes each item through unless given. */
function readerMap(reader: Json, extra: Record<string, Json> = {}, processor?: Processor): StateMachine {
  return {
    StartAt: 'Items',
    States: {
      Items: {
        Type: 'Map',
        ItemReader: reader,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: processor?.startAt ?? 'Echo',
          States: processor?.states ?? { Echo: { Type: 'Pass', End: true } },
        },
        End: true,
        ...extra,
      } as unknown as State,
    },
  };
}

function getObject(key: string, config: Json): Json {
  return {
    Resource: 'arn:aws:states:::s3:getObject',
    ReaderConfig: config,
    Parameters: { Bucket: bucket, Key: key },
  };
}

describe('a DISTRIBUTED Map reading items from S3 and writing results to S3 (moto)', () => {
  let machines: MachineWorker;
  beforeAll(async () => {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    machines = await startMachineWorker({ name: 'reader', server: 'time-skipping' });
  });
  afterAll(() => machines?.stop());

  const run = (definition: StateMachine, input: Json = {}) => machines.execute(definition, input);

  it('iterates over the elements of a JSON array object, through ItemSelector', async () => {
    await put('json/items.json', JSON.stringify([{ id: 1 }, { id: 2 }, { id: 3 }]));
    const output = await run(
      readerMap(getObject('json/items.json', { InputType: 'JSON' }), {
        ItemSelector: { 'index.$': '$$.Map.Item.Index', 'item.$': '$$.Map.Item.Value' },
      }),
    );
    expect(output).toEqual([
      { index: 0, item: { id: 1 } },
      { index: 1, item: { id: 2 } },
      { index: 2, item: { id: 3 } },
    ]);
  });

  it('reads one item per line of a JSON Lines object, skipping blank lines', async () => {
    await put('jsonl/items.jsonl', '{"a":1}\n{"a":2}\n\n{"a":[3]}\n');
    expect(await run(readerMap(getObject('jsonl/items.jsonl', { InputType: 'JSONL' })))).toEqual([
      { a: 1 },
      { a: 2 },
      { a: [3] },
    ]);
  });

  it('reads CSV with the header in the first row, every value a string, quotes and doubled quotes honoured', async () => {
    await put('csv/first-row.csv', 'name,qty,note\n"Smith, J",3,"say ""hi"""\nDoe,4\nRoe,5,x,extra\n');
    const reader = getObject('csv/first-row.csv', { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' });
    expect(await run(readerMap(reader))).toEqual([
      { name: 'Smith, J', qty: '3', note: 'say "hi"' },
      { name: 'Doe', qty: '4', note: '' },
      { name: 'Roe', qty: '5', note: 'x' },
    ]);
  });

  it('reads CSV with GIVEN headers and a PIPE delimiter', async () => {
    await put('csv/given.psv', '1|307|3.5\n1|481|3.5\n');
    const reader = getObject('csv/given.psv', {
      InputType: 'CSV',
      CSVHeaderLocation: 'GIVEN',
      CSVHeaders: ['userId', 'movieId', 'rating'],
      CSVDelimiter: 'PIPE',
    });
    expect(await run(readerMap(reader))).toEqual([
      { userId: '1', movieId: '307', rating: '3.5' },
      { userId: '1', movieId: '481', rating: '3.5' },
    ]);
  });

  it('lists the objects under a Prefix (from a .$ parameter) as AWS gives them', async () => {
    await put('list/a.txt', 'aaa');
    await put('list/b.txt', 'bbbbb');
    await put('other/c.txt', 'c');
    const reader = {
      Resource: 'arn:aws:states:::s3:listObjectsV2',
      Parameters: { Bucket: bucket, 'Prefix.$': '$.prefix' },
    };
    const output = await run(readerMap(reader), { prefix: 'list/' });
    const entry = (Key: string, Size: number) => ({
      Etag: expect.stringMatching(/^"[0-9a-f]{32}"$/) as unknown,
      Key,
      LastModified: expect.any(Number) as unknown,
      Size,
      StorageClass: 'STANDARD',
    });
    expect(output).toEqual([entry('list/a.txt', 3), entry('list/b.txt', 5)]);
    const seconds = (output as { LastModified: number }[])[0].LastModified;
    expect(Math.abs(seconds - Date.now() / 1000)).toBeLessThan(3600);
  });

  it('stops after MaxItems, and reads with JSONata Arguments and MaxItems', async () => {
    await put('max/items.json', JSON.stringify([1, 2, 3, 4, 5]));
    const jsonPath = await run(readerMap(getObject('max/items.json', { InputType: 'JSON', MaxItems: 2 })));
    expect(jsonPath).toEqual([1, 2]);
    const jsonata: StateMachine = {
      QueryLanguage: 'JSONata',
      ...readerMap({
        Resource: 'arn:aws:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSON', MaxItems: '{% $states.input.max %}' },
        Arguments: { Bucket: bucket, Key: '{% $states.input.key %}' },
      }),
    };
    expect(await run(jsonata, { key: 'max/items.json', max: 3 })).toEqual([1, 2, 3]);
  });

  it('fails the Map with States.ItemReaderFailed naming the object when it is not valid JSON', async () => {
    await put('bad/items.json', '[{"id": 1}, {"id": ');
    const failure = await failureOf(run(readerMap(getObject('bad/items.json', { InputType: 'JSON' }))));
    expect(failure.type).toBe('States.ItemReaderFailed');
    expect(failure.message).toContain(`s3://${bucket}/bad/items.json`);
    expect(failure.message).toContain('not valid JSON');
  });

  it('fails with States.ItemReaderFailed when the object does not exist', async () => {
    const failure = await failureOf(run(readerMap(getObject('missing.json', { InputType: 'JSON' }))));
    expect(failure.type).toBe('States.ItemReaderFailed');
    expect(failure.message).toContain(`s3://${bucket}/missing.json`);
    expect(failure.message).toContain('NoSuchKey');
  });

  it('exports the Map Run to S3 with ResultWriter: manifest, SUCCEEDED and FAILED files, and returns their location', async () => {
    await put('writer/items.json', JSON.stringify([{ n: 1 }, { n: 2, fail: true }, { n: 3 }]));
    const processor: Processor = {
      startAt: 'Check',
      states: {
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$.fail', IsPresent: true, Next: 'Broke' }],
          Default: 'Double',
        },
        Broke: { Type: 'Fail', Error: 'ItemBroke', Cause: 'item 2 broke' },
        Double: {
          Type: 'Pass',
          Parameters: { 'n.$': '$.n', 'twice.$': 'States.MathAdd($.n, $.n)' },
          End: true,
        },
      },
    };
    const definition = readerMap(
      getObject('writer/items.json', { InputType: 'JSON' }),
      {
        ToleratedFailureCount: 1,
        ResultWriter: {
          Resource: 'arn:aws:states:::s3:putObject',
          Parameters: { Bucket: bucket, 'Prefix.$': '$.prefix' },
        },
      },
      processor,
    );
    const output = (await run(definition, { prefix: 'runs' })) as {
      MapRunArn: string;
      ResultWriterDetails: { Bucket: string; Key: string };
    };

    const runId = /:([0-9a-f-]{36})$/.exec(output.MapRunArn)?.[1] ?? '';
    expect(output).toEqual({
      MapRunArn: `arn:aws:states:us-east-1:123456789012:mapRun:reader/Items:${runId}`,
      ResultWriterDetails: { Bucket: bucket, Key: `runs/${runId}/manifest.json` },
    });

    const succeededText = await getText(`runs/${runId}/SUCCEEDED_0.json`);
    const failedText = await getText(`runs/${runId}/FAILED_0.json`);
    const manifest = JSON.parse(await getText(output.ResultWriterDetails.Key)) as Json;
    expect(manifest).toEqual({
      DestinationBucket: bucket,
      MapRunArn: output.MapRunArn,
      ResultFiles: {
        FAILED: [{ Key: `runs/${runId}/FAILED_0.json`, Size: Buffer.byteLength(failedText) }],
        PENDING: [],
        SUCCEEDED: [{ Key: `runs/${runId}/SUCCEEDED_0.json`, Size: Buffer.byteLength(succeededText) }],
      },
    });

    const childMachine = 'arn:aws:states:us-east-1:123456789012:stateMachine:reader/Items';
    const uuid = expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown;
    const iso = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown;
    const succeeded = JSON.parse(succeededText) as { Name: string; ExecutionArn: string }[];
    const success = (n: number) => ({
      ExecutionArn: expect.stringMatching(
        /^arn:aws:states:us-east-1:123456789012:execution:reader\/Items:/,
      ) as unknown,
      Input: JSON.stringify({ n }),
      InputDetails: { Included: true },
      Name: uuid,
      Output: JSON.stringify({ n, twice: 2 * n }),
      OutputDetails: { Included: true },
      RedriveCount: 0,
      RedriveStatus: 'NOT_REDRIVABLE',
      RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
      StartDate: iso,
      StateMachineArn: childMachine,
      Status: 'SUCCEEDED',
      StopDate: iso,
    });
    expect(succeeded).toEqual([success(1), success(3)]);
    for (const entry of succeeded) expect(entry.ExecutionArn.endsWith(`:${entry.Name}`)).toBe(true);

    expect(JSON.parse(failedText)).toEqual([
      {
        Cause: 'item 2 broke',
        Error: 'ItemBroke',
        ExecutionArn: expect.stringMatching(
          /^arn:aws:states:us-east-1:123456789012:execution:reader\/Items:/,
        ) as unknown,
        Input: JSON.stringify({ n: 2, fail: true }),
        InputDetails: { Included: true },
        Name: uuid,
        RedriveCount: 0,
        RedriveStatus: 'REDRIVABLE_BY_MAP_RUN',
        StartDate: iso,
        StateMachineArn: childMachine,
        Status: 'FAILED',
        StopDate: iso,
      },
    ]);
  });

  it('reads a JSON object in-process through runLocally, page after page', async () => {
    const values = Array.from({ length: 2_500 }, (_, i) => ({ i }));
    await put('local/items.json', JSON.stringify(values));
    const { result } = await runLocally(
      readerMap(getObject('local/items.json', { InputType: 'JSON' }), {
        ItemSelector: { 'i.$': '$$.Map.Item.Value.i' },
      }),
      {},
      activityItemIO(),
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.status === 'SUCCEEDED' && result.output).toEqual(values);
  });
});
