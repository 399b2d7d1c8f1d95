/** The data-flow evaluators: what the interpreter calls. */
export type { EvalEnv } from './env';
export { applyInputPath, applyOutputPath, applyResultPath, readPath } from './paths';
export { evaluatePayloadTemplate } from './payload';
export { evaluateChoiceCondition } from './choice';
export {
  evaluateJsonataCondition,
  evaluateJsonataTemplate,
  evaluateJsonataTyped,
  jsonataExpressionOf,
  type StatesBinding,
} from './jsonata';
export {
  checkVariableNames,
  checkVariableSizes,
  evaluateAssignJsonata,
  evaluateAssignJsonPath,
  variableNameProblem,
} from './variables';
export { checkResultSize, exceedsPayloadQuota, MAX_PAYLOAD_BYTES, payloadSize } from './limits';
export { stateErrorPrefix, withStateContext } from './errors';
export {
  parseTimestamp,
  compareInstants,
  instantToMillis,
  type Instant,
} from '../asl/expressions/timestamp-syntax';
