// Two identical trainers stepped in turn, one with some fast-path switches on and one with them off: the metrics
// (wall clock aside) and every weight must come out the same bits. The check every "same bits" switch ends with.
import { expect } from 'vitest';
import { type FastPaths, setFastPaths } from '../../src/engine/policy/fast-paths';
import type { RunConfig } from '../../src/engine/config';
import { Trainer } from '../../src/engine/rl/trainer';
import { withoutWallClock } from './tf';

export async function expectSwitchesKeepTraining(
  config: RunConfig,
  switchesOn: Partial<FastPaths>,
  switchesOff: Partial<FastPaths>,
  steps: number,
): Promise<void> {
  const trainers = [switchesOn, switchesOff].map((patch) => ({ patch, trainer: new Trainer({ config, earlyStopEvery: 0 }) }));
  const lines: Record<string, number>[][] = [[], []];
  try {
    for (let step = 0; step < steps; step++) {
      for (const [i, { patch, trainer }] of trainers.entries()) {
        const previous = setFastPaths(patch);
        try {
          lines[i].push(withoutWallClock((await trainer.trainStep()).metrics as unknown as Record<string, number>));
        } finally {
          setFastPaths(previous);
        }
      }
    }
    expect(lines[0]).toEqual(lines[1]);
    const [a, b] = await Promise.all(trainers.map(({ trainer }) => trainer.policy.readValues()));
    for (const [name, values] of a) {
      expect(Array.from(new Uint32Array(values.buffer)), name).toEqual(Array.from(new Uint32Array(b.get(name)!.buffer)));
    }
  } finally {
    for (const { trainer } of trainers) trainer.dispose();
  }
}
