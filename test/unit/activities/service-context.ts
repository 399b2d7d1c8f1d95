import { ApplicationFailure } from '@temporalio/common';
import { AwsClients } from '../../../activities/aws/clients';
import { runFunction } from '../../../activities/aws/lambda';
import { type ServiceCall, type ServiceContext } from '../../../activities/aws/service';
import { type Json } from '../../../src/asl/types';

/** What an SDK exception carries besides its message, as a response with this status and request id gives it. */
export function meta(httpStatusCode = 400, requestId = 'req-1', extendedRequestId?: string) {
  return {
    $metadata: { httpStatusCode, requestId, ...(extendedRequestId ? { extendedRequestId } : {}) },
  };
}

/** A service context whose sleeps return at once and whose heartbeats are counted. */
export function testContext(): ServiceContext & { heartbeats: number; sleeps: number } {
  const clients = new AwsClients({
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  const ctx = {
    clients,
    heartbeats: 0,
    sleeps: 0,
    heartbeat: () => {
      ctx.heartbeats += 1;
    },
    sleep: async () => {
      ctx.sleeps += 1;
    },
    pollIntervalMs: 0,
    invokeFunction: (name: string, payload: Json) => runFunction({ handlers: {}, clients }, name, payload),
  };
  return ctx;
}

/** A service call of a Task named `Work`. */
export function serviceCall(
  service: string,
  action: string,
  parameters: Json,
  pattern: ServiceCall['pattern'] = 'request-response',
): ServiceCall {
  return { stateName: 'Work', service, action, pattern, parameters };
}

/** The ASL error (name and cause) a call fails with. */
export async function failureOf(promise: Promise<unknown>): Promise<{ error: string; cause: string }> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApplicationFailure) return { error: err.type ?? '', cause: err.message };
    throw err;
  }
  throw new Error('expected the call to fail');
}
