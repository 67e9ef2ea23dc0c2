// The TRL export must be valid Python and use only real GRPOConfig fields, for every preset.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseConfig, type RunConfigInput } from '../../src/engine/config';
import { PRESETS, presetConfig } from '../../src/engine/rl/presets';
import { trlConfig } from '../../src/share/trl-config';

// Fields verified against huggingface/trl trl/trainer/grpo_config.py (main, commit 006d32c9bf5d, read 2026) and
// the transformers TrainingArguments it extends (src/transformers/training_args.py): the dataclass fields and
// docstrings. Only the ones the exporter may write are listed.
const GRPO_CONFIG_FIELDS = new Set([
  // GRPOConfig
  'num_generations',
  'max_completion_length',
  'generation_batch_size',
  'steps_per_generation',
  'temperature',
  'beta',
  'num_iterations',
  'epsilon',
  'delta',
  'epsilon_high',
  'importance_sampling_level',
  'reward_weights',
  'multi_objective_aggregation',
  'scale_rewards',
  'loss_type',
  'mask_truncated_completions',
  'top_entropy_quantile',
  // TrainingArguments
  'output_dir',
  'per_device_train_batch_size',
  'gradient_accumulation_steps',
  'learning_rate',
  'lr_scheduler_type',
  'adam_epsilon',
  'max_grad_norm',
  'seed',
  'logging_steps',
  'max_steps',
]);
// Accepted values (grpo_config.py docstrings): loss_type, scale_rewards, importance_sampling_level,
// multi_objective_aggregation.
const LOSS_TYPES = ['grpo', 'dr_grpo', 'dapo', 'bnpo', 'cispo', 'sapo', 'luspo'];
const SCALE_REWARDS = ['group', 'batch', 'none'];
const IS_LEVELS = ['token', 'sequence'];
const AGGREGATIONS = ['sum_then_normalize', 'normalize_then_sum'];

// Parses the snippets with Python's own parser and returns each GRPOConfig(...) call's keywords and literal values.
const PY = `
import ast, json, sys
out = []
for src in json.load(sys.stdin):
    tree = ast.parse(src)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, 'id', None) == 'GRPOConfig']
    assert len(calls) == 1, 'one GRPOConfig call expected'
    out.append({k.arg: ast.literal_eval(k.value) for k in calls[0].keywords})
print(json.dumps(out))
`;

function pythonKeywords(snippets: string[]): Array<Record<string, unknown>> {
  const r = spawnSync('python3', ['-c', PY], { input: JSON.stringify(snippets), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Array<Record<string, unknown>>;
}

const EXTRA: Record<string, RunConfigInput> = {
  'dual-clip + 2 minibatches': { objective: { clipMode: 'dual-clip', dualClipC: 3 }, minibatches: 2, prompts: 4, groupSize: 4 },
  'countdown gdpo + overlong': {
    task: 'countdown',
    advantage: { gdpo: true },
    data: { overlongShaping: true },
    rewardWeights: { correct: 1, format: 0.1, uses_all: 0.5 },
  },
  'experts + hints + REC': {
    experts: { enabled: true, mutualLambda: 0.1 },
    hintLevel: 1,
    objective: { clipMode: 'rec-one-side', entropyCoef: 0.01 },
  },
  'uneven minibatches': { prompts: 3, groupSize: 3, minibatches: 2 },
};

const cases = [
  ...PRESETS.map((p) => ({ name: p.name, config: parseConfig(presetConfig(p.name)) })),
  ...Object.entries(EXTRA).map(([name, c]) => ({ name, config: parseConfig(c) })),
];

describe('trlConfig', () => {
  const exports = cases.map((c) => ({ ...c, out: trlConfig(c.config, { maxSteps: 100 }) }));
  const parsed = pythonKeywords(exports.map((e) => e.out.code));

  it('starts with the import and one GRPOConfig call', () => {
    for (const e of exports) expect(e.out.code.startsWith('from trl import GRPOConfig\n\nconfig = GRPOConfig(\n')).toBe(true);
  });

  it('is valid Python whose GRPOConfig keywords are all real fields with accepted values', () => {
    parsed.forEach((kw, i) => {
      const name = cases[i].name;
      for (const key of Object.keys(kw)) expect(GRPO_CONFIG_FIELDS.has(key), `${name}: ${key}`).toBe(true);
      expect(LOSS_TYPES, name).toContain(kw.loss_type);
      expect(SCALE_REWARDS, name).toContain(kw.scale_rewards);
      expect(IS_LEVELS, name).toContain(kw.importance_sampling_level);
      if ('multi_objective_aggregation' in kw) expect(AGGREGATIONS).toContain(kw.multi_objective_aggregation);
      expect(kw.num_generations, name).toBe(cases[i].config.groupSize);
      expect(kw.seed).toBe(cases[i].config.seed);
      expect(kw.max_steps).toBe(100);
    });
  });

  it('maps the knobs of the main presets to the documented TRL settings', () => {
    const kw = (n: string) => parsed[cases.findIndex((c) => c.name === n)];
    expect(kw('grpo')).toMatchObject({ loss_type: 'grpo', scale_rewards: 'group', beta: 0.04, epsilon: 0.2, epsilon_high: 0.2 });
    // The default preset says "TRL defaults (token-mean loss, no KL)": its export is exactly that.
    expect(kw('grpo-trl')).toMatchObject({ loss_type: 'dapo', scale_rewards: 'group', beta: 0, epsilon: 0.2, epsilon_high: 0.2 });
    expect(kw('dr-grpo')).toMatchObject({ loss_type: 'dr_grpo', scale_rewards: 'none', beta: 0 });
    expect(kw('dapo')).toMatchObject({ loss_type: 'dapo', epsilon_high: 0.28, reward_weights: [1, 0.1, 1] });
    expect(kw('lite-ppo')).toMatchObject({ scale_rewards: 'batch' });
    expect(kw('gspo')).toMatchObject({ importance_sampling_level: 'sequence', epsilon: 3e-4, epsilon_high: 4e-4, num_iterations: 2 });
    expect(kw('gdpo')).toMatchObject({ multi_objective_aggregation: 'normalize_then_sum' });
    // Dual-clip bounds the loss of A < 0 tokens; TRL's delta caps the ratio for both signs: no delta is written.
    expect(kw('dual-clip + 2 minibatches')).toMatchObject({ per_device_train_batch_size: 8, steps_per_generation: 2 });
    expect(kw('dual-clip + 2 minibatches')).not.toHaveProperty('delta');
    expect(kw('countdown gdpo + overlong').reward_weights).toEqual([1, 0.1, 0.5, 1]);
  });

  it('lists every knob TRL cannot express, one comment line each', () => {
    const notes = (n: string) => exports.find((e) => e.name === n)!.out;
    const code = (n: string) => notes(n).code;
    expect(notes('grpo').notExpressible).toEqual([]);
    expect(code('grpo')).not.toContain('Not expressible');
    expect(code('mc-grpo')).toMatch(
      /# Not expressible in TRL GRPOConfig:\n# - [^\n]*mad[^\n]*\n# - baseline "median"[^\n]*\n# - MC-GRPO pivot/,
    );
    expect(code('dapo')).toContain('# - DAPO dynamic sampling');
    expect(code('dapo')).toContain('get_soft_overlong_punishment(max_completion_len=');
    expect(code('ngrpo')).toContain('# - baseline "ngrpo-virtual-max"');
    expect(code('ngrpo')).toContain('# - drop all-correct groups');
    expect(code('scaf-grpo')).toContain('# - Scaf-GRPO hint re-rollouts');
    expect(code('meml')).toContain('# - MEML-style experts');
    expect(code('opmd')).toContain('# - baseline "logavgexp"');
    expect(code('rloo')).toContain('KL in the reward');
    expect(code('rs-grpo')).toContain('rs-exp-utility');
    expect(code('experts + hints + REC')).toMatch(/REC clip mask[\s\S]*entropy coefficient 0.01[\s\S]*fixed hint level 1/);
    expect(code('uneven minibatches')).toContain('# - minibatches 2: does not divide');
    expect(code('dual-clip + 2 minibatches')).toContain('# - clipMode "dual-clip" (c = 3): TRL has no dual-clip');
    for (const e of exports) for (const n of e.out.notExpressible) expect(e.out.code).toContain(`# - ${n}\n`);
  });
});
