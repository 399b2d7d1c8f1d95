import { awsEventType, createExecutionLog } from '../../../src/interpreter/execution-log';
import { type TraceEvent } from '../../../src/interpreter/trace';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:m:e';
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:f';

describe('execution log records', () => {
  it('names events as Step Functions does', () => {
    expect(awsEventType({ type: 'StateEntered', stateType: 'Fail', timestamp: 0 })).toBe('FailStateEntered');
    expect(awsEventType({ type: 'TaskScheduled', resource: LAMBDA, timestamp: 0 })).toBe(
      'LambdaFunctionScheduled',
    );
    expect(
      awsEventType({ type: 'TaskScheduled', resource: 'arn:aws:states:::sqs:sendMessage', timestamp: 0 }),
    ).toBe('TaskScheduled');
    expect(awsEventType({ type: 'ExecutionFailed', error: 'States.Timeout', timestamp: 0 })).toBe(
      'ExecutionTimedOut',
    );
    expect(
      awsEventType({
        type: 'ExecutionFailed',
        error: 'States.Timeout',
        cause: 'The task did not complete',
        timestamp: 0,
      }),
    ).toBe('ExecutionFailed');
  });

  it('remembers a Task resource from TaskScheduled, so its later events are LambdaFunction* too', () => {
    const log = createExecutionLog({ level: 'ERROR' }, ARN);
    const events: TraceEvent[] = [
      { id: 3, type: 'TaskScheduled', state: 'T', resource: LAMBDA, timestamp: 1 },
      { id: 4, type: 'TaskFailed', state: 'T', error: 'Boom', cause: 'secret', timestamp: 2 },
    ];
    const entries = events.map(log);
    expect(entries[0]).toBeUndefined();
    expect(entries[1]).toEqual({
      severity: 'error',
      message: 'LambdaFunctionFailed T',
      record: {
        id: '4',
        type: 'LambdaFunctionFailed',
        details: { name: 'T', error: 'Boom' },
        event_timestamp: '2',
        execution_arn: ARN,
      },
    });
  });

  it('logs a Fail state entry at ERROR but not at FATAL', () => {
    const event: TraceEvent = { type: 'StateEntered', stateType: 'Fail', state: 'Stop', timestamp: 0 };
    expect(createExecutionLog({ level: 'ERROR' }, ARN)(event)?.record.type).toBe('FailStateEntered');
    expect(createExecutionLog({ level: 'FATAL' }, ARN)(event)).toBeUndefined();
  });
});
