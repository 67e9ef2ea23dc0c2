// Mechanism tests for the variants: not "it runs" but "it does what the paper says it does".
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { TransformerPolicy, modelSpec } from '../../src/engine/policy/model';
import { buildBatch } from '../../src/engine/policy/batch';
import { tokenStats } from '../../src/engine/policy/logprobs';
import { encode } from '../../src/engine/policy/tokenizer';
import { Adam } from '../../src/engine/policy/adam';
import { computeObjective } from '../../src/engine/rl/objective';
import { computeAdvantages } from '../../src/engine/rl/advantages';
import { updatePolicy } from '../../src/engine/rl/update';
import { mutualLearningPairs } from '../../src/engine/rl/meml';
import { parseConfig, DEFAULT_CONFIG } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { getTask } from '../../src/engine/tasks';
import type { Group, Rollout } from '../../src/engine/rl/rollouts';
import { Rng } from '../../src/engine/rng';

beforeAll(async () => {
  await useWasm();
});

const addPolicy = () => new TransformerPolicy(modelSpec('tiny'), shippedWeights('add'));

async function gradNorm(policy: TransformerPolicy, prompts: string[], completions: string[], advantages: number[]): Promise<number> {
  const batch = buildBatch(prompts.map(encode), completions.map(encode));
  const old = tf.tidy(() => tokenStats(policy, batch).logp);
  const { value, grads } = tf.variableGrads(() => {
    const s = tokenStats(policy, batch);
    return computeObjective(
      {
        logp: s.logp,
        oldLogp: old,
        entropy: s.entropy,
        advantages: tf.tensor1d(advantages),
        mask: tf.tensor2d(batch.completionMask, [batch.n, batch.completionWidth]),
        maxLength: 10,
        tau: 1,
      },
      DEFAULT_CONFIG.objective,
    ).loss;
  }, policy.variables());
  const norm = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))));
  const v = (await norm.data())[0];
  tf.dispose([value, old, norm, ...Object.values(grads)]);
  return v;
}

describe('NGRPO on an all-wrong group', () => {
  it('gives a non-zero policy gradient where GRPO gives exactly zero', async () => {
    const policy = addPolicy();
    const prompts = Array(4).fill('p:47+85=');
    const completions = ['131.', '122.', '130.', '142.']; // all wrong, all well formed
    const task = getTask('add');
    const problem = { id: 'add:47+85', question: '47+85=', answer: '132', data: { a: 47, b: 85, digits: 2 } };
    const rewards = completions.map((c) => {
      const s = task.score(problem, c);
      return s.correct + 0.1 * s.format;
    });
    expect(new Set(rewards).size).toBe(1);
    const grpo = computeAdvantages([{ rewards }], parseConfig(presetConfig('grpo')).advantage);
    const ngrpo = computeAdvantages([{ rewards }], parseConfig(presetConfig('ngrpo')).advantage);
    expect(grpo.advantages[0].every((a) => a === 0)).toBe(true);
    expect(ngrpo.advantages[0].every((a) => a < 0)).toBe(true);
    expect(await gradNorm(policy, prompts, completions, grpo.advantages[0])).toBe(0);
    expect(await gradNorm(policy, prompts, completions, ngrpo.advantages[0])).toBeGreaterThan(1e-3);
    policy.dispose();
  });
});

describe('MC-GRPO pivot', () => {
  it('has zero weight in the loss: whatever the pivot holds, the update is identical', async () => {
    const cfg = parseConfig(presetConfig('mc-grpo', { task: 'add' }));
    const run = async (pivotCompletion: string, pivotAdvantage: number) => {
      const policy = addPolicy();
      const adam = new Adam({ lr: 1e-3, epsilon: 1e-8, clipNorm: 1 });
      const completions = ['132.', '131.', pivotCompletion, '122.', '133.'];
      const batch = buildBatch(Array(5).fill(encode('p:47+85=')), completions.map(encode));
      const old = tf.tidy(() => tokenStats(policy, batch).logp);
      const oldLogp = (await old.data()) as Float32Array;
      old.dispose();
      await updatePolicy(
        policy,
        adam,
        {
          batch,
          oldLogp,
          advantages: new Float32Array([1000, 0, pivotAdvantage, 0, 0]),
          excluded: [false, false, true, false, false],
          aux: [],
          maxLength: 10,
        },
        cfg,
        new Rng(1, 'mb'),
      );
      const w = await policy.readValues();
      policy.dispose();
      adam.dispose();
      return w;
    };
    // Same length, so the batch layout (and so every float op) is identical apart from the pivot's content.
    const a = await run('0000.', 0);
    const b = await run('zz9z.', 5);
    for (const [name, v] of a) expect(Array.from(b.get(name)!)).toEqual(Array.from(v));
  });
});

describe('MEML-style mutual learning (UNVERIFIED reading of arXiv:2508.09670)', () => {
  const rollout = (expertIndex: number, correct: number, completion: string): Rollout => ({
    group: 0,
    problem: { id: 'add:47+85', question: '47+85=', answer: '132', data: {} },
    expertId: ['plain', 'reversed', 'scratch'][expertIndex],
    expertIndex,
    hintLevel: 0,
    prefix: ['p:', 'r:', 's:'][expertIndex],
    hint: '',
    promptText: '',
    promptIds: [],
    completionIds: encode(completion),
    completionText: completion,
    truncated: false,
    components: { correct, format: 1 },
    total: correct,
    excluded: false,
  });
  const experts = [
    { id: 'plain', prefix: 'p:', index: 0, taskExpertId: 'plain' },
    { id: 'reversed', prefix: 'r:', index: 1, taskExpertId: 'reversed' },
    { id: 'scratch', prefix: 's:', index: 2, taskExpertId: 'scratch' },
  ];

  it("pairs the best expert's correct answer with the worst expert's prompt", () => {
    const group: Group = {
      problem: { id: 'add:47+85', question: '47+85=', answer: '132', data: {} },
      rollouts: [
        rollout(0, 0, '131.'),
        rollout(0, 0, '122.'),
        rollout(1, 0, '221|122.'),
        rollout(1, 1, '231|132.'),
        rollout(2, 1, '12,13|132.'),
        rollout(2, 1, '12,13|132.'),
      ],
    };
    const pairs = mutualLearningPairs([group], experts);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({ strongExpert: 'scratch', weakExpert: 'plain', weakPrompt: 'p:47+85=' });
    // The strong expert's answer, without its work: right under the weak prompt, and in the weak expert's own style.
    expect(pairs[0].completionIds).toEqual(encode('132.'));
  });

  it("with target 'default', trains under the default prompt only, never under another strategy's", () => {
    const problem = { id: 'add:47+85', question: '47+85=', answer: '132', data: {} };
    // The default expert is right and the order-first one wrong: 'weakest' pairs the default's answer with the weak
    // strategy's prompt (which teaches it to drop its work); 'default' forms no pair.
    const defaultWins: Group = { problem, rollouts: [rollout(0, 1, '132.'), rollout(1, 0, '221|122.'), rollout(2, 1, '12,13|132.')] };
    expect(mutualLearningPairs([defaultWins], experts, 'weakest')).toMatchObject([{ strongExpert: 'plain', weakExpert: 'reversed' }]);
    expect(mutualLearningPairs([defaultWins], experts, 'default')).toEqual([]);
    // Another expert beats the default one: the pair goes to the default prompt even when a third expert is lower.
    const scratchWins: Group = {
      problem,
      rollouts: [rollout(0, 1, '132.'), rollout(0, 0, '131.'), rollout(1, 0, '221|122.'), rollout(2, 1, '12,13|132.')],
    };
    expect(mutualLearningPairs([scratchWins], experts, 'weakest')).toMatchObject([{ weakExpert: 'reversed' }]);
    const toDefault = mutualLearningPairs([scratchWins], experts, 'default');
    expect(toDefault).toMatchObject([{ strongExpert: 'scratch', weakExpert: 'plain', weakPrompt: 'p:47+85=' }]);
    expect(toDefault[0].completionIds).toEqual(encode('132.'));
  });

  it("raises log p(O+ | worst expert's prompt) after one update", async () => {
    const policy = addPolicy();
    const adam = new Adam({ lr: 1e-3, epsilon: 1e-8, clipNorm: 1 });
    const pair = buildBatch([encode('p:47+85=')], [encode('12,13|132.')]);
    const logpOf = async () => {
      const t = tf.tidy(() => tf.sum(tf.mul(tokenStats(policy, pair).logp, tf.tensor2d(pair.completionMask, [1, pair.completionWidth]))));
      const v = (await t.data())[0];
      t.dispose();
      return v;
    };
    const before = await logpOf();
    // The GRPO part carries no signal (zero advantage), so any change comes from the mutual-learning term.
    const batch = buildBatch([encode('p:12+3=')], [encode('15.')]);
    const cfg = parseConfig(presetConfig('meml', { task: 'add' }));
    await updatePolicy(
      policy,
      adam,
      {
        batch,
        oldLogp: new Float32Array(batch.completionWidth),
        advantages: new Float32Array([0]),
        excluded: [false],
        aux: [{ name: 'mutual', weight: 1, batch: pair }],
        maxLength: 10,
      },
      cfg,
      new Rng(1, 'mb'),
    );
    expect(await logpOf()).toBeGreaterThan(before + 0.01);
    policy.dispose();
    adam.dispose();
  });
});
