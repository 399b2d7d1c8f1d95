import { readFileSync } from 'node:fs';
import { type Json, type StateMachine } from '../asl/types';
import { type TaskMocks } from '../interpreter/mocks';

/** One entry of a case's recorded trace: a StateEntered or StateExited event as AWS reported it. */
export interface ExpectedTraceEntry {
  readonly event: 'StateEntered' | 'StateExited';
  readonly state: string;
  readonly input?: Json;
  readonly output?: Json;
  readonly assignedVariables?: Json;
}

/** One execution case recorded against AWS (format: test/conformance/corpus/README.md). */
export interface ExecutionCase {
  readonly id: string;
  readonly category: string;
  readonly definition: StateMachine;
  readonly input: Json;
  readonly mocks?: TaskMocks;
  readonly expected:
    | { readonly status: 'SUCCEEDED'; readonly output: Json }
    | { readonly status: 'FAILED'; readonly error?: string; readonly cause?: Json };
  readonly trace?: readonly ExpectedTraceEntry[];
}

/** Reads a JSON-lines file, one value per non-empty line; a bad line is reported with its number. */
export function readJsonLines<T>(file: string): T[] {
  const values: T[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        values.push(JSON.parse(line) as T);
      } catch (err) {
        throw new Error(
          `${file}:${i + 1} is not JSON (${(err as Error).message}); each line must be one case.`,
        );
      }
    });
  return values;
}
