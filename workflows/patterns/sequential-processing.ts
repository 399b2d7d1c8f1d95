import { aslErrorOf, failWith } from './lib/errors';
import { lambdaTask } from './lambda-task';

/** The Lambda functions of the seed's Sequential Processing machine, by the names in their ARNs. */
export const SEQUENTIAL_FUNCTIONS = {
  processOrder: 'process-order',
  updateInventory: 'update-inventory',
  notifyCustomer: 'notify-customer',
} as const;

/**
 * The seed's Sequential Processing pattern as plain Temporal code: ProcessOrder -> UpdateInventory ->
 * NotifyCustomer, each a Lambda Task whose output is the next one's input (ASL's default data flow).
 * Same as `examples/sequential-processing/definition.asl.json`.
 */
export async function sequentialProcessing(input: unknown): Promise<unknown> {
  try {
    let data = input;
    for (const functionName of [
      SEQUENTIAL_FUNCTIONS.processOrder,
      SEQUENTIAL_FUNCTIONS.updateInventory,
      SEQUENTIAL_FUNCTIONS.notifyCustomer,
    ]) {
      const payload = data;
      data = await lambdaTask(functionName, payload);
    }
    return data;
  } catch (err) {
    throw failWith(aslErrorOf(err));
  }
}
