// The inspector's p(x) source: probes arrive with reports after an oracle step, per variant; a new run clears them.
// And the sentence the inspector shows when a run has no p(x).
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, mergeConfig, parseConfig } from '../../src/engine/config';
import type { ProbeSnapshot } from '../../src/engine/rl/types';
import { whyNoProbes } from '../../src/ui/compare/OracleProbes';
import { ProbeStore } from '../../src/ui/compare/probeStore';
import type { WorkerEvent } from '../../src/worker/protocol';

const probe = (id: string, p: number): ProbeSnapshot => ({
  problemId: id,
  p,
  value: p,
  step: 2,
  group: { problemId: id, question: '1+1=', answer: '2', rollouts: [], zeroAdvantage: true, filtered: false },
});
const report = (runId: number, variant: number, probes?: ProbeSnapshot[]): WorkerEvent => ({
  type: 'report',
  runId,
  variant,
  step: 2,
  metrics: {},
  groups: [],
  numTensors: 0,
  ...(probes ? { probes } : {}),
});

describe('ProbeStore', () => {
  it('keeps the latest probes per variant, ignores reports without them and older runs, and clears on a new run', () => {
    const s = new ProbeStore();
    let calls = 0;
    s.subscribe(() => calls++);
    s.handleEvent(report(3, 0, [probe('a', 0.5)]));
    s.handleEvent(report(3, 1, [probe('a', 0.25)]));
    s.handleEvent(report(3, 0));
    expect(s.getSnapshot().byVariant.map((v) => v?.map((p) => p.p))).toEqual([[0.5], [0.25]]);
    s.handleEvent(report(2, 0, [probe('old', 1)]));
    expect(s.getSnapshot().byVariant[0]![0].problemId).toBe('a');
    s.handleEvent({ type: 'state', runId: 4, status: 'initializing', step: 0 });
    expect(s.getSnapshot()).toEqual({ runId: 4, byVariant: [] });
    expect(calls).toBe(3);
  });

  it('says why a run has no p(x): oracle off, evals off, or not yet measured', () => {
    const cfg = (patch: object) => parseConfig(mergeConfig(DEFAULT_CONFIG, patch));
    expect(whyNoProbes(cfg({ oracleSamples: 0 }))).toMatch(/oracle is off/);
    expect(whyNoProbes(cfg({ evalEvery: 0 }))).toMatch(/evals are off/);
    expect(whyNoProbes(cfg({ evalEvery: 5 }))).toMatch(/first measured at step 5/);
  });
});
