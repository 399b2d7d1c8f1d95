// CompleteTransaction: the success path's last step. It sits outside ProcessTransaction's Catch, so its own
// error (a zero-amount transaction, which moved no money) fails the execution.

/** A debited transaction that cannot be completed; surfaces in the execution as `NothingToComplete`. */
class NothingToComplete extends Error {
  override name = 'NothingToComplete';
}

/** Marks the debited transaction complete. */
export function handler(event: { transactionId: string; amount: number; currency: string }) {
  if (!(event.amount > 0)) throw new NothingToComplete(`Transaction ${event.transactionId} moved no money.`);
  return {
    transactionId: event.transactionId,
    amount: event.amount,
    currency: event.currency,
    status: 'COMPLETED',
  };
}
