// StandardProcess: every other order ships by ground.

interface Order {
  orderId: string;
  orderValue: number;
}

/** Picks ground shipping. */
export function handler(event: Order) {
  return { orderId: event.orderId, route: 'STANDARD', reviewRequired: false, shipping: 'ground' };
}
