import { join } from 'node:path';
import { readJsonLines } from '../../src/conformance/cases';

export { type ExecutionCase, readJsonLines } from '../../src/conformance/cases';
export { type ActualResult, compareResult, matches, normalise } from '../../src/conformance/compare';

/** The corpus that ships with the project (a copy of the shared corpus, refreshed when that grows). */
export const CORPUS_DIR = join(__dirname, '..', 'conformance', 'corpus');

/** Reads one file of the project's corpus (`executions.jsonl`, `validation.jsonl`). */
export function readCorpus<T>(name: string): T[] {
  return readJsonLines<T>(join(CORPUS_DIR, name));
}
