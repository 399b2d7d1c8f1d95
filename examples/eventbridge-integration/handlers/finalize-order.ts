// FinalizeOrder: closes an order once its OrderProcessed event is out.

interface PublishedOrder {
  orderId: string;
  customerId: string;
  total: number;
  status?: string;
  eventPublished: { failedEntryCount: number; eventCount: number };
}

/** An order that was finalized before; surfaces in the execution as the error `OrderAlreadyFinalized`. */
class OrderAlreadyFinalized extends Error {
  override name = 'OrderAlreadyFinalized';
}

/** Marks the order FINALIZED and records that its event was published. */
export function handler(event: PublishedOrder) {
  if (event.status === 'FINALIZED')
    throw new OrderAlreadyFinalized(`Order ${event.orderId} is already finalized.`);
  return {
    orderId: event.orderId,
    customerId: event.customerId,
    total: event.total,
    status: 'FINALIZED',
    eventsPublished: event.eventPublished.eventCount - event.eventPublished.failedEntryCount,
  };
}
