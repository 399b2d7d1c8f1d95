// NotifySupport: opens a ticket for an unexpected error; the machine then fails TransactionNotProcessed.

/** Opens a support ticket carrying the error output that States.ALL caught. */
export function handler(event: { transactionId: string; error: { Error: string; Cause: string } }) {
  return { ticket: `SUP-${event.transactionId}`, error: event.error.Error };
}
