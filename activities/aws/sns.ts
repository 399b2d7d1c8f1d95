import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
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

/** `arn:aws:states:::sns:publish`: a JSON Message is published serialized, as Step Functions publishes it. */
export async function snsCall(call: ServiceCall, ctx: ServiceContext): Promise<Json> {
  if (call.action !== 'publish') throw unsupportedAction(call, ['publish']);
  const params = parametersOf(call);
  const client = ctx.clients.get(SNSClient, 'sns', call.credentials);
  try {
    const out = await client.send(
      new PublishCommand({ ...(params as object), Message: asMessageString(params.Message) } as never),
    );
    return withSdkMetadata(out);
  } catch (err) {
    throw serviceFailure('SNS', 'AmazonSNS', err);
  }
}
