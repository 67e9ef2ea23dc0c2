// lz-string's decompressFromEncodedURIComponent with a cap on the output. Why not the library's: LZ dictionary
// entries grow by one character per code, so the output can grow with the square of the input; a 56 KB link
// expanded to 300 million characters (seconds and about 1 GB on the main thread) before it could be rejected.
// This port stops as soon as the output would pass `maxChars`. Same format as lz-string 1.5 (URI-safe alphabet).

const URI_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const VALUE_OF = new Map<string, number>([...URI_SAFE].map((ch, i) => [ch, i]));

export type BoundedResult = { ok: true; text: string } | { ok: false; reason: 'corrupt' | 'too-large' };

/** Decompress lz-string's EncodedURIComponent form; never throws, never produces more than maxChars. */
export function decompressUriBounded(input: string, maxChars: number): BoundedResult {
  const src = input.replace(/ /g, '+');
  if (src === '') return { ok: false, reason: 'corrupt' };
  for (const ch of src) if (!VALUE_OF.has(ch)) return { ok: false, reason: 'corrupt' };
  const RESET = 32;
  const length = src.length;
  const value = (i: number): number => VALUE_OF.get(src.charAt(i)) ?? 0;
  const data = { val: value(0), position: RESET, index: 1 };
  const readBits = (n: number): number => {
    let bits = 0;
    for (let power = 1, k = 0; k < n; k++, power <<= 1) {
      const resb = data.val & data.position;
      data.position >>= 1;
      if (data.position === 0) {
        data.position = RESET;
        data.val = value(data.index++);
      }
      if (resb > 0) bits |= power;
    }
    return bits;
  };

  const dictionary: string[] = ['0', '1', '2'];
  let dictSize = 4;
  let numBits = 3;
  let enlargeIn = 4;
  const first = readBits(2);
  if (first === 2) return { ok: true, text: '' };
  if (first !== 0 && first !== 1) return { ok: false, reason: 'corrupt' };
  let w = String.fromCharCode(readBits(first === 0 ? 8 : 16));
  dictionary[3] = w;
  const result: string[] = [w];
  let total = w.length;
  for (;;) {
    if (data.index > length) return { ok: false, reason: 'corrupt' };
    let c = readBits(numBits);
    if (c === 2) return { ok: true, text: result.join('') };
    if (c === 0 || c === 1) {
      dictionary[dictSize++] = String.fromCharCode(readBits(c === 0 ? 8 : 16));
      c = dictSize - 1;
      enlargeIn--;
    }
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    let entry: string;
    if (c < dictSize && dictionary[c] !== undefined && c >= 3) entry = dictionary[c];
    else if (c === dictSize) entry = w + w.charAt(0);
    else return { ok: false, reason: 'corrupt' };
    total += entry.length;
    if (total > maxChars) return { ok: false, reason: 'too-large' };
    result.push(entry);
    dictionary[dictSize++] = w + entry.charAt(0);
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
}
