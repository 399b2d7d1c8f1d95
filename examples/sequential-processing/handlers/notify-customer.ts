// NotifyCustomer: tells the customer the order is confirmed.

interface ReservedOrder {
  orderId: string;
  customer: { name: string; email: string };
  items: unknown[];
  totalCents: number;
}

/** Builds the confirmation message and marks the order as confirmed. */
export function handler(event: ReservedOrder) {
  const total = (event.totalCents / 100).toFixed(2);
  return {
    ...event,
    status: 'CONFIRMED',
    notification: {
      channel: 'email',
      to: event.customer.email,
      message: `Hello ${event.customer.name}, order ${event.orderId} (${event.items.length} items, ${total} USD) is confirmed.`,
    },
  };
}
