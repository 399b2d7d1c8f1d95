// ConfirmOrder: records the authorized payment against the order.

/** Confirms the order once its payment is authorized. */
export function handler(event: { orderId: string; paymentId: string; amount: number; currency: string }) {
  return {
    orderId: event.orderId,
    paymentId: event.paymentId,
    total: `${event.amount.toFixed(2)} ${event.currency}`,
    status: 'CONFIRMED',
  };
}
