/**
 * Task tokens: opaque to users, but they must lead a SendTaskSuccess back to the one execution (workflow) and the one
 * waiting Task that issued them, so they carry the workflow id beside a random id.
 */
const PREFIX = 'asl1';

/** What a task token identifies. */
export interface TaskTokenParts {
  /** The workflow that waits (the execution, or a Distributed Map batch's child workflow). */
  readonly workflowId: string;
  /** Unique per Task attempt. */
  readonly id: string;
}

/** Encodes a task token. */
export function encodeTaskToken(parts: TaskTokenParts): string {
  return `${PREFIX}:${parts.id}:${encodeURIComponent(parts.workflowId)}`;
}

/** Decodes a task token, or undefined when it is not one of ours (Step Functions' InvalidToken). */
export function decodeTaskToken(token: string): TaskTokenParts | undefined {
  const match = /^asl1:([0-9a-f-]{36}):(.+)$/.exec(token);
  if (!match) return undefined;
  try {
    return { id: match[1], workflowId: decodeURIComponent(match[2]) };
  } catch {
    return undefined;
  }
}
