// The public combinator library, `asl-temporal/workflow`: what exported workflows (`asl-temporal export`) and the
// hand-written pattern workflows are built on. It runs inside Temporal's workflow sandbox.
export * from '../patterns/lib';
// Explicit exports win over the star: retry and withCatch take exported code's states as well as functions.
export { type AslCatcher, type AslRetrier, retry, withCatch } from './policies';
export { StateCall } from './state-call';
export { lambdaTask } from '../patterns/lambda-task';
export { invokeFunction, LAMBDA_RETRIER } from '../patterns/lambda';
export { runTask } from '../patterns/service-task';
export { ChoiceStep, Machine, type Nested, type StateFields, type StateType, type TopLevel } from './machine';
export { type BatchWorkflow, distributedBatch, type MapBatch, type MapBatchResult } from './distributed';
export { execution, type ExecutionOptions, type ExportedResume, type MachineOptions } from './run-execution';
export * from './conditions';
export { type PathReader, type Ref } from './path-ref';
export { $, $$, aslFields, type Template } from './template';
export { type Json, type JsonObject } from '../../src/asl/types';
export { type TaskMocks } from '../../src/interpreter/mocks';
export { type RetrierSpec } from '../../src/interpreter/retry';
export {
  applyInputPath,
  applyOutputPath,
  applyResultPath,
  evaluatePayloadTemplate,
} from '../../src/dataflow';
export { LAMBDA_RETRY } from './retriers';
