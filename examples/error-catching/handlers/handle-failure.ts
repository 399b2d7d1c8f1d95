// HandleFailure: the caught TransactionFailure's recovery. ResultPath $.error put the error output beside the input.

interface FailedTransaction {
  transactionId: string;
  accountId: string;
  error: { Error: string; Cause: string };
}

/** Voids the transaction and keeps the reason the function gave (Lambda's cause is JSON). */
export function handler(event: FailedTransaction) {
  const cause = JSON.parse(event.error.Cause) as { errorMessage?: string };
  return {
    transactionId: event.transactionId,
    accountId: event.accountId,
    status: 'VOIDED',
    reason: cause.errorMessage ?? event.error.Cause,
  };
}
