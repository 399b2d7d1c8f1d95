/** TagResource, UntagResource and ListTagsForResource, for state machines. */
import { parseStateMachineArn, resourceTypeOf } from './arn';
import { type ApiContext, type Operation } from './context';
import { ApiError, invalidMember } from './errors';
import { type ApiRequest, requiredString } from './request';
import { tagsOf } from './state-machine-operations';

/** The machine name of a taggable resource ARN (only state machines are taggable here). */
function taggedMachine(request: ApiRequest): { arn: string; name: string } {
  const arn = requiredString(request, 'resourceArn');
  if (resourceTypeOf(arn) !== 'stateMachine') {
    throw new ApiError(
      'InvalidArn',
      `Invalid Arn: 'Resource type not valid in this context: ${resourceTypeOf(arn)}'`,
    );
  }
  return { arn, name: parseStateMachineArn(arn) };
}

function notFound(arn: string): ApiError {
  return new ApiError('ResourceNotFound', `Resource not found: '${arn}'`);
}

async function change(
  request: ApiRequest,
  context: ApiContext,
  add: ReturnType<typeof tagsOf>,
  remove: string[],
): Promise<object> {
  const { arn, name } = taggedMachine(request);
  const tags = await context.machines.tag(name, add, remove);
  if (!tags) throw notFound(arn);
  return {};
}

const tagResource: Operation = (request, context) => change(request, context, tagsOf(request), []);

const untagResource: Operation = (request, context) => {
  const keys = request.tagKeys;
  if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string')) {
    throw invalidMember('tagKeys', 'Member must be a list of strings');
  }
  return change(request, context, [], keys as string[]);
};

const listTagsForResource: Operation = async (request, context) => {
  const { arn, name } = taggedMachine(request);
  const record = await context.machines.get(name);
  if (!record) throw notFound(arn);
  return { tags: record.tags };
};

/** The tag operations by name. */
export const TAG_OPERATIONS: Readonly<Record<string, Operation>> = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
