// ProcessData: summarizes a record that FormatData shaped.

interface Formatted {
  rawData: { id: string; source?: string; readings?: unknown };
  processed: { formattedData: { id: string; timestamp: string; processedBy: string } };
}

/** A record whose readings are not numbers; surfaces in the execution as the error `MalformedRecord`. */
class MalformedRecord extends Error {
  override name = 'MalformedRecord';
}

/**
 * Averages the readings. FormatData's timestamp differs per run, so the output says only whether the record was
 * timestamped (a valid ISO time): the example's expected output stays the same from run to run.
 */
export function handler(event: Formatted) {
  const { formattedData } = event.processed;
  const readings = event.rawData.readings;
  if (!Array.isArray(readings) || readings.length === 0 || readings.some((r) => typeof r !== 'number')) {
    throw new MalformedRecord(`Record ${formattedData.id} has no numeric readings.`);
  }
  const numbers = readings as number[];
  return {
    id: formattedData.id,
    processedBy: formattedData.processedBy,
    timestamped: !Number.isNaN(Date.parse(formattedData.timestamp)),
    source: event.rawData.source ?? null,
    count: numbers.length,
    average: numbers.reduce((sum, r) => sum + r, 0) / numbers.length,
  };
}
