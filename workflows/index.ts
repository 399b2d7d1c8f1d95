// The only workflowsPath entry: every workflow the worker runs is exported here.
export { stateMachine } from './state-machine';
export { mapBatch } from './map-batch';
export { activityEntity, stateMachineEntity } from './state-machine-entity';
export { sequentialProcessing } from './patterns/sequential-processing';
export { choiceLogic, choiceLogicWithoutDefault } from './patterns/choice-logic';
export { parallelProcessing } from './patterns/parallel-processing';
export { retryLogic } from './patterns/retry-logic';
export { errorCatching } from './patterns/error-catching';
export { mapBatchProcessing } from './patterns/map-batch-processing';
export { wellOrganized } from './patterns/well-organized';
export { inputOutputProcessing } from './patterns/input-output-processing';
export { eventbridgeIntegration } from './patterns/eventbridge-integration';
export { apiGatewayIntegration } from './patterns/api-gateway-integration';
