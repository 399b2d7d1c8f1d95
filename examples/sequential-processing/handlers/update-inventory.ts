// UpdateInventory: reserves the stock for each line of the order.

interface ProcessedOrder {
  orderId: string;
  items: { sku: string; quantity: number }[];
}

/** Reserves each item's quantity and records the reservation on the order. */
export function handler(event: ProcessedOrder) {
  const reservations = event.items.map((item) => ({ sku: item.sku, reserved: item.quantity }));
  return { ...event, inventory: { reservations, status: 'RESERVED' } };
}
