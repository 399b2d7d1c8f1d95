import { at, END, errors, findings, machine } from './helpers';

const task = (Resource: unknown) => machine({ T: { Type: 'Task', Resource, End: true } });

describe('Task resources', () => {
  it.each([
    'arn:aws:lambda:us-east-1:123456789012:function:work',
    'arn:aws:lambda:us-east-1:123456789012:function:work:live',
    'arn:aws:lambda:us-east-1:123456789012:function:work:$LATEST',
    'arn:aws:states:::lambda:invoke',
    'arn:aws:states:::lambda:invoke.waitForTaskToken',
    'arn:aws:states:::states:startExecution.sync:2',
    'arn:aws:states:::aws-sdk:s3:listBuckets',
    'arn:aws:states:us-east-1:123456789012:activity:approve',
    'arn:aws-cn:states:::sqs:sendMessage',
  ])('accepts %s', (resource) => {
    expect(errors(task(resource))).toEqual([]);
  });

  it.each([
    ['a bare name', 'createToken'],
    ['an empty Lambda alias', 'arn:aws:lambda:us-east-1:123456789012:function:work:'],
    ['a malformed Lambda alias', 'arn:aws:lambda:us-east-1:123456789012:function:work:$*#'],
    ['an action the integration lacks', 'arn:aws:states:::dynamodb:query'],
    ['.sync on an integration without it', 'arn:aws:states:::dynamodb:putItem.sync'],
  ])('rejects %s with INVALID_RESOURCE', (_why, resource) => {
    expect(at(task(resource), '/States/T/Resource').code).toBe('INVALID_RESOURCE');
  });

  it.each([
    ['.sync', 'arn:aws:states:::states:startExecution.sync'],
    ['.waitForTaskToken', 'arn:aws:states:::sns:publish.waitForTaskToken'],
  ])('forbids %s in EXPRESS machines, with AWS message', (suffix, resource) => {
    const d = at(task(resource), '/States/T/Resource', { type: 'EXPRESS' });
    expect(d.message).toBe(`Express state machine does not support '${suffix}' service integration`);
    expect(errors(task(resource), { type: 'STANDARD' })).toEqual([]);
  });

  it('forbids activities in EXPRESS machines', () => {
    expect(
      errors(task('arn:aws:states:us-east-1:123456789012:activity:a'), { type: 'EXPRESS' }),
    ).toHaveLength(1);
  });

  it('treats the iterations of an EXPRESS Distributed Map as EXPRESS executions', () => {
    const def = machine({
      M: {
        Type: 'Map',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          ...machine({
            W: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true },
          }),
        },
        End: true,
      },
    });
    expect(findings(def)).toContain(
      'ERROR SCHEMA_VALIDATION_FAILED /States/M/ItemProcessor/States/W/Resource',
    );
  });

  it('warns, without failing, about template placeholders and CloudFormation intrinsics', () => {
    expect(findings(task('${LambdaArn}'))).toEqual(['WARNING UNRESOLVED_TEMPLATE /States/T/Resource']);
    expect(findings(task({ 'Fn::GetAtt': ['Fn', 'Arn'] }))).toEqual([
      'WARNING UNRESOLVED_TEMPLATE /States/T/Resource',
    ]);
    expect(findings(task({ Something: 1 }))).toEqual(['ERROR SCHEMA_VALIDATION_FAILED /States/T/Resource']);
  });

  it('warns about ARNs of services it does not know', () => {
    expect(findings(task('arn:aws:swf:us-east-1:123456789012:task:X'))).toEqual([
      'WARNING UNRECOGNIZED_RESOURCE /States/T/Resource',
    ]);
  });

  it('checks the S3 resources of a Distributed Map', () => {
    const def = machine({
      M: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:lambda:us-east-1:1:function:x' },
        ItemProcessor: machine({ I: END }),
        End: true,
      },
    });
    expect(at(def, '/States/M/ItemReader/Resource').code).toBe('INVALID_RESOURCE');
  });
});
