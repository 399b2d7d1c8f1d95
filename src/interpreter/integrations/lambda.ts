/** `lambda:invoke`'s request (AWS: connect-lambda): Step Functions needs the function to call. */
import type { StructureShape } from './shapes';

/** The Invoke request Step Functions builds from the Task's Parameters. */
export const LAMBDA_INVOKE: StructureShape = {
  fields: {
    FunctionName: 'string',
    Payload: 'json',
    InvocationType: 'string',
    LogType: 'string',
    ClientContext: 'string',
    Qualifier: 'string',
  },
  required: ['FunctionName'],
};
