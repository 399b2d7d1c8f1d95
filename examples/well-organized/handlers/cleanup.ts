// Cleanup: the last stage; releases the run's resources and reports what was done, and by which state machine.

interface Processed {
  datasetId: string;
  processing: { processingId: string; timestamp: string };
  results: [{ transformed: unknown[] }, { count: number; sum: number; min: number; max: number }];
}

/** A processing id that is not an execution ARN, or a start time that is not ISO-8601: Initialize went wrong. */
class InvalidProcessing extends Error {
  override name = 'InvalidProcessing';
}

const EXECUTION_ARN = /^arn:aws:states:[^:]+:\d{12}:execution:([^:]+):[^:]+$/;

/**
 * Builds the report from the Parallel state's two results (in branch order). The processing id and start time
 * differ on every run, so the report names the state machine they point to instead of repeating them.
 */
export function handler(event: Processed) {
  const { processingId, timestamp } = event.processing;
  const machine = EXECUTION_ARN.exec(processingId);
  if (!machine) throw new InvalidProcessing(`${processingId} is not an execution ARN.`);
  if (Number.isNaN(Date.parse(timestamp)) || new Date(timestamp).toISOString() !== timestamp) {
    throw new InvalidProcessing(`${timestamp} is not an ISO-8601 time.`);
  }
  const [transformed, statistics] = event.results;
  return {
    processedBy: machine[1],
    datasetId: event.datasetId,
    records: transformed.transformed,
    statistics,
    status: 'COMPLETE',
  };
}
