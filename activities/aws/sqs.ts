import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type Json } from '../../src/asl/types';
import { serviceFailure } from '../errors';
import {
  asMessageString,
  parametersOf,
  type ServiceCall,
  type ServiceContext,
  unsupportedAction,
  withSdkMetadata,
} from './service';

/** `arn:aws:states:::sqs:sendMessage`: a JSON MessageBody is sent serialized, as Step Functions sends it. */
export async function sqsCall(call: ServiceCall, ctx: ServiceContext): Promise<Json> {
  if (call.action !== 'sendMessage') throw unsupportedAction(call, ['sendMessage']);
  const params = parametersOf(call);
  const client = ctx.clients.get(SQSClient, 'sqs', call.credentials);
  try {
    const out = await client.send(
      new SendMessageCommand({
        ...(params as object),
        MessageBody: asMessageString(params.MessageBody),
      } as never),
    );
    return withSdkMetadata(out);
  } catch (err) {
    throw serviceFailure('SQS', 'AmazonSQS', err);
  }
}
