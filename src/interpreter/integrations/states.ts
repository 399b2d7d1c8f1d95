/** Step Functions startExecution (AWS: connect-stepfunctions): Input may be JSON or its text. */
import type { StructureShape } from './shapes';

/** The StartExecution request. */
export const STATES_START_EXECUTION: StructureShape = {
  fields: { StateMachineArn: 'string', Input: 'json', Name: 'string', TraceHeader: 'string' },
};
