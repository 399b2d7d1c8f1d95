import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { type Json } from '../../src/asl/types';
import { aslFailure, serviceFailure } from '../errors';
import {
  asMessageString,
  parametersOf,
  plainOutput,
  type ServiceCall,
  type ServiceContext,
  unsupportedAction,
} from './service';

/**
 * `arn:aws:states:::events:putEvents` (the seed's EventBridge integration): each entry's JSON `Detail` is sent
 * serialized and the execution's ARNs appended to its Resources. Like Step Functions, a response with failed
 * entries fails the Task with `EventBridge.FailedEntry`.
 */
export async function eventBridgeCall(call: ServiceCall, ctx: ServiceContext): Promise<Json> {
  if (call.action !== 'putEvents') throw unsupportedAction(call, ['putEvents']);
  const params = parametersOf(call);
  const entries = Array.isArray(params.Entries) ? params.Entries : [];
  const client = ctx.clients.get(EventBridgeClient, 'eventbridge', call.credentials);
  let out: unknown;
  try {
    out = await client.send(
      new PutEventsCommand({
        ...(params as object),
        Entries: entries.map((entry) => {
          const e = (entry ?? {}) as Record<string, Json>;
          // Step Functions appends the execution's and the machine's ARNs to every entry's Resources.
          const own = Array.isArray(e.Resources) ? e.Resources.map(String) : [];
          const arns = call.execution ? [call.execution.executionArn, call.execution.stateMachineArn] : [];
          return { ...(e as object), Detail: asMessageString(e.Detail), Resources: [...own, ...arns] };
        }),
      }),
    );
  } catch (err) {
    throw serviceFailure('EventBridge', 'AmazonEventBridge', err);
  }
  const result = plainOutput(out) as { FailedEntryCount?: number };
  if ((result.FailedEntryCount ?? 0) > 0) {
    throw aslFailure('EventBridge.FailedEntry', JSON.stringify(result));
  }
  return result as Json;
}
