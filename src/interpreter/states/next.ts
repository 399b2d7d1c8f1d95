import { type Transition } from '../../asl/types';

/** Where a state with Next/End goes: the next state's name, or null at the end. */
export function nextOf(state: Transition): string | null {
  return state.End ? null : (state.Next ?? null);
}
