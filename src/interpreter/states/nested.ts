import { type Json, type SubMachine } from '../../asl/types';
import { type MachineContext } from '../machine-context';

/** Runs a nested machine (Parallel branch, Map iteration) to its output; passed in to avoid an import cycle. */
export type RunMachine = (machine: SubMachine, input: Json, context: MachineContext) => Promise<Json>;
