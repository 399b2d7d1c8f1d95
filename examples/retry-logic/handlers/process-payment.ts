// ProcessPayment: charges the card. An optional `simulate` field in the input makes the first attempts fail, so
// the machine's Retry can be seen at work: {"simulate": {"failures": 2, "error": "TransientError"}}; the error
// "Timeout" makes an attempt outlive the Task's TimeoutSeconds instead.

interface Simulation {
  /** How many attempts fail before one succeeds. */
  failures: number;
  /** The error name thrown (`TransientError`, `ServiceException`, ...), or `Timeout` to hang past TimeoutSeconds. */
  error: string;
}

interface Payment {
  orderId: string;
  amount: number;
  currency: string;
  card: { last4: string };
  simulate?: Simulation;
}

/** How long a simulated timeout hangs: longer than the Task's TimeoutSeconds (3). */
const HANG_MS = 5000;

// Attempts per order in this process: what lets a simulated failure stop after `failures` attempts.
const attempts = new Map<string, number>();

/** Forgets the attempts counted so far (tests run the same order through two workflows in one process). */
export function resetAttempts(): void {
  attempts.clear();
}

/** A payment that can never succeed; surfaces in the execution as the error `PaymentDeclined`. */
class PaymentDeclined extends Error {
  override name = 'PaymentDeclined';
}

/** Authorizes the payment, failing the first `simulate.failures` attempts as asked. */
export async function handler(event: Payment) {
  const attempt = (attempts.get(event.orderId) ?? 0) + 1;
  attempts.set(event.orderId, attempt);
  const simulate = event.simulate;
  if (simulate && attempt <= simulate.failures) {
    if (simulate.error === 'Timeout') {
      await new Promise((resolve) => setTimeout(resolve, HANG_MS));
      return { late: true };
    }
    throw Object.assign(new Error(`Payment service unavailable (attempt ${attempt}).`), {
      name: simulate.error,
    });
  }
  if (!(event.amount > 0)) throw new PaymentDeclined(`Order ${event.orderId} has no amount to charge.`);
  return {
    orderId: event.orderId,
    paymentId: `PAY-${event.orderId}`,
    amount: event.amount,
    currency: event.currency,
    card: `**** ${event.card.last4}`,
    status: 'AUTHORIZED',
  };
}
