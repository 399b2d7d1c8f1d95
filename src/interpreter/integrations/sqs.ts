/** SQS sendMessage (AWS: connect-sqs): the MessageBody may be any JSON, which Step Functions sends serialized. */
import type { StructureShape } from './shapes';

/** The SendMessage request. */
export const SQS_SEND_MESSAGE: StructureShape = {
  fields: {
    QueueUrl: 'string',
    MessageBody: 'json',
    DelaySeconds: 'integer',
    MessageAttributes: 'object',
    MessageSystemAttributes: 'object',
    MessageDeduplicationId: 'string',
    MessageGroupId: 'string',
  },
};
