// The only workflowsPath entry: every workflow the worker runs is exported here.
export { sequentialProcessing } from './patterns/sequential-processing';
