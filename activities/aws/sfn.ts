import { DescribeStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { loadStateMachine } from '../../src/asl/parse';
import { type StateMachine } from '../../src/asl/types';
import { aslFailure, serviceFailure } from '../errors';
import { type AwsClients } from './clients';

/** A nested machine as `states:startExecution` needs it: the validated definition and its name. */
export interface NestedMachine {
  readonly definition: StateMachine;
  readonly stateMachineName: string;
}

/** Where nested machines come from: definitions the worker was given by name, then DescribeStateMachine. */
export interface MachineSource {
  readonly machines?: Readonly<Record<string, StateMachine>>;
  readonly clients: AwsClients;
}

/** The machine name of a state machine ARN (`arn:aws:states:REGION:ACCOUNT:stateMachine:NAME[:version]`), or the ARN. */
export function machineNameOf(arn: string): string {
  const match = /:stateMachine:([^:]+)/.exec(arn);
  return match ? match[1] : arn;
}

/**
 * Resolves the machine a `states:startExecution` Task names: a definition registered with the worker under the
 * ARN's name first, else the definition AWS (or moto, or LocalStack) returns for the ARN. Either way it is
 * validated here, so the child workflow only ever runs a valid machine.
 */
export async function describeNestedMachine(
  source: MachineSource,
  request: { readonly stateMachineArn: string; readonly stateName: string },
): Promise<NestedMachine> {
  const name = machineNameOf(request.stateMachineArn);
  const registered = source.machines?.[name];
  if (registered) return { definition: registered, stateMachineName: name };
  let text: string | undefined;
  try {
    const out = await source.clients
      .get(SFNClient, 'sfn')
      .send(new DescribeStateMachineCommand({ stateMachineArn: request.stateMachineArn }));
    text = out.definition;
  } catch (err) {
    throw serviceFailure('StepFunctions', 'AWSStepFunctions', err);
  }
  const { machine, diagnostics } = loadStateMachine(text ?? '');
  if (!machine) {
    const first = diagnostics.find((d) => d.severity === 'ERROR');
    throw aslFailure(
      'States.Runtime',
      `The Task '${request.stateName}' starts ${request.stateMachineArn}, whose definition is not valid: ` +
        `${first ? `${first.location}: ${first.message}` : 'unknown error'}.`,
    );
  }
  return { definition: machine, stateMachineName: name };
}
