import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type Json } from '../../src/asl/types';
import { aslFailure, serviceFailure } from '../errors';
import { functionErrorFailure, functionNameOf, type HandlerMap, invokeHandler } from '../local/handlers';
import { type AwsClients } from './clients';
import { parametersOf, type ServiceCall, type ServiceContext, withSdkMetadata } from './service';

/** Where Lambda functions run: local handlers first, then (unless turned off) the real Lambda service. */
export interface FunctionRunner {
  readonly handlers: HandlerMap;
  readonly clients: AwsClients;
  /** Call real Lambda for functions with no local handler (default true). */
  readonly realLambda?: boolean;
  readonly defaultTimeoutMs?: number;
}

/** A function's answer: its result, plus the SDK response when real Lambda ran it. */
export interface FunctionResult {
  readonly payload: Json;
  readonly response?: unknown;
}

/** Runs a function by name or ARN; a function error fails with its errorType and Lambda's JSON cause. */
export async function runFunction(
  runner: FunctionRunner,
  reference: string,
  payload: Json,
  timeoutMs?: number,
): Promise<FunctionResult> {
  const name = functionNameOf(reference);
  // Own keys only: a function named "constructor" must not find Object's.
  const handler = Object.hasOwn(runner.handlers, name) ? runner.handlers[name] : undefined;
  if (handler) {
    const result = await invokeHandler(
      handler,
      reference,
      payload,
      timeoutMs ?? runner.defaultTimeoutMs ?? 300_000,
    );
    if (result.kind === 'function-error') throw functionErrorFailure(result);
    return { payload: result.value as Json };
  }
  if (runner.realLambda === false) {
    throw aslFailure(
      'Lambda.ResourceNotFoundException',
      `Function not found: ${reference}. Register a local handler named "${name}" ` +
        `(known: ${Object.keys(runner.handlers).join(', ') || 'none'}), or allow real Lambda calls.`,
    );
  }
  const client = runner.clients.get(LambdaClient, 'lambda');
  let response;
  try {
    response = await client.send(
      new InvokeCommand({ FunctionName: reference, Payload: Buffer.from(JSON.stringify(payload ?? null)) }),
    );
  } catch (err) {
    throw serviceFailure('Lambda', 'AWSLambda', err);
  }
  const text = response.Payload ? Buffer.from(response.Payload).toString('utf8') : '';
  const value = parsePayload(text);
  if (response.FunctionError) {
    const body = (value ?? {}) as { errorType?: string; errorMessage?: string };
    throw aslFailure(body.errorType ?? response.FunctionError, text);
  }
  return { payload: value, response };
}

function parsePayload(text: string): Json {
  if (text === '') return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/**
 * `arn:aws:states:::lambda:invoke`: `FunctionName` and `Payload` in; the result wrapped as Step Functions wraps it
 * (`ExecutedVersion`, `Payload`, `StatusCode`, and the SDK metadata when the real service answered).
 */
export async function lambdaInvokeCall(call: ServiceCall, ctx: ServiceContext): Promise<Json> {
  const params = parametersOf(call);
  if (call.action !== 'invoke') {
    throw aslFailure(
      'States.Runtime',
      `The Task '${call.stateName}' calls lambda:${call.action}; only lambda:invoke is optimized.`,
    );
  }
  if (typeof params.FunctionName !== 'string') {
    throw aslFailure(
      'States.Runtime',
      `The Task '${call.stateName}' calls lambda:invoke without a FunctionName string in its Parameters.`,
    );
  }
  const result = await ctx.invokeFunction(params.FunctionName, params.Payload ?? null);
  if (result.response) {
    const r = result.response as { ExecutedVersion?: string; StatusCode?: number };
    return {
      ...(withSdkMetadata(result.response) as Record<string, Json>),
      ExecutedVersion: r.ExecutedVersion ?? '$LATEST',
      Payload: result.payload,
      StatusCode: r.StatusCode ?? 200,
    };
  }
  return { ExecutedVersion: '$LATEST', Payload: result.payload, StatusCode: 200 };
}
