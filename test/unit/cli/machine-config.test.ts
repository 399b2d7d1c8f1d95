import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../src/cli/inputs';
import { monitoringFromConfig, resolveMonitoring } from '../../../src/cli/machine-config';
import { tempDir } from '../../support/temp-dir';

/** The seed's "CloudWatch Logs Configuration" snippet, as written there. */
const SEED = {
  TracingConfig: { Enabled: true },
  LoggingConfig: {
    Level: 'ALL',
    IncludeExecutionData: true,
    Destinations: [
      {
        CloudWatchLogsLogGroup: {
          LogGroupArn: 'arn:aws:logs:REGION:ACCOUNT:log-group:/aws/vendedlogs/states/*',
        },
      },
    ],
  },
};

describe('the machine config (LoggingConfig and TracingConfig)', () => {
  it("reads the seed's snippet, a CloudFormation resource and CreateStateMachine's parameters alike", () => {
    const expected = {
      logging: { level: 'ALL', includeExecutionData: true },
      tracing: true,
      destinations: 1,
    };
    expect(monitoringFromConfig(SEED, 'seed.json')).toEqual(expected);
    const cfn = {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        StateMachineName: 'orders',
        RoleArn: 'arn:aws:iam::123456789012:role/sfn',
        TracingConfiguration: SEED.TracingConfig,
        LoggingConfiguration: SEED.LoggingConfig,
      },
    };
    expect(monitoringFromConfig(cfn, 'template.json')).toEqual(expected);
    const api = {
      name: 'orders',
      loggingConfiguration: { level: 'ERROR', includeExecutionData: false, destinations: [] },
      tracingConfiguration: { enabled: false },
    };
    expect(monitoringFromConfig(api, 'api.json')).toEqual({
      logging: { level: 'ERROR', includeExecutionData: false },
      tracing: false,
      destinations: 0,
    });
  });

  it('names the field and what it should be when a value is wrong', () => {
    const bad = (value: unknown) => () => monitoringFromConfig(value, 'm.json');
    expect(bad({ LoggingConfig: { Level: 'DEBUG' } })).toThrow(
      'The machine config m.json: LoggingConfig.Level must be ALL, ERROR, FATAL, OFF (got "DEBUG").',
    );
    expect(bad({ TracingConfig: { Enabled: 'yes' } })).toThrow(/TracingConfig.Enabled must be true or false/);
    expect(bad({ LogingConfig: {} })).toThrow(
      /"LogingConfig" must be LoggingConfig\(uration\), TracingConfig/,
    );
    expect(bad([])).toThrow(UsageError);
  });

  it('lets the command-line flags win over the file, and logs nothing at OFF', async () => {
    const file = join(tempDir('machine-config'), 'monitoring.yaml');
    writeFileSync(file, 'LoggingConfig:\n  Level: ERROR\nTracingConfig:\n  Enabled: true\n');
    await expect(resolveMonitoring({ machineConfig: file })).resolves.toEqual({
      logging: { level: 'ERROR', includeExecutionData: false },
      tracing: true,
      destinations: 0,
    });
    await expect(
      resolveMonitoring({ machineConfig: file, logLevel: 'OFF', includeExecutionData: true }),
    ).resolves.toEqual({ tracing: true, destinations: 0 });
    await expect(resolveMonitoring({})).resolves.toEqual({ tracing: false, destinations: 0 });
    await expect(resolveMonitoring({ machineConfig: join(file, '..', 'missing.json') })).rejects.toThrow(
      /Cannot read the machine config/,
    );
  });
});
