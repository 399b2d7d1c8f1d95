// ProcessItem: the Map's iteration; packs one line of the batch.

interface Item {
  sku: string;
  quantity: number;
  unitWeightKg: number;
}

/** An item that cannot be packed; surfaces in the execution as the error `InvalidItem`. */
class InvalidItem extends Error {
  override name = 'InvalidItem';
}

/** Packs the item and weighs the parcel (in grams, to keep the sums exact). */
export function handler(event: Item) {
  if (!(Number.isInteger(event.quantity) && event.quantity > 0)) {
    throw new InvalidItem(`Item ${event.sku} has an invalid quantity: ${event.quantity}.`);
  }
  return {
    sku: event.sku,
    quantity: event.quantity,
    weightGrams: Math.round(event.unitWeightKg * 1000) * event.quantity,
    status: 'PACKED',
  };
}
