import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../src/engine/rng';
import {
  ALPHABET,
  EOS_ID,
  PAD_ID,
  TERMINATOR,
  VOCAB_SIZE,
  cutAtTerminator,
  decode,
  encode,
  unknownChars,
} from '../../src/engine/policy/tokenizer';
import { TASK_LIST, buildPrompt } from '../../src/engine/tasks/index';

describe('tokenizer', () => {
  it('has one id per character, padding at 0, and the terminator as EOS', () => {
    expect(new Set(ALPHABET).size).toBe(ALPHABET.length);
    expect(VOCAB_SIZE).toBe(ALPHABET.length + 1);
    expect(PAD_ID).toBe(0);
    expect(decode([EOS_ID])).toBe(TERMINATOR);
    const ids = encode(ALPHABET);
    expect(ids).toEqual(Array.from({ length: ALPHABET.length }, (_, i) => i + 1));
    expect(ids).not.toContain(PAD_ID);
  });

  it('round-trips every task prompt and demonstration', () => {
    for (const task of TASK_LIST) {
      const rng = new Rng(3, `tok/${task.id}`);
      for (let d = task.difficulty.min; d <= task.difficulty.max; d++) {
        for (let i = 0; i < 30; i++) {
          const p = task.sample(rng, d);
          for (const e of task.experts) {
            for (let level = 0; level <= task.hintLevels; level++) {
              const prompt = buildPrompt(task, p, e.id, level);
              expect(decode(encode(prompt))).toBe(prompt);
            }
            const demo = task.demonstrate(p, e.id);
            expect(decode(encode(demo))).toBe(demo);
            // A sampled demonstration followed by padding cuts back to itself.
            expect(decode(cutAtTerminator([...encode(demo), ...encode('zz'), PAD_ID]))).toBe(demo);
          }
        }
      }
    }
  });

  it('round-trips random alphabet strings (seeded rng and fast-check)', () => {
    const rng = new Rng(9, 'tok/random');
    for (let i = 0; i < 200; i++) {
      let s = '';
      const n = rng.int(0, 60);
      for (let j = 0; j < n; j++) s += rng.pick([...ALPHABET]);
      expect(decode(encode(s))).toBe(s);
    }
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 80 }), (s) => decode(encode(s)) === s),
      { numRuns: 300, seed: 1 },
    );
  });

  it('rejects unknown characters with a message listing the alphabet', () => {
    for (const bad of ['A', 'hello World', 'é', '😀', '\n', '!']) {
      expect(() => encode(bad)).toThrow(JSON.stringify(ALPHABET));
      expect(unknownChars(bad).length).toBeGreaterThan(0);
    }
    expect(unknownChars('abAé!a')).toEqual(['A', 'é', '!']);
    expect(unknownChars(ALPHABET)).toEqual([]);
  });

  it('decode skips padding and never throws on unknown ids', () => {
    expect(decode([PAD_ID, ...encode('ab'), PAD_ID])).toBe('ab');
    expect(decode([999, -1, 1.5])).toBe('???');
    expect(decode(new Int32Array(encode('1+2=')))).toBe('1+2=');
  });

  it('cutAtTerminator keeps up to and including the first terminator, and stops at padding', () => {
    expect(decode(cutAtTerminator(encode('12.34.')))).toBe('12.');
    expect(decode(cutAtTerminator(encode('.abc')))).toBe('.');
    expect(decode(cutAtTerminator(encode('abc')))).toBe('abc'); // truncated: no terminator
    expect(cutAtTerminator([...encode('ab'), PAD_ID, ...encode('c.')])).toEqual(encode('ab'));
    expect(cutAtTerminator([])).toEqual([]);
    expect(cutAtTerminator(new Int32Array([PAD_ID, EOS_ID]))).toEqual([]);
  });
});
