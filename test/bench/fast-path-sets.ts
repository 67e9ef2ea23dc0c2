// The two sides every bench compares: main's code path (every fast path off) and this branch (all on). Built from
// the switches' own list, so a new switch joins both sides by itself.
import { type FastPaths, fastPaths } from '../../src/engine/policy/fast-paths';

const every = (on: boolean) => Object.fromEntries(Object.keys(fastPaths()).map((k) => [k, on])) as unknown as FastPaths;

export const ALL_OFF: FastPaths = every(false);
export const ALL_ON: FastPaths = every(true);
