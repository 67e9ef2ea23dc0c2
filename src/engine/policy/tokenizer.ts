// Character tokenizer shared by every task. Id 0 is padding; the terminator '.' ends a completion.

import { TERMINATOR } from '../terminator';

export { TERMINATOR };
export const PAD_ID = 0;
/** Every character a prompt or completion may contain. Order is part of the checkpoint format: append only. */
export const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz+-*/=<>:;,|#?_ .()[]';

const charToId = new Map<string, number>();
for (let i = 0; i < ALPHABET.length; i++) charToId.set(ALPHABET[i], i + 1);

export const VOCAB_SIZE = ALPHABET.length + 1;
export const EOS_ID = charToId.get(TERMINATOR)!;

/** Characters of `text` that the tokenizer cannot encode (for readable validation errors). */
export function unknownChars(text: string): string[] {
  const bad = new Set<string>();
  for (const ch of text) if (!charToId.has(ch)) bad.add(ch);
  return [...bad];
}

export function encode(text: string): number[] {
  const ids: number[] = [];
  for (const ch of text) {
    const id = charToId.get(ch);
    if (id === undefined) {
      throw new Error(`Cannot encode character ${JSON.stringify(ch)}: allowed are ${JSON.stringify(ALPHABET)}`);
    }
    ids.push(id);
  }
  return ids;
}

/** Decode ids; padding decodes to nothing. Unknown ids decode to '?' so decoding never throws. */
export function decode(ids: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === PAD_ID) continue;
    out += ALPHABET[id - 1] ?? '?';
  }
  return out;
}

/** Cut a sampled completion after the first terminator (kept); the rest is padding. */
export function cutAtTerminator(ids: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] === PAD_ID) break;
    out.push(ids[i]);
    if (ids[i] === EOS_ID) break;
  }
  return out;
}
