/**
 * A fuzz case (machine, mocks, input) as a fast-check arbitrary, and the run settings every fuzz test shares:
 * `ASL_FUZZ_RUNS` scales the case counts (npm test: the defaults; `npm run soak`: 50x), `ASL_FUZZ_SEED` replays.
 */
import fc from 'fast-check';
import { type Json } from '../../../src/asl/types';
import { executionInput } from './input';
import { generateMachine, type GeneratedMachine } from './machine';

/** One generated case. */
export interface FuzzCase extends GeneratedMachine {
  /** The machine's seed: `generateMachine(seed)` rebuilds it. */
  readonly seed: number;
  readonly input: Json;
}

/** Generated cases: fast-check picks the machine's seed and the input. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.integer({ min: 0, max: 0x7fffffff }), executionInput)
  .map(([seed, input]) => ({ seed, input, ...generateMachine(seed) }));

/** npm test's total of fuzz cases over the unit properties; ASL_FUZZ_RUNS overrides it (soak: 100,000). */
const DEFAULT_TOTAL = 2000;

/** How many cases a property runs: its `share` of the total (ASL_FUZZ_RUNS, else npm test's 2,000). */
export function fuzzRuns(share: number): number {
  const total = Number(process.env.ASL_FUZZ_RUNS ?? DEFAULT_TOTAL);
  return Math.max(1, Math.round((Number.isFinite(total) && total > 0 ? total : DEFAULT_TOTAL) * share));
}

/** The seed of this run: ASL_FUZZ_SEED, else a fixed one, so npm test is the same run every time. */
export const FUZZ_SEED = Number(process.env.ASL_FUZZ_SEED ?? 20261201);

/** fast-check parameters for a property: the run's seed, a share of the cases, the seed and path on failure. */
export function fuzzParameters(share: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: fuzzRuns(share), endOnFailure: true, verbose: 1 };
}

/**
 * A jest timeout for a property running `share` of the cases: a minute, or 200 ms a case. A case takes some 10 ms
 * here; the margin is for a machine loaded by other work (a CI trial beside a conformance run took 70 s for 1,000),
 * since this timeout guards against hangs, not speed (the benchmarks measure that).
 */
export function fuzzTimeoutMs(share: number, msPerCase = 200): number {
  return Math.max(60_000, fuzzRuns(share) * msPerCase);
}
