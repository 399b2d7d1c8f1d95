// The only workflowsPath entry: every workflow the worker runs is exported here.
export { stateMachine } from './state-machine';
export { mapBatch } from './map-batch';
export { sequentialProcessing } from './patterns/sequential-processing';
