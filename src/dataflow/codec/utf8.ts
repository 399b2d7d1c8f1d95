/** UTF-8 encoding and decoding without Node's Buffer or TextEncoder (the workflow sandbox may lack them). */

/** The UTF-8 bytes of a string; lone surrogates become U+FFFD, as Java does. */
export function utf8Encode(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i += 1;
      } else code = 0xfffd;
    } else if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000)
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else {
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 0x3f),
        0x80 | ((code >> 6) & 0x3f),
        0x80 | (code & 0x3f),
      );
    }
  }
  return bytes;
}

/** Decodes UTF-8 bytes; malformed sequences become U+FFFD, as Java's `new String(bytes, UTF_8)` does. */
export function utf8Decode(bytes: readonly number[]): string {
  let text = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const [length, min, initial] =
      b < 0x80
        ? [1, 0, b]
        : b >= 0xc2 && b < 0xe0
          ? [2, 0x80, b & 0x1f]
          : b >= 0xe0 && b < 0xf0
            ? [3, 0x800, b & 0x0f]
            : b >= 0xf0 && b < 0xf5
              ? [4, 0x10000, b & 0x07]
              : [0, 0, 0];
    if (length === 0) {
      text += '\ufffd';
      i += 1;
      continue;
    }
    let code = initial;
    let k = 1;
    for (; k < length; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) break;
      code = (code << 6) | (c & 0x3f);
    }
    if (k < length || code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      text += '\ufffd';
      i += Math.max(k, 1);
      continue;
    }
    text += String.fromCodePoint(code);
    i += length;
  }
  return text;
}
