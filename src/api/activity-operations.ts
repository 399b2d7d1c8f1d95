/** The activity operations: CreateActivity, DescribeActivity, DeleteActivity, ListActivities, GetActivityTask. */
import { activityArn, checkName, parseActivityArn } from './arn';
import { pollActivityTask } from './activity-tasks';
import { type Operation } from './context';
import { ApiError, invalidMember } from './errors';
import { epochSeconds, optionalString, page, requiredString } from './request';
import { tagsOf } from './state-machine-operations';

const createActivity: Operation = async (request, context) => {
  const name = checkName(requiredString(request, 'name'));
  const record = await context.activities.create({ name, creationDate: Date.now(), tags: tagsOf(request) });
  return { activityArn: activityArn(context.scope, name), creationDate: epochSeconds(record.creationDate) };
};

const describeActivity: Operation = async (request, context) => {
  const arn = requiredString(request, 'activityArn');
  const record = await context.activities.get(parseActivityArn(arn));
  if (!record) throw new ApiError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);
  return {
    activityArn: activityArn(context.scope, record.name),
    name: record.name,
    creationDate: epochSeconds(record.creationDate),
  };
};

const deleteActivity: Operation = async (request, context) => {
  await context.activities.delete(parseActivityArn(requiredString(request, 'activityArn')));
  return {};
};

const listActivities: Operation = async (request, context) => {
  const { items, nextToken } = page(await context.activities.list(), request);
  return {
    activities: items.map((r) => ({
      activityArn: activityArn(context.scope, r.name),
      name: r.name,
      creationDate: epochSeconds(r.creationDate),
    })),
    ...(nextToken ? { nextToken } : {}),
  };
};

const getActivityTask: Operation = async (request, context, signal) => {
  const arn = requiredString(request, 'activityArn');
  const name = parseActivityArn(arn);
  const workerName = optionalString(request, 'workerName');
  if (workerName !== undefined && workerName.length > 80) {
    throw invalidMember('workerName', 'Member must have length less than or equal to 80');
  }
  if (!(await context.activities.get(name))) {
    throw new ApiError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);
  }
  return pollActivityTask(context.client, name, workerName, signal, context.activityPollSeconds);
};

/** The activity operations by name. */
export const ACTIVITY_OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateActivity: createActivity,
  DescribeActivity: describeActivity,
  DeleteActivity: deleteActivity,
  ListActivities: listActivities,
  GetActivityTask: getActivityTask,
};
