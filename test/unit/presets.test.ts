// Paper presets (algorithms.md section 4) parse as RunConfigs and carry their provenance.
import { describe, it, expect } from 'vitest';
import { parseConfig } from '../../src/engine/config';
import { PRESETS, formatPresetList, getPreset, presetConfig } from '../../src/engine/rl/presets';

const REQUIRED = [
  'grpo',
  'dr-grpo',
  'dapo',
  'rloo',
  'reinforce-pp-baseline',
  'lite-ppo',
  'mc-grpo',
  'ngrpo',
  'rs-grpo',
  'gdpo',
  'meml',
  'scaf-grpo',
  'rec',
  'opmd',
  'asymre',
  'gspo',
  'unlikeliness',
  'a-grae',
  'seed-grpo',
  'pass-at-k',
];

describe.each(PRESETS.map((p) => [p.name]))('preset %s', (name) => {
  const p = getPreset(name)!;

  it('parses with parseConfig(presetConfig(name, {})) and records its name', () => {
    const cfg = parseConfig(presetConfig(name, {}));
    expect(cfg.preset).toBe(name);
    expect(cfg.groupSize).toBe(8);
    // Toy scale: RL on the tiny base policies is stable near 3e-4 (2e-3 collapsed addition in one step).
    expect(cfg.lr).toBeGreaterThanOrEqual(1e-4);
    expect(cfg.lr).toBeLessThanOrEqual(1e-3);
  });

  it('has an arXiv source, a title and a one-line summary', () => {
    expect(p.source).toMatch(/^arXiv:\d{4}\.\d{4,5}$/);
    expect(p.title.length).toBeGreaterThan(0);
    expect(p.summary.length).toBeGreaterThan(0);
    expect(p.summary).not.toContain('\n');
    expect(Array.isArray(p.unverified)).toBe(true);
  });
});

describe('preset registry', () => {
  it('names are unique', () => {
    const names = PRESETS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('covers every variant the spec lists', () => {
    for (const name of REQUIRED) expect(getPreset(name), name).toBeDefined();
  });

  it('overrides merge over the preset (nested objects merge key-wise)', () => {
    const cfg = parseConfig(presetConfig('dapo', { lr: 1e-3, advantage: { epsilon: 1e-4 } }));
    expect(cfg.lr).toBe(1e-3);
    expect(cfg.advantage.epsilon).toBe(1e-4);
    expect(cfg.objective.epsHigh).toBe(0.28);
    expect(cfg.data.dynamicSampling).toBe(true);
  });

  it('key knob values match the spec', () => {
    const c = (n: string) => parseConfig(presetConfig(n));
    expect(c('dr-grpo').objective.aggregation).toBe('constant');
    expect(c('dr-grpo').advantage.scale).toBe('none');
    expect(c('rloo').objective.ratioLevel).toBe('sequence');
    expect(c('lite-ppo').advantage.scale).toBe('batch-std');
    expect(c('mc-grpo').data.mcPivot).toBe(true);
    expect(c('ngrpo').objective.epsLow).toBe(0.16);
    expect(c('ngrpo').data.dropAllCorrect).toBe(true);
    expect(c('gspo').innerEpochs).toBe(2);
    expect(c('meml').experts.baselineScope).toBe('per-expert');
    expect(c('rec').objective.clipMode).toBe('rec-one-side');
    expect(c('opmd').objective.opmdScale).toBe(true);
    expect(c('asymre').advantage.baselineShift).toBe(-0.1);
    expect(getPreset('meml')!.unverified.length).toBeGreaterThan(0);
    expect(getPreset('seed-grpo')!.unverified.length).toBeGreaterThan(0);
  });

  it('aliases resolve and unknown names throw', () => {
    expect(getPreset('pass@k')?.name).toBe('pass-at-k');
    expect(getPreset('nope')).toBeUndefined();
    expect(() => presetConfig('nope')).toThrow(/Unknown preset/);
  });

  it('formatPresetList has one line per preset', () => {
    const lines = formatPresetList().split('\n');
    expect(lines.length).toBe(PRESETS.length);
    PRESETS.forEach((p, i) => expect(lines[i].startsWith(p.name)).toBe(true));
  });
});
