import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type Json } from '../../src/asl/types';
import { serviceFailure } from '../errors';
import { type SdkClient } from './clients';
import {
  parametersOf,
  type ServiceCall,
  type ServiceContext,
  unsupportedAction,
  withSdkMetadata,
} from './service';

const ACTIONS = ['getItem', 'putItem', 'updateItem', 'deleteItem'];

/** `arn:aws:states:::dynamodb:getItem|putItem|updateItem|deleteItem`: DynamoDB JSON in and out, as the API has it. */
export async function dynamodbCall(call: ServiceCall, ctx: ServiceContext): Promise<Json> {
  const input = parametersOf(call) as never;
  const client = ctx.clients.get(DynamoDBClient, 'dynamodb', call.credentials);
  const send = async (command: unknown) => {
    try {
      return withSdkMetadata(await (client as SdkClient).send(command));
    } catch (err) {
      throw serviceFailure('DynamoDB', 'AmazonDynamoDBv2', err);
    }
  };
  switch (call.action) {
    case 'getItem':
      return send(new GetItemCommand(input));
    case 'putItem':
      return send(new PutItemCommand(input));
    case 'updateItem':
      return send(new UpdateItemCommand(input));
    case 'deleteItem':
      return send(new DeleteItemCommand(input));
    default:
      throw unsupportedAction(call, ACTIONS);
  }
}
