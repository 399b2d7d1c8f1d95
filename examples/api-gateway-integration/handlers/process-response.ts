// ProcessResponse: records what the orders API said about the order.

interface ApiAnswer {
  orderId: string;
  items: unknown[];
  api: { statusCode: number; body: { accepted?: boolean; trackingId?: string; reason?: string } };
}

/** Turns the API's answer into the order's status. */
export function handler(event: ApiAnswer) {
  const { body } = event.api;
  return {
    orderId: event.orderId,
    status: body.accepted ? 'SUBMITTED' : 'REJECTED',
    trackingId: body.trackingId ?? null,
    itemCount: event.items.length,
  };
}
