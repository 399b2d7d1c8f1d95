/** AWS's messages for payload-template failures, in one place. */
import type { ExecutionError } from '../asl/errors';
import type { Json } from '../asl/types';
import { runtimeError } from './errors';
import { toJsonText } from './json';

/** "The JSONPath '$.x' specified for the field 'k.$' could not be found in the input '{...}'" (States.Runtime). */
export function pathNotFoundInField(path: string, field: string, input: Json): ExecutionError {
  return runtimeError(
    `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${toJsonText(input)}'`,
  );
}
