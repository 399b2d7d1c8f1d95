// ComputeStatistics: the second branch of Process; summarizes the values.

/** Counts and sums the values and finds their range. */
export function handler(event: { records: { value: number }[] }) {
  const values = event.records.map((r) => r.value);
  return {
    count: values.length,
    sum: values.reduce((a, b) => a + b, 0),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}
