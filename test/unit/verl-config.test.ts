// The verl export must parse as YAML and carry the keys verl reads for each algorithm.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/engine/config';
import { PRESETS, presetConfig } from '../../src/engine/rl/presets';
import { emitYaml, verlConfig } from '../../src/share/verl-config';

// Names verified in volcengine/verl: verl/trainer/config/_generated_ppo_trainer.yaml (actor clip_ratio_low/high/c,
// loss_agg_mode, entropy_coeff, use_kl_loss, kl_loss_coef, kl_loss_type, ppo_epochs, policy_loss.loss_mode,
// rollout.n/temperature, data.train_batch_size/max_response_length, algorithm.*), verl/trainer/ppo/core_algos.py
// (AdvantageEstimator values, agg_loss modes), docs/algo/dapo.md (filter_groups, gen_batch_size) and
// examples/gspo_trainer/test_gspo_3b_math.sh (loss_mode gspo, reward_kwargs.overlong_buffer_cfg).
const ADV_ESTIMATORS = ['gae', 'grpo', 'reinforce_plus_plus', 'reinforce_plus_plus_baseline', 'remax', 'rloo', 'opo', 'grpo_passk', 'gpg'];
const LOSS_AGG = ['token-mean', 'seq-mean-token-sum', 'seq-mean-token-mean', 'seq-mean-token-sum-norm'];
const KL_TYPES = ['kl', 'abs', 'mse', 'low_var_kl', 'full'];
const LOSS_MODES = ['vanilla', 'gspo'];

// biome-ignore lint/suspicious/noExplicitAny: a parsed YAML tree walked by key paths in assertions
type Tree = Record<string, any>;
const exported = Object.fromEntries(PRESETS.map((p) => [p.name, verlConfig(parseConfig(presetConfig(p.name)))]));
const tree = (name: string): Tree => parse(exported[name].yaml) as Tree;

describe('verlConfig', () => {
  it('every preset parses as YAML to the tree it was built from, with valid enum values', () => {
    for (const p of PRESETS) {
      const t = tree(p.name);
      expect(t.algorithm.adv_estimator, p.name).toBeDefined();
      expect(ADV_ESTIMATORS, p.name).toContain(t.algorithm.adv_estimator);
      expect(LOSS_AGG, p.name).toContain(t.actor_rollout_ref.actor.loss_agg_mode);
      expect(KL_TYPES, p.name).toContain(t.actor_rollout_ref.actor.kl_loss_type);
      expect(KL_TYPES, p.name).toContain(t.algorithm.kl_penalty);
      expect(LOSS_MODES, p.name).toContain(t.actor_rollout_ref.actor.policy_loss.loss_mode);
      expect(t.actor_rollout_ref.rollout.n, p.name).toBe(8);
      expect(t.data.train_batch_size).toBe(8);
      expect(typeof t.actor_rollout_ref.actor.clip_ratio_low).toBe('number');
      for (const n of exported[p.name].notExpressible) expect(exported[p.name].yaml).toContain(`# - ${n}\n`);
    }
  });

  it('grpo: group-std GRPO with a k3 KL loss', () => {
    const t = tree('grpo');
    expect(t.algorithm).toMatchObject({ adv_estimator: 'grpo', norm_adv_by_std_in_grpo: true, use_kl_in_reward: false });
    expect(t.actor_rollout_ref.actor).toMatchObject({
      use_kl_loss: true,
      kl_loss_coef: 0.04,
      kl_loss_type: 'low_var_kl',
      loss_agg_mode: 'seq-mean-token-mean',
      clip_ratio_low: 0.2,
      clip_ratio_high: 0.2,
      ppo_epochs: 1,
      policy_loss: { loss_mode: 'vanilla' },
    });
  });

  it('dr-grpo: no std, constant normaliser', () => {
    const t = tree('dr-grpo');
    expect(t.algorithm.norm_adv_by_std_in_grpo).toBe(false);
    expect(t.actor_rollout_ref.actor.loss_agg_mode).toBe('seq-mean-token-sum-norm');
  });

  it('dapo: clip-higher, token-mean, dynamic sampling and the overlong buffer', () => {
    const t = tree('dapo');
    expect(t.actor_rollout_ref.actor).toMatchObject({
      clip_ratio_low: 0.2,
      clip_ratio_high: 0.28,
      loss_agg_mode: 'token-mean',
      use_kl_loss: false,
    });
    expect(t.algorithm.filter_groups).toEqual({ enable: true, metric: 'seq_reward', max_num_gen_batches: 3 });
    expect(t.data.gen_batch_size).toBe(8);
    expect(t.reward_model.reward_manager).toBe('dapo');
    expect(t.reward_model.reward_kwargs.overlong_buffer_cfg).toMatchObject({ enable: true, len: 4, penalty_factor: 1 });
  });

  it('gspo: sequence-level loss mode with the tiny clip range', () => {
    const t = tree('gspo');
    expect(t.actor_rollout_ref.actor).toMatchObject({
      policy_loss: { loss_mode: 'gspo' },
      clip_ratio_low: 3e-4,
      clip_ratio_high: 4e-4,
      ppo_epochs: 2,
    });
  });

  it('rloo: leave-one-out estimator with k1 KL in the reward', () => {
    const t = tree('rloo');
    expect(t.algorithm).toMatchObject({
      adv_estimator: 'rloo',
      use_kl_in_reward: true,
      kl_penalty: 'kl',
      kl_ctrl: { type: 'fixed', kl_coef: 0.05 },
    });
    expect(t.actor_rollout_ref.actor.use_kl_loss).toBe(false);
  });

  it('REINFORCE++ and grpo_passk map to their estimators; MC-GRPO lists what verl lacks', () => {
    expect(tree('reinforce-pp').algorithm.adv_estimator).toBe('reinforce_plus_plus');
    expect(tree('reinforce-pp-baseline').algorithm.adv_estimator).toBe('reinforce_plus_plus_baseline');
    expect(tree('grpo-passk').algorithm.adv_estimator).toBe('grpo_passk');
    expect(exported['mc-grpo'].yaml).toMatch(/# Not expressible in verl:[\s\S]*baseline "median"[\s\S]*MC-GRPO pivot/);
  });

  it('emitYaml quotes keys and strings a YAML 1.1 reader would misread', () => {
    const text = emitYaml({ n: 1, a: { yes: 'no', s: 'a: b', f: '1.0e-8', t: true } });
    expect(text).toContain('"n": 1');
    expect(text).toContain('"yes": "no"');
    expect(parse(text)).toEqual({ n: 1, a: { yes: 'no', s: 'a: b', f: 1e-8, t: true } });
  });
});
