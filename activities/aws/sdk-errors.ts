import { type ApplicationFailure } from '@temporalio/common';
import { aslFailure, serviceFailure } from '../errors';

/**
 * Splits a name into words the way the AWS SDK for Java 2.x does when it names classes: on spaces and case changes,
 * with a run of capitals as one word (`DynamoDB` -> Dynamo, DB; `DBInstanceNotFound` -> DB, Instance, Not, Found).
 */
function words(name: string): string[] {
  return name.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g) ?? [];
}

function javaWord(word: string): string {
  return word[0].toUpperCase() + word.slice(1).toLowerCase();
}

/**
 * The service part of an AWS SDK integration's error names: the service id as the Java SDK 2.x names its client
 * (`DynamoDB` -> `DynamoDb`, `SFN` -> `Sfn`, `SQS` -> `Sqs`, `ACM PCA` -> `AcmPca`, `CloudWatch Logs` ->
 * `CloudWatchLogs`), without a leading Amazon/AWS or a trailing Service.
 */
export function sdkServiceName(serviceId: string): string {
  let parts = words(serviceId);
  if (parts.length > 1 && /^(amazon|aws)$/i.test(parts[0])) parts = parts.slice(1);
  if (parts.length > 1 && /^service$/i.test(parts[parts.length - 1])) parts = parts.slice(0, -1);
  return parts.map(javaWord).join('');
}

/**
 * An error shape as the Java SDK 2.x names its exception class, which is what Step Functions reports: acronyms
 * cased as words, `Fault` read as `Exception`, and `Exception` added when missing (`NoSuchKey` ->
 * `NoSuchKeyException`, `DBInstanceNotFoundFault` -> `DbInstanceNotFoundException`).
 */
export function sdkExceptionName(shape: string): string {
  const parts = words(shape).map(javaWord);
  if (parts[parts.length - 1] === 'Fault') parts[parts.length - 1] = 'Exception';
  if (parts[parts.length - 1] !== 'Exception') parts.push('Exception');
  return parts.join('');
}

/** What an AWS SDK v3 exception carries that the mapping reads. */
interface SdkException {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: {
    readonly httpStatusCode?: number;
    readonly requestId?: string;
    readonly extendedRequestId?: string;
  };
}

/**
 * An exception from `arn:aws:states:::aws-sdk:<service>:<action>` as Step Functions reports it:
 * `<ServiceName>.<ExceptionName>` (`DynamoDb.ResourceNotFoundException`, `S3.NoSuchKeyException`,
 * `Sqs.QueueDoesNotExistException`), an error the service's model does not declare as `<ServiceName>.<ServiceName>Exception`,
 * and the Java SDK 2.x's cause (`<message> (Service: DynamoDb, Status Code: 400, Request ID: ...)`).
 */
export function sdkIntegrationFailure(
  serviceName: string,
  err: unknown,
  isModeled: (errorName: string) => boolean,
): ApplicationFailure {
  const e = (err ?? {}) as SdkException;
  const status = e.$metadata?.httpStatusCode;
  // Failures before any response (no endpoint, no credentials) and our own failures map as for optimized integrations.
  if (status === undefined || !e.name) return serviceFailure(serviceName, serviceName, err);
  const exception = isModeled(e.name) ? sdkExceptionName(e.name) : `${serviceName}Exception`;
  const details = [
    `Service: ${serviceName}`,
    `Status Code: ${status}`,
    `Request ID: ${e.$metadata?.requestId ?? 'null'}`,
    ...(e.$metadata?.extendedRequestId ? [`Extended Request ID: ${e.$metadata.extendedRequestId}`] : []),
  ];
  return aslFailure(`${serviceName}.${exception}`, `${e.message ?? e.name} (${details.join(', ')})`);
}
