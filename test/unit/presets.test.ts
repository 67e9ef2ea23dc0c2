// Paper presets (algorithms.md section 4) parse as RunConfigs and carry their provenance.
import { describe, it, expect } from 'vitest';
import { DEFAULT_CONFIG, parseConfig, validateConfig, type RunConfig } from '../../src/engine/config';
import { PRESETS, applyPreset, formatPresetList, getPreset, presetConfig, presetDiff } from '../../src/engine/rl/presets';

const REQUIRED = [
  'grpo-trl',
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

describe('applyPreset (the one way a preset is applied)', () => {
  // A user's run: every run setting away from its default, an expert list of their own.
  const user: RunConfig = parseConfig({
    task: 'sort',
    difficulty: 3,
    modelSize: 'nano',
    seed: 42,
    prompts: 5,
    groupSize: 4,
    lr: 1e-3,
    temperature: 0.7,
    minibatches: 2,
    evalEvery: 7,
    evalSize: 20,
    rewardWeights: { correct: 1, format: 0 },
    experts: { list: [{ id: 'direct', prefix: 'd:', enabled: true }] },
  });

  it('the default config is its default preset exactly: 0 modified knobs on first load', () => {
    expect(getPreset(DEFAULT_CONFIG.preset)).toBeDefined();
    expect(presetDiff(DEFAULT_CONFIG)).toEqual([]);
    expect(applyPreset(DEFAULT_CONFIG, DEFAULT_CONFIG.preset)).toEqual(DEFAULT_CONFIG);
  });

  it('the DeepSeekMath preset is not the default: on the defaults it reports the knobs that differ', () => {
    expect(presetDiff(DEFAULT_CONFIG, 'grpo')).toEqual(expect.arrayContaining(['objective.aggregation', 'objective.klCoef']));
  });

  describe.each(PRESETS.map((p) => [p.name]))('%s', (name) => {
    it('keeps task, prompts, group size, lr, seed, eval, reward weights and the expert list as the user set them', () => {
      const out = applyPreset(user, name);
      for (const k of [
        'task',
        'difficulty',
        'modelSize',
        'seed',
        'prompts',
        'groupSize',
        'lr',
        'temperature',
        'minibatches',
        'evalEvery',
        'evalSize',
        'rewardWeights',
      ] as const) {
        expect(out[k], k).toEqual(user[k]);
      }
      expect(out.experts.list).toEqual(user.experts.list);
      expect(out.preset).toBe(name);
    });

    it('gives a valid config that shows 0 modified knobs, and switching presets leaves nothing of the previous one', () => {
      const out = applyPreset(user, name);
      expect(validateConfig(out).errors).toEqual([]);
      expect(presetDiff(out)).toEqual([]);
      for (const other of PRESETS) expect(applyPreset(applyPreset(user, other.name), name)).toEqual(out);
    });
  });

  it('a changed method knob shows as modified; a changed run setting does not', () => {
    const dapo = applyPreset(user, 'dapo');
    expect(presetDiff({ ...dapo, objective: { ...dapo.objective, epsHigh: 0.3 } })).toEqual(['objective.epsHigh']);
    expect(presetDiff({ ...dapo, groupSize: 16, lr: 5e-4 })).toEqual([]);
  });

  it('MC-GRPO keeps G: the G+1 sampling is its own knob (data.mcPivot)', () => {
    const mc = applyPreset(user, 'mc-grpo');
    expect(mc.groupSize).toBe(4);
    expect(mc.data.mcPivot).toBe(true);
  });
});
