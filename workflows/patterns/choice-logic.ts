import { asExecution, choice, type ChoiceRule } from './lib';
import { lambdaTask } from './lambda-task';

/** The Lambda functions of the Choice example, by the names in their ARNs. */
export const CHOICE_FUNCTIONS = {
  highValue: 'high-value-process',
  express: 'express-process',
  standard: 'standard-process',
} as const;

/** The fields EvaluateOrder looks at; the rest of the order passes through untouched. */
interface Order {
  readonly orderValue?: unknown;
  readonly orderType?: unknown;
}

/** One Lambda Task with the console's retrier: the order in, the function's result out. */
function task(functionName: string): (order: Order) => Promise<unknown> {
  return (payload) => lambdaTask(functionName, payload);
}

// ASL comparisons are typed: NumericGreaterThan is false for a non-number, StringEquals for a non-string.
const EVALUATE_ORDER: readonly ChoiceRule<Order, unknown>[] = [
  [(o) => typeof o.orderValue === 'number' && o.orderValue > 1000, task(CHOICE_FUNCTIONS.highValue)],
  [(o) => o.orderType === 'express', task(CHOICE_FUNCTIONS.express)],
];

/**
 * The seed's Choice pattern as Temporal code: EvaluateOrder sends orders above 1000 to HighValueProcess, express
 * orders to ExpressProcess and the rest to StandardProcess (the Default). Same as `examples/choice-logic`.
 */
export function choiceLogic(order: Order): Promise<unknown> {
  return asExecution(() => choice(order, EVALUATE_ORDER, task(CHOICE_FUNCTIONS.standard), 'EvaluateOrder'));
}

/**
 * The same EvaluateOrder without a Default, as a machine that leaves it out: an order no rule matches fails
 * `States.NoChoiceMatched` (the parity tests compare it with the ASL variant).
 */
export function choiceLogicWithoutDefault(order: Order): Promise<unknown> {
  return asExecution(() => choice(order, EVALUATE_ORDER, undefined, 'EvaluateOrder'));
}
