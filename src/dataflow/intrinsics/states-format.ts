/** States.Format: fills the `{}` placeholders of a template with the other arguments. */
import { intrinsicFailure } from '../errors';
import { toJavaString } from '../json';
import type { IntrinsicDefinition } from './signature';

/** `States.Format(template, ...values)`; `\{` and `\}` in a literal template are literal braces. */
export const statesFormat: IntrinsicDefinition = {
  signature: { name: 'States.Format', args: [{ types: ['string'] }], rest: { types: ['any'] } },
  run: ([template, ...values], { rawLiterals }) => {
    // A literal template keeps its escapes so that `\{}` is not a placeholder; a template read from a path has none.
    const raw = rawLiterals[0] ?? (template as string);
    let out = '';
    let used = 0;
    for (let i = 0; i < raw.length; i += 1) {
      const c = raw[i];
      if (c === '\\' && i + 1 < raw.length && rawLiterals[0] !== undefined) {
        out += raw[i + 1];
        i += 1;
      } else if (c === '{' && raw[i + 1] === '}') {
        if (used >= values.length) break;
        out += toJavaString(values[used]);
        used += 1;
        i += 1;
      } else {
        out += c;
      }
    }
    const placeholders = countPlaceholders(raw, rawLiterals[0] !== undefined);
    if (placeholders !== values.length) {
      throw intrinsicFailure(
        `The number of arguments to States.Format (${values.length}) does not match the number of placeholders in its template (${placeholders}).`,
      );
    }
    return out;
  },
};

function countPlaceholders(raw: string, escapes: boolean): number {
  let count = 0;
  for (let i = 0; i < raw.length; i += 1) {
    if (escapes && raw[i] === '\\') i += 1;
    else if (raw[i] === '{' && raw[i + 1] === '}') {
      count += 1;
      i += 1;
    }
  }
  return count;
}
