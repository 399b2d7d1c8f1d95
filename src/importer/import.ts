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

/** A file's bytes as text, or why they are not UTF-8 (where the first bad byte is). */
export type DecodedText =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/**
 * Decodes a definition (or input) file's bytes as UTF-8, refusing invalid bytes instead of silently turning them
 * into U+FFFD as `readFile(path, 'utf8')` does: AWS's API takes only UTF-8 text. A BOM is dropped.
 */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const at = firstInvalidByte(bytes);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at; i += 1) {
      if (bytes[i] === 0x0a) {
        line += 1;
        lineStart = i + 1;
      }
    }
    const hex = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return {
      ok: false,
      message: `it is not valid UTF-8: byte 0x${hex} at offset ${at} (line ${line}, byte ${at - lineStart + 1} of the line)`,
    };
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      decoder.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
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
