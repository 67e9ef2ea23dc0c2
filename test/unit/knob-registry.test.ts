// The knob registry (engine/knobs) is complete and is what the form, the CLI, the diff labels and the exports read.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/engine/config';
import {
  configPaths,
  exportNotes,
  fieldKind,
  KNOB_REGISTRY,
  knobFlag,
  shortName,
  type KnobPath,
  type KnobRegistry,
} from '../../src/engine/knobs';
import { KNOB_FLAGS } from '../../src/cli/knob-flags';
import { diffLabel } from '../../src/share/config-diff';
import { trlConfig } from '../../src/share/trl-config';
import { verlConfig } from '../../src/share/verl-config';
import { KNOBS } from '../../src/ui/knobs';

// Compile-time completeness: `npm run typecheck` fails if a registry without one path were accepted.
const { 'data.vasMixture': _dropped, ...missingOne } = KNOB_REGISTRY;
// @ts-expect-error a registry missing "data.vasMixture" must not compile
const _incomplete: KnobRegistry = missingOne;

describe('knob registry', () => {
  it('has exactly one entry per config path of the schema', () => {
    expect(Object.keys(KNOB_REGISTRY).sort()).toEqual(configPaths().sort());
  });

  it('is the form metadata and the CLI flag table', () => {
    expect(KNOBS).toBe(KNOB_REGISTRY);
    const flags = new Map([...KNOB_FLAGS].map(([flag, [s, k]]) => [s ? `${s}.${k}` : k, flag]));
    expect(flags.get('modelSize')).toBe('size');
    expect(flags.get('groupSize')).toBe('group-size');
    expect(flags.get('experts.sftLambda')).toBe('experts-sft-lambda');
    for (const [path, flag] of flags) expect(knobFlag(path as KnobPath)).toBe(flag);
  });

  it('gives kinds and ranges from the schema, exclusive bounds included', () => {
    expect(fieldKind('lr')).toEqual({ kind: 'number', min: 0, max: 1, int: false, exclusiveMin: true });
    expect(fieldKind('groupSize')).toEqual({ kind: 'number', min: 1, max: 64, int: true, exclusiveMin: false });
    expect(fieldKind('advantage.scale')).toMatchObject({ kind: 'enum', options: ['group-std', 'batch-std', 'mad', 'none'] });
    expect(fieldKind('data.vas')).toEqual({ kind: 'boolean' });
    expect(fieldKind('no.such')).toEqual({ kind: 'other' });
  });

  it('names diff labels by the registry short name', () => {
    expect(shortName('groupSize')).toBe('G');
    expect(shortName('rewardWeights.format')).toBe('w_format');
    expect(shortName('data.vasMixture')).toBe('vasMixture');
    const a = parseConfig({});
    expect(diffLabel(a, parseConfig({ groupSize: 2, objective: { epsHigh: 0.28 } }))).toBe('G 8 -> 2, eps_high 0.2 -> 0.28');
  });

  it('writes a knob note only into the export of the framework that has no mapping for it', () => {
    const cfg = parseConfig({
      data: { maskTruncated: true, mcPivot: true },
      adamEpsilon: 1e-6,
      objective: { entropyCoef: 0.01 },
      groupSize: 4,
    });
    const trl = trlConfig(cfg).notExpressible;
    const verl = verlConfig(cfg).notExpressible;
    // maskTruncated and adamEpsilon map to TRL fields; entropy maps to verl; the pivot maps to neither.
    expect(trl.some((n) => n.includes('mask truncated'))).toBe(false);
    expect(verl.some((n) => n.includes('mask truncated'))).toBe(true);
    expect(verl).toContain('Adam epsilon 0.000001');
    expect(trl.some((n) => n.startsWith('Adam epsilon'))).toBe(false);
    expect(trl).toContain('entropy coefficient 0.01: GRPOConfig has no entropy bonus');
    expect(verl.some((n) => n.startsWith('entropy coefficient'))).toBe(false);
    for (const notes of [trl, verl]) expect(notes).toContain('MC-GRPO pivot: G+1 samples, the median one leaves the loss');
    expect(exportNotes(parseConfig({}), 'trl')).toEqual([]);
  });
});
