// ExpressProcess: express orders ship the next day, unless the warehouse is closed for them.

interface Order {
  orderId: string;
  orderValue: number;
  orderType: string;
  destination?: string;
}

/** An express order that cannot ship in time; surfaces in the execution as the error `ExpressUnavailable`. */
class ExpressUnavailable extends Error {
  override name = 'ExpressUnavailable';
}

/** Books next-day shipping; fails `ExpressUnavailable` for destinations express does not serve. */
export function handler(event: Order) {
  if (event.destination === 'remote') {
    throw new ExpressUnavailable(`Express shipping does not serve order ${event.orderId}'s destination.`);
  }
  return { orderId: event.orderId, route: 'EXPRESS', reviewRequired: false, shipping: 'next-day' };
}
