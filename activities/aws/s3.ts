import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type Json } from '../../src/asl/types';
import { serviceFailure } from '../errors';
import {
  asMessageString,
  parametersOf,
  plainOutput,
  type ServiceCall,
  type ServiceContext,
  unsupportedAction,
} from './service';

/**
 * `s3:getObject|putObject` (Step Functions offers these through `aws-sdk:s3`; the short form is accepted too): the
 * object body travels as text, a JSON `Body` is written serialized.
 */
export async function s3Call(call: ServiceCall, ctx: ServiceContext): Promise<Json> {
  const params = parametersOf(call);
  const client = ctx.clients.get(S3Client, 's3', call.credentials);
  try {
    switch (call.action) {
      case 'getObject': {
        const out = await client.send(new GetObjectCommand(params as never));
        const body = out.Body ? await out.Body.transformToString() : '';
        return plainOutput({ ...out, Body: body });
      }
      case 'putObject':
        return plainOutput(
          await client.send(
            new PutObjectCommand({ ...(params as object), Body: asMessageString(params.Body) } as never),
          ),
        );
      default:
        throw unsupportedAction(call, ['getObject', 'putObject']);
    }
  } catch (err) {
    throw serviceFailure('S3', 'Amazon S3', err);
  }
}
