// Validate: the stage after Initialize; refuses a dataset that the later stages could not process.

interface Dataset {
  datasetId: string;
  records: { id: string; value: number }[];
  processing: { processingId: string; timestamp: string };
}

/** A dataset that cannot be processed; surfaces in the execution as the error `ValidationError`. */
class ValidationError extends Error {
  override name = 'ValidationError';
}

/** Checks that there are records and that every value is a finite number. */
export function handler(event: Dataset) {
  if (!Array.isArray(event.records) || event.records.length === 0) {
    throw new ValidationError(`Dataset ${event.datasetId} has no records.`);
  }
  const bad = event.records.find((r) => typeof r.value !== 'number' || !Number.isFinite(r.value));
  if (bad) throw new ValidationError(`Record ${bad.id} of dataset ${event.datasetId} has no numeric value.`);
  return { ...event, valid: true };
}
