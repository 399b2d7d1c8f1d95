// NotifyCustomer: tells the customer their transaction was voided.

/** Composes the customer notification for a voided transaction. */
export function handler(event: { transactionId: string; accountId: string; status: string; reason: string }) {
  return {
    ...event,
    notification: {
      to: event.accountId,
      message: `Transaction ${event.transactionId} was declined: ${event.reason}`,
    },
  };
}
