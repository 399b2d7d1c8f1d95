/** TagResource, UntagResource and ListTagsForResource, for state machines and activities. */
import { parseActivityArn, parseStateMachineArn, resourceTypeOf } from './arn';
import { type ApiContext, type Operation } from './context';
import { ApiError, invalidMember } from './errors';
import { type ApiRequest, requiredString } from './request';
import { tagsOf } from './state-machine-operations';

/** The resource a tag operation names: a state machine or an activity. */
function tagged(request: ApiRequest): { arn: string; kind: 'stateMachine' | 'activity'; name: string } {
  const arn = requiredString(request, 'resourceArn');
  const type = resourceTypeOf(arn);
  if (type === 'stateMachine') return { arn, kind: type, name: parseStateMachineArn(arn) };
  if (type === 'activity') return { arn, kind: type, name: parseActivityArn(arn) };
  throw new ApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${type}'`);
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
  const { arn, kind, name } = tagged(request);
  const store = kind === 'activity' ? context.activities : context.machines;
  const tags = await store.tag(name, add, remove);
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
  const { arn, kind, name } = tagged(request);
  const record = await (kind === 'activity' ? context.activities : context.machines).get(name);
  if (!record) throw notFound(arn);
  return { tags: record.tags };
};

/** The tag operations by name. */
export const TAG_OPERATIONS: Readonly<Record<string, Operation>> = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
