/** Padding and hex output shared by the SHA family. */

/** Pads a message as SHA does: 0x80, zeros, then the bit length big-endian in `lengthBytes` bytes. */
export function padMessage(input: readonly number[], blockBytes: number, lengthBytes: number): number[] {
  const bytes = [...input, 0x80];
  while (bytes.length % blockBytes !== blockBytes - lengthBytes) bytes.push(0);
  const bitLength = input.length * 8;
  for (let i = lengthBytes - 1; i >= 0; i -= 1) {
    bytes.push(i >= 6 ? 0 : Math.floor(bitLength / 2 ** (8 * i)) & 0xff);
  }
  return bytes;
}

/** 32-bit words as big-endian lowercase hex. */
export function wordsHex(words: readonly number[]): string {
  return words.map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
}
