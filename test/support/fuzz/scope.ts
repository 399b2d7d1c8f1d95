/** What a generator knows where it stands: the random source, the query language, the variables in sight. */
import { type QueryLanguage } from '../../../src/asl/types';
import { type MockedResponse } from '../../../src/interpreter/mocks';
import { type Rng } from './rng';

/** Shared by every state of one generated case. */
export interface CaseBuilder {
  readonly rng: Rng;
  /** A name never used before in this case (state names, variable names, result keys). */
  fresh(prefix: string): string;
  /** Mocked responses by state name, filled as mocked Tasks are generated. */
  readonly mocks: Record<string, MockedResponse[]>;
}

/** Where in the machine a state is generated. */
export interface Scope {
  readonly lang: QueryLanguage;
  /** Whether the machine's top level is JSONata (then no state may say JSONPath). */
  readonly jsonataMachine: boolean;
  /** Nesting depth: 0 for the top level, +1 inside each Parallel branch or Map processor. */
  readonly depth: number;
  /** Inside a Map iteration, where `$$.Map.Item` exists. */
  readonly inMap: boolean;
  /** Inside a Distributed Map's processor (a child execution on Temporal: single-answer mocks only). */
  readonly inDistributed: boolean;
  /** Variables assigned earlier on the way here (they may still be unset at run time: Catch and Choice skip). */
  readonly vars: string[];
}
