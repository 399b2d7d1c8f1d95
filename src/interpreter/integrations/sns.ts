/**
 * SNS publish (AWS: connect-sns): the Message may be any JSON, sent serialized; SNS itself judges the rest (a FIFO
 * topic's MessageGroupId: the corpus's services/fifo_message_attribute).
 */
import type { StructureShape } from './shapes';

/** The Publish request. */
export const SNS_PUBLISH: StructureShape = {
  fields: {
    TopicArn: 'string',
    TargetArn: 'string',
    PhoneNumber: 'string',
    Message: 'json',
    Subject: 'string',
    MessageStructure: 'string',
    MessageAttributes: 'object',
    MessageDeduplicationId: 'string',
    MessageGroupId: 'string',
  },
};
