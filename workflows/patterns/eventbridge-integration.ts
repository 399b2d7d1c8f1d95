import { type Json } from '../../src/asl/types';
import { asExecution, withCatch } from './lib';
import { lambdaTask } from './lambda-task';
import { runTask } from './service-task';

/** The EventBridge integration's Resource. */
export const PUT_EVENTS = 'arn:aws:states:::events:putEvents';

/** The Lambda function behind FinalizeOrder. */
export const FINALIZE_ORDER_FUNCTION = 'finalize-order';

type JsonObject = { [key: string]: Json };

/** What putEvents returns, as far as this pattern reads it. */
interface PutEventsOutput {
  readonly FailedEntryCount: number;
  readonly Entries: readonly unknown[];
}

/**
 * The seed's EventBridge pattern as Temporal code: PublishEvent puts an `OrderProcessed` event for the order (the
 * same `events:putEvents` activity the ASL Task runs), keeps only the counts of the response (its EventIds are
 * random) in `eventPublished`, then FinalizeOrder closes the order; an order finalized before is flagged
 * `NEEDS_REVIEW` instead. Same as `examples/eventbridge-integration`.
 */
export function eventbridgeIntegration(order: JsonObject): Promise<Json> {
  return asExecution(async () => {
    const published = (await runTask({
      stateName: 'PublishEvent',
      resource: PUT_EVENTS,
      parameters: {
        Entries: [
          {
            Detail: { orderId: order.orderId, status: 'COMPLETED' },
            DetailType: 'OrderProcessed',
            Source: 'custom.orderprocessing',
          },
        ],
      },
    })) as PutEventsOutput;
    // ResultSelector, then ResultPath $.eventPublished.
    const withEvent: JsonObject = {
      ...order,
      eventPublished: { failedEntryCount: published.FailedEntryCount, eventCount: published.Entries.length },
    };
    const finalizeOrder = () => lambdaTask(FINALIZE_ORDER_FUNCTION, withEvent) as Promise<Json>;
    const flagForReview = (flagged: Json) =>
      Promise.resolve<Json>({ ...(flagged as JsonObject), status: 'NEEDS_REVIEW' });
    return withCatch(
      finalizeOrder,
      [{ errorEquals: ['OrderAlreadyFinalized'], resultPath: '$.finalizeError', next: flagForReview }],
      { input: withEvent },
    );
  });
}
