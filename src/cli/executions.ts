/**
 * `start`, `describe`, `history` and `stop`: Step Functions' execution API on a Temporal cluster, through
 * StateMachineClient. The execution name is the Temporal workflow id.
 */
import { randomUUID } from 'node:crypto';
import { type Command, Option } from 'commander';
import { type ExecutionStatus, StateMachineClient } from '../client/state-machine-client';
import { awsEventNamer } from '../interpreter/execution-log';
import { type TraceEvent } from '../interpreter/trace';
import { DEFAULT_TASK_QUEUE } from '../worker';
import { type ClusterCliOptions, connect, withClusterOptions } from './cluster';
import { resolveMonitoring, type MonitoringFlags } from './machine-config';
import { executionInput, loadDefinition } from './inputs';

interface CommonOptions extends ClusterCliOptions {
  readonly json?: boolean;
  readonly taskQueue?: string;
}

async function withClient<T>(
  options: CommonOptions,
  work: (client: StateMachineClient) => Promise<T>,
): Promise<T> {
  const cluster = await connect(options);
  try {
    return await work(new StateMachineClient(cluster.client, options.taskQueue ?? DEFAULT_TASK_QUEUE));
  } finally {
    await cluster.close();
  }
}

function print(json: boolean | undefined, value: unknown, human: string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human}\n`);
}

/** One history event as a table row: id, type (`type`, Step Functions' name), state, and a short detail. */
function row(event: TraceEvent, type: string): string {
  const detail =
    event.error !== undefined
      ? `${event.error}: ${event.cause ?? ''}`
      : event.output !== undefined
        ? JSON.stringify(event.output)
        : event.input !== undefined
          ? JSON.stringify(event.input)
          : '';
  return `${String(event.id ?? '').padStart(5)}  ${type.padEnd(26)} ${(event.state ?? '').padEnd(24)} ${detail.slice(0, 80)}`;
}

/** Adds the execution commands to a program. */
export function register(program: Command): void {
  withClusterOptions(
    program
      .command('start')
      .description('Start an execution and return at once with its name (a worker must be running).')
      .argument('<definition>', 'the definition file')
      .option('--input <json>', 'the execution input, as JSON text (default {})')
      .option('--input-file <file>', 'read the execution input from a JSON file')
      .option('--name <name>', 'the execution name; the same name and input return the same execution')
      .option('--substitute <Name=Value...>', 'definition substitutions for ${Name} placeholders')
      .option('--task-queue <name>', 'the task queue the workers poll', DEFAULT_TASK_QUEUE)
      .addOption(
        new Option('--log-level <level>', "the worker logs the execution's events at this level").choices([
          'ALL',
          'ERROR',
          'FATAL',
          'OFF',
        ]),
      )
      .option('--include-execution-data', 'with --log-level, include inputs, outputs and causes in the log')
      .option(
        '--tracing',
        'trace the execution (TracingConfig): workers started with --otlp-endpoint add state spans',
      )
      .option(
        '--machine-config <file>',
        "the machine's LoggingConfig and TracingConfig, as JSON/YAML (flags win)",
      )
      .option('--json', 'print {"name", "runId", "started"} as JSON'),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ asl-temporal start order.asl.json --input \'{"orderId": "42"}\' --name order-42',
    )
    .action(
      async (
        definition: string,
        options: CommonOptions &
          MonitoringFlags & { input?: string; inputFile?: string; name?: string; substitute?: string[] },
      ) => {
        const imported = await loadDefinition(definition, options.substitute);
        const input = await executionInput(options);
        const monitoring = await resolveMonitoring(options);
        const result = await withClient(options, (client) =>
          client.startExecution({
            machine: imported.machine,
            stateMachineName: imported.name,
            name: options.name ?? randomUUID(),
            input,
            ...(monitoring.tracing ? { tracing: true } : {}),
            ...(monitoring.logging ? { logging: monitoring.logging } : {}),
          }),
        );
        print(
          options.json,
          result,
          `${result.started ? 'Started' : 'Already running or done'}: ${result.name}`,
        );
      },
    );

  withClusterOptions(
    program
      .command('describe')
      .description('Show an execution: status, input, output or error and cause, start and stop dates.')
      .argument('<name>', 'the execution name')
      .option('--json', 'print the description as JSON'),
  )
    .addHelpText('after', '\nExample:\n  $ asl-temporal describe order-42 --json')
    .action(async (name: string, options: CommonOptions) => {
      const d = await withClient(options, (client) => client.describeExecution(name));
      const outcome =
        d.status === 'SUCCEEDED'
          ? `output: ${JSON.stringify(d.output)}`
          : d.error || d.cause
            ? `error: ${d.error ?? ''}\ncause: ${d.cause ?? ''}`
            : '';
      print(
        options.json,
        d,
        `${d.name} (${d.stateMachineName}): ${d.status}\nstarted: ${d.startDate.toISOString()}` +
          `${d.stopDate ? `\nstopped: ${d.stopDate.toISOString()}` : ''}\ninput: ${JSON.stringify(d.input)}${outcome ? `\n${outcome}` : ''}`,
      );
      process.exitCode = d.status === 'FAILED' || d.status === 'TIMED_OUT' || d.status === 'ABORTED' ? 1 : 0;
    });

  withClusterOptions(
    program
      .command('history')
      .description("Show an execution's Step Functions-style events (a worker must be running to answer).")
      .argument('<name>', 'the execution name')
      .option('--json', 'print {"events": [...], "dropped": n} as JSON'),
  )
    .addHelpText('after', '\nExample:\n  $ asl-temporal history order-42')
    .action(async (name: string, options: CommonOptions) => {
      const history = await withClient(options, (client) => client.getExecutionHistory(name));
      const note = history.dropped > 0 ? `\n(${history.dropped} older events not kept)` : '';
      const nameOf = awsEventNamer();
      const table = history.events.map((e) => row(e, nameOf(e))).join('\n');
      print(options.json, history, `${table}${note}`);
    });

  withClusterOptions(
    program
      .command('stop')
      .description('Stop a running execution (ABORTED), as StopExecution does.')
      .argument('<name>', 'the execution name')
      .option('--error <code>', 'the error to record')
      .option('--cause <text>', 'the cause to record')
      .option('--json', 'print {"stopDate"} as JSON'),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ asl-temporal stop order-42 --error Operator.Cancel --cause "customer called"',
    )
    .action(async (name: string, options: CommonOptions & { error?: string; cause?: string }) => {
      const result = await withClient(options, (client) => client.stopExecution(name, options));
      print(options.json, result, `Stopped ${name} at ${result.stopDate.toISOString()}`);
    });
}

/** Adds the `list` command to a program (kept apart so `register` stays readable). */
export function registerList(program: Command): void {
  withClusterOptions(
    program
      .command('list')
      .description('List executions, newest first, by state machine and status.')
      .option('--state-machine <name>', 'only executions of this state machine')
      .addOption(
        new Option('--status <status>', 'only executions in this status').choices([
          'RUNNING',
          'SUCCEEDED',
          'FAILED',
          'TIMED_OUT',
          'ABORTED',
        ]),
      )
      .option('--limit <n>', 'at most this many', '100')
      .option('--json', 'print the list as JSON'),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ asl-temporal list --state-machine sequential-processing --status FAILED',
    )
    .action(
      async (options: CommonOptions & { stateMachine?: string; status?: ExecutionStatus; limit: string }) => {
        const executions = await withClient(options, (client) =>
          client.listExecutions({
            stateMachineName: options.stateMachine,
            status: options.status,
            limit: Number(options.limit),
          }),
        );
        print(
          options.json,
          executions,
          executions
            .map(
              (e) =>
                `${e.status.padEnd(10)} ${e.startDate.toISOString()}  ${e.stateMachineName.padEnd(28)} ${e.name}`,
            )
            .join('\n') || 'No executions.',
        );
      },
    );
}
