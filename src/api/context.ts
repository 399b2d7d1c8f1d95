/** What every API operation works with: where ARNs point, the stores, and the clock. */
import { type Client } from '@temporalio/client';
import { type StateMachineClient } from '../client/state-machine-client';
import { type ActivityStore } from './activity-store';
import { type ArnScope } from './arn';
import { type StateMachineStore } from './machine-store';
import { type ApiRequest } from './request';

/** The dependencies of the operations. */
export interface ApiContext {
  readonly scope: ArnScope;
  readonly machines: StateMachineStore;
  readonly executions: StateMachineClient;
  readonly activities: ActivityStore;
  /** The Temporal client itself, for what StateMachineClient does not cover (activity tasks). */
  readonly client: Client;
  /** How long GetActivityTask waits for a task before its empty answer, in seconds (AWS's 60 by default). */
  readonly activityPollSeconds?: number;
}

/**
 * One operation: the decoded request in, the response body out (or an ApiError thrown). `signal` aborts when the
 * caller hangs up, so a long poll stops taking work it could no longer hand over.
 */
export type Operation = (request: ApiRequest, context: ApiContext, signal: AbortSignal) => Promise<object>;
