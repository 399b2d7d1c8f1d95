// AggregateResults: sums up the Map's output (one result per item, in item order).

interface Packed {
  sku: string;
  quantity: number;
  weightGrams: number;
}

/** Totals the packed items. */
export function handler(event: Packed[]) {
  return {
    parcels: event.length,
    units: event.reduce((sum, item) => sum + item.quantity, 0),
    totalWeightGrams: event.reduce((sum, item) => sum + item.weightGrams, 0),
    skus: event.map((item) => item.sku),
  };
}
