// The expert-prompt editor's checks: errors block an edit, warnings only say what is probably unintended.
import { describe, expect, it } from 'vitest';
import { expertWarnings, validateExperts } from '../../src/ui/config/ExpertEditor';

const e = (id: string, prefix: string, enabled = true) => ({ id, prefix, enabled });

describe('expert editor checks', () => {
  it('blocks missing or duplicate ids, unreadable characters and an all-disabled list', () => {
    expect(validateExperts([e('a', 'p:'), e('b', 'r:')])).toEqual([]);
    expect(validateExperts([e('', 'p:')]).join(' ')).toMatch(/needs an id/);
    expect(validateExperts([e('a', 'p:'), e('a', 'r:')]).join(' ')).toMatch(/ids must be unique/);
    expect(validateExperts([e('a', 'P!')]).join(' ')).toMatch(/tokenizer cannot read/);
    expect(validateExperts([e('a', 'p:', false)]).join(' ')).toMatch(/Enable at least one expert/);
  });

  it('warns (without blocking) about an empty prefix and a shared prefix', () => {
    expect(validateExperts([e('a', ''), e('b', 'r:'), e('c', 'r:')])).toEqual([]);
    const w = expertWarnings([e('a', ''), e('b', 'r:'), e('c', 'r:')]).join(' ');
    expect(w).toMatch(/"a" has an empty prefix/);
    expect(w).toMatch(/"b" and "c" share the prefix "r:"/);
    expect(expertWarnings([e('a', 'p:'), e('b', 'r:')])).toEqual([]);
    expect(expertWarnings([e('a', 'p:'), e('b', 'p:', false)])).toEqual([]); // disabled experts do not count
  });
});
