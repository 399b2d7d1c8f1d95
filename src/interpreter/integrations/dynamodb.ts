/**
 * DynamoDB's item actions (AWS: connect-ddb). Nothing is required here: a missing or null Key or Item reaches
 * DynamoDB, which answers "Value null at 'item' failed to satisfy constraint" itself (the corpus's
 * errorhandling/invalid_param).
 */
import type { StructureShape } from './shapes';

/** The fields of getItem, putItem, updateItem and deleteItem requests. */
export const DYNAMODB_ITEM_ACTION: StructureShape = {
  fields: {
    TableName: 'string',
    Key: 'object',
    Item: 'object',
    AttributesToGet: 'list',
    AttributeUpdates: 'object',
    ConditionalOperator: 'string',
    ConditionExpression: 'string',
    ConsistentRead: 'boolean',
    Expected: 'object',
    ExpressionAttributeNames: 'object',
    ExpressionAttributeValues: 'object',
    ProjectionExpression: 'string',
    ReturnConsumedCapacity: 'string',
    ReturnItemCollectionMetrics: 'string',
    ReturnValues: 'string',
    ReturnValuesOnConditionCheckFailure: 'string',
    UpdateExpression: 'string',
  },
};
