// ProcessOrder: checks the order and prices it.

interface OrderItem {
  sku: string;
  quantity: number;
  unitPrice: number;
}

interface Order {
  orderId: string;
  customer: { id: string; name: string; email: string };
  items: OrderItem[];
}

/** An order that cannot be processed; surfaces in the execution as the error `InvalidOrder`. */
class InvalidOrder extends Error {
  override name = 'InvalidOrder';
}

/** Validates the order and adds its total (in cents, to avoid float drift) and a status. */
export function handler(event: Order) {
  if (!event || typeof event.orderId !== 'string') throw new InvalidOrder('The order has no orderId.');
  if (!Array.isArray(event.items) || event.items.length === 0) {
    throw new InvalidOrder(`Order ${event.orderId} has no items.`);
  }
  const totalCents = event.items.reduce(
    (sum, item) => sum + Math.round(item.unitPrice * 100) * item.quantity,
    0,
  );
  return { ...event, totalCents, status: 'PROCESSED' };
}
