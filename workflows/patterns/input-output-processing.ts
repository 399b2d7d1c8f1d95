import { type Json } from '../../src/asl/types';
import { asExecution, failWith } from './lib';
import { lambdaTask } from './lambda-task';

/**
 * `$$.StateMachine.Name` of the example: the CLI names a machine after its folder (`examples/<name>/definition.asl.json`),
 * so the hand-written workflow carries the same name to produce the same output.
 */
export const INPUT_OUTPUT_MACHINE_NAME = 'input-output-processing';

/** The Lambda function behind ProcessData. */
export const PROCESS_DATA_FUNCTION = 'process-data';

type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * FormatData: what the Pass state's Parameters build, placed at ResultPath `$.processed`. A missing `$.rawData.id`
 * fails `States.Runtime` with the message the ASL state gives (a present `null` is a value, as in JSONPath).
 */
function formatData(input: JsonObject, enteredTime: string): JsonObject {
  const rawData = input.rawData;
  if (!isObject(rawData) || !('id' in rawData)) {
    throw failWith({
      error: 'States.Runtime',
      cause: `The JSONPath '$.rawData.id' specified for the field 'id.$' could not be found in the input '${JSON.stringify(input)}'`,
    });
  }
  const formattedData = { id: rawData.id, timestamp: enteredTime, processedBy: INPUT_OUTPUT_MACHINE_NAME };
  return { ...input, processed: { formattedData } };
}

/**
 * The seed's Input/Output Processing pattern as Temporal code: FormatData shapes the record (id, the time the state
 * was entered, the machine's name) into `processed`, then ProcessData (Lambda) works on the whole input.
 * Same as `examples/input-output-processing`.
 */
export function inputOutputProcessing(input: JsonObject): Promise<unknown> {
  return asExecution(async () => {
    // $$.State.EnteredTime: the workflow clock (deterministic in the sandbox), in the ISO form AWS prints.
    const formatted = formatData(input, new Date(Date.now()).toISOString());
    return lambdaTask(PROCESS_DATA_FUNCTION, formatted);
  });
}
