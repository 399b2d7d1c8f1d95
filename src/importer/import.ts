import { basename, dirname } from 'node:path';
import { type Diagnostic } from '../asl/diagnostics';
import { loadStateMachine } from '../asl/parse';
import { type Substitutions } from '../asl/substitute';
import { type Json, type StateMachine } from '../asl/types';
import { type TaskMocks } from '../interpreter/mocks';
import { type StateMachineWorkflowInput } from '../../workflows/state-machine-input';

/** A definition file turned into what the generic workflow runs, or the reasons it cannot be. */
export type ImportResult =
  | {
      readonly ok: true;
      readonly machine: StateMachine;
      readonly name: string;
      readonly warnings: readonly Diagnostic[];
    }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** The state machine's name for a definition file: `examples/x/definition.asl.json` is `x`, `order.asl.json` is `order`. */
export function stateMachineNameOf(file: string): string {
  const base = basename(file).replace(/(\.asl)?\.(json|ya?ml)$/i, '');
  return base === 'definition' || base === 'statemachine' ? basename(dirname(file)) || base : base;
}

/** Parses, substitutes and validates a definition's text (JSON or YAML). */
export function importDefinition(
  text: string,
  options: { readonly file: string; readonly substitutions?: Substitutions; readonly name?: string },
): ImportResult {
  const { machine, diagnostics } = loadStateMachine(text, { substitutions: options.substitutions });
  if (!machine) return { ok: false, diagnostics };
  return {
    ok: true,
    machine,
    name: options.name ?? stateMachineNameOf(options.file),
    warnings: diagnostics.filter((d) => d.severity === 'WARNING'),
  };
}

/** The generic workflow's input for one execution of an imported machine. */
export function workflowInput(
  machine: StateMachine,
  name: string,
  input: Json,
  extra: { readonly mocks?: TaskMocks; readonly region?: string; readonly account?: string } = {},
): StateMachineWorkflowInput {
  return { definition: machine, input, stateMachineName: name, ...extra };
}
