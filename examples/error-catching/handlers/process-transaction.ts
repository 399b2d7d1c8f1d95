// ProcessTransaction: debits the account. A business failure (over the limit) is `TransactionFailure`, which
// the machine handles and tells the customer about; an unsupported currency is an unexpected error for support.

interface Transaction {
  transactionId: string;
  accountId: string;
  amount: number;
  currency: string;
}

/** A transaction the business refuses; surfaces in the execution as the error `TransactionFailure`. */
class TransactionFailure extends Error {
  override name = 'TransactionFailure';
}

/** A currency the ledger does not know; surfaces in the execution as the error `UnsupportedCurrency`. */
class UnsupportedCurrency extends Error {
  override name = 'UnsupportedCurrency';
}

const LIMIT = 1000;
const CURRENCIES = new Set(['USD', 'EUR', 'GBP']);

/** Debits the account when the currency is known and the amount within the limit. */
export function handler(event: Transaction) {
  if (!CURRENCIES.has(event.currency)) {
    throw new UnsupportedCurrency(`The ledger has no ${event.currency} accounts.`);
  }
  if (event.amount > LIMIT) {
    throw new TransactionFailure(`Transaction ${event.transactionId} exceeds the limit of ${LIMIT}.`);
  }
  return { ...event, status: 'DEBITED' };
}
