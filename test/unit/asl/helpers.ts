/** Small builders and matchers shared by the ASL unit tests. */
import type { Diagnostic } from '../../../src/asl/diagnostics';
import { validateStateMachine, type ValidateOptions } from '../../../src/asl/validate';

/** A machine around some states, starting at the first one. */
export function machine(
  states: Record<string, unknown>,
  top: Record<string, unknown> = {},
): Record<string, unknown> {
  return { StartAt: Object.keys(states)[0], States: states, ...top };
}

/** The diagnostics of a definition, as `SEVERITY CODE location` strings (easy to read in a failing test). */
export function findings(definition: unknown, options?: ValidateOptions): string[] {
  return validateStateMachine(definition, options).map((d) => `${d.severity} ${d.code} ${d.location}`);
}

/** Only the ERROR diagnostics. */
export function errors(definition: unknown, options?: ValidateOptions): Diagnostic[] {
  return validateStateMachine(definition, options).filter((d) => d.severity === 'ERROR');
}

/** The one diagnostic at a location (fails the test when there is not exactly one). */
export function at(definition: unknown, location: string, options?: ValidateOptions): Diagnostic {
  const found = validateStateMachine(definition, options).filter((d) => d.location === location);
  if (found.length !== 1)
    throw new Error(`expected one diagnostic at ${location}, got ${JSON.stringify(found)}`);
  return found[0];
}

/** A Pass state that ends. */
export const END = { Type: 'Pass', End: true } as const;
