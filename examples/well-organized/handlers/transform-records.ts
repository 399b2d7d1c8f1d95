// TransformRecords: the first branch of Process; normalizes the records.

/** Upper-cases the ids and ranks the records by value, highest first. */
export function handler(event: { records: { id: string; value: number }[] }) {
  const ranked = [...event.records].sort((a, b) => b.value - a.value);
  return { transformed: ranked.map((r, i) => ({ id: r.id.toUpperCase(), value: r.value, rank: i + 1 })) };
}
