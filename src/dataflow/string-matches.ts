/** The `StringMatches` pattern language: `*` matches any run of characters; `\*` and `\\` are literal. */

const cache = new Map<string, RegExp>();

/** Whether a string matches a StringMatches pattern. */
export function stringMatches(value: string, pattern: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    let source = '';
    for (let i = 0; i < pattern.length; i += 1) {
      const c = pattern[i];
      if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
        source += escapeRegex(pattern[i + 1]);
        i += 1;
      } else if (c === '*') source += '[\\s\\S]*';
      else source += escapeRegex(c);
    }
    regex = new RegExp(`^${source}$`, 'u');
    cache.set(pattern, regex);
  }
  return regex.test(value);
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
