import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../src/cli/inputs';
import { runExecution } from '../../../src/cli/run';
import { tempDir } from '../../support/temp-dir';

const example = join(__dirname, '..', '..', '..', 'examples', 'sequential-processing');
const definition = join(example, 'definition.asl.json');

describe('asl-temporal run --local', () => {
  it('runs the example definition with its local handlers to the expected output', async () => {
    const outcome = await runExecution(definition, { inputFile: join(example, 'input.json'), local: true });
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: JSON.parse(readFileSync(join(example, 'expected-output.json'), 'utf8')),
    });
  });

  it("reports a handler's error as the execution's error and cause", async () => {
    const outcome = await runExecution(definition, { input: '{"orderId": "X", "items": []}', local: true });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'InvalidOrder' });
    expect(JSON.parse((outcome as { cause: string }).cause)).toMatchObject({
      errorMessage: 'Order X has no items.',
    });
  });

  it('answers Task states from an AWS Step Functions Local mock config', async () => {
    const dir = tempDir('mock');
    const mockConfig = join(dir, 'mocks.json');
    writeFileSync(
      mockConfig,
      JSON.stringify({
        StateMachines: {
          'sequential-processing': {
            TestCases: { Outage: { ProcessOrder: 'Down', UpdateInventory: 'Ok', NotifyCustomer: 'Ok' } },
          },
        },
        MockedResponses: {
          Down: {
            '0-1': { Throw: { Error: 'TransientError', Cause: 'flaky' } },
            '2': { Return: { recovered: true } },
          },
          Ok: { '0': { Return: { done: true } } },
        },
      }),
    );
    const outcome = await runExecution(definition, { local: true, mockConfig, testCase: 'Outage' });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { done: true } });
  });

  it('uses a mock-config.json beside the definition (test case default) unless told not to', async () => {
    const dir = tempDir('beside');
    const file = join(dir, 'definition.asl.json');
    writeFileSync(
      file,
      JSON.stringify({
        StartAt: 'Call',
        States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::apigateway:invoke', End: true } },
      }),
    );
    const name = dir.split('/').pop()!;
    writeFileSync(
      join(dir, 'mock-config.json'),
      JSON.stringify({
        StateMachines: { [name]: { TestCases: { default: { Call: 'Ok' } } } },
        MockedResponses: { Ok: { '0': { Return: { StatusCode: 200, ResponseBody: { id: 7 } } } } },
      }),
    );
    await expect(runExecution(file, { local: true })).resolves.toEqual({
      status: 'SUCCEEDED',
      output: { StatusCode: 200, ResponseBody: { id: 7 } },
    });
    // Without the mocks the Task really runs, and with no ApiEndpoint it fails with a located error.
    await expect(runExecution(file, { local: true, mockConfig: false })).resolves.toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
    });
  });

  it('refuses bad input with a usage error that says what is wrong', async () => {
    await expect(runExecution(definition, { input: '{bad', local: true })).rejects.toThrow(UsageError);
    await expect(runExecution(join(example, 'missing.json'), { local: true })).rejects.toThrow(
      /Cannot read the definition/,
    );
    const dir = tempDir('bad');
    const broken = join(dir, 'broken.asl.json');
    writeFileSync(broken, JSON.stringify({ StartAt: 'Nowhere', States: {} }));
    await expect(runExecution(broken, { local: true })).rejects.toThrow(/is not a valid state machine/);
  });

  it('logs the events a LoggingConfiguration level asks for to stderr, without a worker', async () => {
    const lines: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      const input = '{"orderId": "X", "items": []}';
      await runExecution(definition, { input, local: true, logLevel: 'ERROR', name: 'logged' });
      await runExecution(definition, { input, local: true, logLevel: 'ALL', includeExecutionData: true });
    } finally {
      write.mockRestore();
    }
    const records = lines
      .filter((l) => l.startsWith('[execution '))
      .map(
        (l) =>
          JSON.parse(l.slice(l.indexOf('{'))) as { type: string; execution_arn: string; details: object },
      );
    const errorLevel = records.filter((r) => r.execution_arn.endsWith(':logged'));
    // ERROR keeps only failures: the Lambda's failure and the execution's.
    expect(errorLevel.map((r) => r.type)).toEqual(['LambdaFunctionFailed', 'ExecutionFailed']);
    const all = records.filter((r) => !r.execution_arn.endsWith(':logged'));
    expect(all[0]).toMatchObject({
      type: 'ExecutionStarted',
      details: { input: '{"orderId":"X","items":[]}' },
    });
    expect(all.map((r) => r.type)).toContain('TaskStateEntered');
  });

  it("takes LoggingConfig from a machine config file such as the seed's snippet", async () => {
    const file = join(tempDir('monitoring'), 'monitoring.json');
    writeFileSync(
      file,
      JSON.stringify({
        TracingConfig: { Enabled: true },
        LoggingConfig: { Level: 'FATAL', IncludeExecutionData: false, Destinations: [{}] },
      }),
    );
    const lines: string[] = [];
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      await runExecution(definition, {
        input: '{"orderId": "X", "items": []}',
        local: true,
        machineConfig: file,
      });
    } finally {
      write.mockRestore();
    }
    const records = lines.filter((l) => l.startsWith('[execution '));
    expect(records).toHaveLength(1);
    expect(records[0]).toContain('"type":"ExecutionFailed"');
    expect(records[0]).not.toContain('Order X has no items');
    expect(lines.join('')).toContain('not to CloudWatch Logs');
    expect(lines.join('')).toContain('--local runs have no worker to trace');
  });
});
