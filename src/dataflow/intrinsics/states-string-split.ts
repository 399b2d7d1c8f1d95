/** States.StringSplit: splits a string on any of the delimiter characters. */
import type { IntrinsicDefinition } from './signature';

/** `States.StringSplit(text, delimiters)`: every character of `delimiters` splits; empty pieces are dropped. */
export const statesStringSplit: IntrinsicDefinition = {
  signature: { name: 'States.StringSplit', args: [{ types: ['string'] }, { types: ['string'] }] },
  run: ([text, delimiters]) => {
    const stops = new Set(delimiters as string);
    const pieces: string[] = [];
    let current = '';
    for (const c of text as string) {
      if (stops.has(c)) {
        if (current) pieces.push(current);
        current = '';
      } else current += c;
    }
    if (current) pieces.push(current);
    return pieces;
  },
};
