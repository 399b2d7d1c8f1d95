/**
 * `send-task-success`, `send-task-failure` and `send-task-heartbeat`: answer a `.waitForTaskToken` Task from outside,
 * as the Step Functions API calls of the same names do.
 */
import { type Command } from 'commander';
import { StateMachineClient } from '../client/state-machine-client';
import { TaskTokenError, taskTokenHint } from '../client/task-tokens';
import { type ClusterCliOptions, connect, withClusterOptions } from './cluster';
import { readText } from './inputs';

type Send = (client: StateMachineClient) => Promise<void>;

/** Sends one answer; a refusal (InvalidToken, TaskDoesNotExist, TaskTimedOut, InvalidOutput) exits 1 with a hint. */
async function send(options: ClusterCliOptions, what: string, action: Send): Promise<void> {
  const cluster = await connect(options);
  try {
    await action(new StateMachineClient(cluster.client));
    process.stderr.write(`${what} delivered.\n`);
  } catch (err) {
    if (!(err instanceof TaskTokenError)) throw err;
    process.stderr.write(`asl-temporal: ${taskTokenHint(err)}\n`);
    process.exitCode = 1;
  } finally {
    await cluster.close();
  }
}

/** Adds the three send-task commands to a program. */
export function register(program: Command): void {
  withClusterOptions(
    program
      .command('send-task-success')
      .description('Complete the Task waiting on a task token with an output, as SendTaskSuccess.')
      .requiredOption('--task-token <token>', 'the token the Task handed out ($$.Task.Token)')
      .option('--task-output <json>', 'the Task result, as JSON text (default {})')
      .option('--task-output-file <file>', 'read the Task result from a JSON file'),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ asl-temporal send-task-success --task-token "$TOKEN" --task-output \'{"approved": true}\'',
    )
    .action(
      async (
        options: ClusterCliOptions & { taskToken: string; taskOutput?: string; taskOutputFile?: string },
      ) => {
        const output = options.taskOutputFile
          ? await readText(options.taskOutputFile, 'task output file')
          : (options.taskOutput ?? '{}');
        await send(options, 'Task success', (client) => client.sendTaskSuccess(options.taskToken, output));
      },
    );

  withClusterOptions(
    program
      .command('send-task-failure')
      .description('Fail the Task waiting on a task token with an error and cause, as SendTaskFailure.')
      .requiredOption('--task-token <token>', 'the token the Task handed out ($$.Task.Token)')
      .option('--error <code>', 'the error name a Catch or Retry matches')
      .option('--cause <text>', 'a longer description of the failure'),
  )
    .addHelpText(
      'after',
      '\nExample:\n  $ asl-temporal send-task-failure --task-token "$TOKEN" --error Approval.Rejected --cause "over budget"',
    )
    .action(async (options: ClusterCliOptions & { taskToken: string; error?: string; cause?: string }) => {
      await send(options, 'Task failure', (client) =>
        client.sendTaskFailure(options.taskToken, { error: options.error, cause: options.cause }),
      );
    });

  withClusterOptions(
    program
      .command('send-task-heartbeat')
      .description(
        'Tell the Task waiting on a task token that the work goes on (resets its HeartbeatSeconds).',
      )
      .requiredOption('--task-token <token>', 'the token the Task handed out ($$.Task.Token)'),
  )
    .addHelpText('after', '\nExample:\n  $ asl-temporal send-task-heartbeat --task-token "$TOKEN"')
    .action(async (options: ClusterCliOptions & { taskToken: string }) => {
      await send(options, 'Heartbeat', (client) => client.sendTaskHeartbeat(options.taskToken));
    });
}
