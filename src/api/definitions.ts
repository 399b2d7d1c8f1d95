/** State machine definitions as the API takes them: JSON text, checked by our validator with AWS's codes. */
import { type Diagnostic } from '../asl/diagnostics';
import { loadStateMachine } from '../asl/parse';
import { type StateMachine } from '../asl/types';
import { ApiError } from './errors';

/** The definition's diagnostics and, when it has no errors, the machine. */
export function checkDefinition(text: string): {
  readonly machine?: StateMachine;
  readonly diagnostics: readonly Diagnostic[];
} {
  const { machine, diagnostics } = loadStateMachine(text);
  const errors = diagnostics.filter((d) => d.severity === 'ERROR');
  return { ...(machine && errors.length === 0 ? { machine } : {}), diagnostics };
}

/** The machine of a definition, or AWS's InvalidDefinition listing every error (`CODE: message at /path`). */
export function machineOf(text: string): StateMachine {
  const { machine, diagnostics } = checkDefinition(text);
  if (machine) return machine;
  const listed = diagnostics
    .filter((d) => d.severity === 'ERROR')
    .map((d) => `${d.code}: ${d.message} at ${d.location}`)
    .join(', ');
  throw new ApiError('InvalidDefinition', `Invalid State Machine Definition: '${listed}'`);
}
