/** Step Functions' ARNs and resource names, in AWS's forms and with AWS's refusals. */
import { ApiError } from './errors';

/** The region and account that ARNs carry (Step Functions Local's defaults: us-east-1, 123456789012). */
export interface ArnScope {
  readonly region: string;
  readonly account: string;
}

/** The default scope, as Step Functions Local has it. */
export const DEFAULT_SCOPE: ArnScope = { region: 'us-east-1', account: '123456789012' };

/** `arn:aws:states:<region>:<account>:stateMachine:<name>`. */
export function stateMachineArn(scope: ArnScope, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.account}:stateMachine:${name}`;
}

/** `arn:aws:states:<region>:<account>:execution:<machine>:<name>`. */
export function executionArn(scope: ArnScope, machine: string, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.account}:execution:${machine}:${name}`;
}

/** `arn:aws:states:<region>:<account>:activity:<name>`. */
export function activityArn(scope: ArnScope, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.account}:activity:${name}`;
}

/** The activity name of an activity ARN, or InvalidArn. */
export function parseActivityArn(arn: unknown): string {
  const { type, rest } = parse(arn);
  if (type !== 'activity' || rest === '' || rest.includes(':')) {
    throw new ApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${type}'`);
  }
  return rest;
}

const ARN = /^arn:aws[a-z-]*:states:([a-z0-9-]*):(\d*):([A-Za-z]+):(.*)$/;

function parse(arn: unknown): { type: string; rest: string } {
  if (typeof arn !== 'string') throw new ApiError('InvalidArn', `Invalid Arn: '${String(arn)}'`);
  const match = ARN.exec(arn);
  if (!match) throw new ApiError('InvalidArn', `Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  return { type: match[3], rest: match[4] };
}

/** The state machine name of a state machine ARN, or InvalidArn. */
export function parseStateMachineArn(arn: unknown): string {
  const { type, rest } = parse(arn);
  if (type !== 'stateMachine' || rest === '' || rest.includes(':')) {
    throw new ApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${type}'`);
  }
  return rest;
}

/** The machine and execution names of an execution ARN, or InvalidArn. */
export function parseExecutionArn(arn: unknown): { readonly machine: string; readonly name: string } {
  const { type, rest } = parse(arn);
  const parts = rest.split(':');
  if (type !== 'execution' || parts.length !== 2 || !parts[0] || !parts[1]) {
    throw new ApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${type}'`);
  }
  return { machine: parts[0], name: parts[1] };
}

/** What any ARN names: a state machine or an execution (TagResource and friends take either kind). */
export function resourceTypeOf(arn: unknown): string {
  return parse(arn).type;
}

// AWS: 1-80 characters, none of whitespace, < > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : / or control characters.
const BAD_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/]/u;

function hasControl(name: string): boolean {
  for (const ch of name) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** Refuses a state machine or execution name that AWS would refuse, with InvalidName. */
export function checkName(name: unknown): string {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.length > 80 ||
    BAD_NAME.test(name) ||
    hasControl(name)
  ) {
    throw new ApiError('InvalidName', `Invalid Name: '${String(name)}'`);
  }
  return name;
}
