// HighValueProcess: orders above 1000 need a manual review and insured shipping.

interface Order {
  orderId: string;
  orderValue: number;
  orderType?: string;
}

/** Flags the order for review and picks insured shipping. */
export function handler(event: Order) {
  return {
    orderId: event.orderId,
    route: 'HIGH_VALUE',
    reviewRequired: true,
    shipping: 'insured',
    orderValue: event.orderValue,
  };
}
