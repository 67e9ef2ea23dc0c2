// Issue-15 methods against values computed by the public reference code's own functions (generator:
// test/fixtures/gen/methods_fixtures.py; sources and commits are recorded in the JSON). Plain-number oracles and the
// tfjs objective are both checked, so the loss the trainer uses is tied to the reference code.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { useWasm } from '../helpers/tf';
import { aggregate, computeObjective, klEstimate as klTensor } from '../../src/engine/rl/objective';
import { aggregateTokenLosses, clippedSurrogateLoss, recTokenLoss } from '../../src/engine/rl/surrogate-math';
import { klEstimate } from '../../src/engine/stats/kl';
import { arenaAdvantages } from '../../src/engine/rl/transforms/arena';
import { lldsGradLogp, lldsLoss } from '../../src/engine/rl/llds';
import { initialEntropyControl, updateEntropyControl } from '../../src/engine/rl/entropy-control';
import { srpoTokenAdvantages } from '../../src/engine/rl/srpo';
import { hintReliance, transferWeightedReward } from '../../src/engine/rl/hill';
import { DEFAULT_CONFIG, type ObjectiveConfig } from '../../src/engine/config';

const fx = JSON.parse(readFileSync(new URL('../fixtures/methods.json', import.meta.url), 'utf8'));
const TOL = 5; // toBeCloseTo digits: |diff| < 5e-6

beforeAll(async () => {
  await useWasm();
});

/** Active-token prefix of each row (the mask is a prefix of ones). */
function rows(matrix: number[][], mask: number[][]): number[][] {
  return matrix.map((r, i) => r.filter((_, t) => mask[i][t] > 0));
}

function objective(over: Partial<ObjectiveConfig>): ObjectiveConfig {
  return { ...DEFAULT_CONFIG.objective, ...over };
}

function objectiveInputs(logp: number[][], oldLogp: number[][], mask: number[][], adv: number[], maxLength: number) {
  const [n, t] = [logp.length, logp[0].length];
  return {
    logp: tf.tensor2d(logp.flat(), [n, t]),
    oldLogp: tf.tensor2d(oldLogp.flat(), [n, t]),
    entropy: tf.zeros([n, t]) as tf.Tensor2D,
    advantages: tf.tensor1d(adv),
    mask: tf.tensor2d(mask.flat(), [n, t]),
    maxLength,
    tau: 1,
  };
}

async function scalar(x: tf.Scalar): Promise<number> {
  const v = (await x.data())[0];
  x.dispose();
  return v;
}

describe(`verl (${fx.verl.source})`, () => {
  const a = fx.verl.aggregation;
  for (const mode of ['token-mean', 'seq-mean-token-mean', 'seq-mean-token-sum', 'seq-mean-token-sum-norm'] as const) {
    it(`agg_loss ${mode}: plain and tfjs`, async () => {
      const plain = aggregateTokenLosses(rows(a.lossMat, a.mask), mode, { lossScaleFactor: a.lossScaleFactor });
      expect(plain).toBeCloseTo(a.expected[mode], TOL);
      const v = tf.tidy(() =>
        aggregate(tf.tensor2d(a.lossMat.flat(), [3, 5]), tf.tensor2d(a.mask.flat(), [3, 5]), mode, a.lossScaleFactor),
      );
      expect(await scalar(v)).toBeCloseTo(a.expected[mode], 4);
    });
  }
  for (const est of ['k1', 'k2', 'k3', 'abs'] as const) {
    it(`kl_penalty_forward ${est} (clamps included): plain and tfjs`, async () => {
      const { logp, ref, expected } = fx.verl.kl;
      logp.forEach((l: number, i: number) => expect(klEstimate(l, ref[i], est)).toBeCloseTo(expected[est][i], TOL));
      const t = tf.tidy(() => klTensor(tf.tensor2d(logp, [1, logp.length]), tf.tensor2d(ref, [1, ref.length]), est));
      const got = Array.from(await t.data());
      t.dispose();
      // float32: relative tolerance for the large k2 values.
      got.forEach((g, i) => expect(Math.abs(g - expected[est][i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected[est][i]))));
    });
  }
});

describe(`TRL (${fx.trl.source})`, () => {
  it('two-sided clip delta: per-token loss equals the plain oracle', () => {
    const d = fx.trl.delta;
    d.ratios.forEach((row: number[], i: number) =>
      row.forEach((r, t) =>
        expect(clippedSurrogateLoss(r, d.adv[i], { epsLow: d.epsLow, epsHigh: d.epsHigh, delta: d.delta })).toBeCloseTo(
          d.tokenLoss[i][t],
          TOL,
        ),
      ),
    );
  });
  it('two-sided clip delta: tfjs objective (token-mean) equals the mean of the reference token losses', async () => {
    const d = fx.trl.delta;
    const logRatio = d.ratios.map((r: number[]) => r.map(Math.log));
    const zeros = logRatio.map((r: number[]) => r.map(() => 0));
    const mask = logRatio.map((r: number[]) => r.map(() => 1));
    const cfg = objective({ clipMode: 'clip', epsLow: d.epsLow, epsHigh: d.epsHigh, clipDelta: d.delta, aggregation: 'token-mean' });
    const v = tf.tidy(() => computeObjective(objectiveInputs(logRatio, zeros, mask, d.adv, 6), cfg).policyLoss);
    const expected = d.tokenLoss.flat().reduce((s: number, x: number) => s + x, 0) / d.tokenLoss.flat().length;
    expect(await scalar(v)).toBeCloseTo(expected, 4);
  });
  it('LUSPO (sequence ratio, loss scaled by length) equals seq-mean-token-sum over the GSPO sequence ratio', async () => {
    const l = fx.trl.luspo;
    const cfg = objective({
      ratioLevel: 'sequence',
      clipMode: 'clip',
      epsLow: l.epsLow,
      epsHigh: l.epsHigh,
      aggregation: 'seq-mean-token-sum',
    });
    const v = tf.tidy(() => computeObjective(objectiveInputs(l.logp, l.oldLogp, l.mask, l.adv, 6), cfg).policyLoss);
    expect(await scalar(v)).toBeCloseTo(l.loss, 4);
  });
});

describe(`Trinity-RFT REC ring (${fx.trinity.source})`, () => {
  const r = fx.trinity.ring;
  const ring = { epsLowPrime: r.epsLowPrime, epsHighPrime: r.epsHighPrime };
  it('per-token ring loss equals the plain oracle', () => {
    r.logp.forEach((row: number[], i: number) =>
      row.forEach((l, t) => {
        const ratio = Math.exp(l - r.oldLogp[i][t]);
        expect(
          recTokenLoss(l, ratio, r.adv[i], { mode: 'ring', epsLow: r.epsLow, epsHigh: r.epsHigh, importanceWeights: false, ring }),
        ).toBeCloseTo(r.tokenLoss[i][t], TOL);
      }),
    );
  });
  it('the tfjs rec-ring objective (token-mean, full mask) equals the mean reference token loss', async () => {
    const mask = r.logp.map((row: number[]) => row.map(() => 1));
    const cfg = objective({
      clipMode: 'rec-ring',
      epsLow: r.epsLow,
      epsHigh: r.epsHigh,
      recRingEpsLow: r.epsLowPrime,
      recRingEpsHigh: r.epsHighPrime,
      recImportanceWeights: false,
      aggregation: 'token-mean',
    });
    const v = tf.tidy(() => computeObjective(objectiveInputs(r.logp, r.oldLogp, mask, r.adv, 6), cfg).policyLoss);
    const flat = r.tokenLoss.flat();
    expect(await scalar(v)).toBeCloseTo(flat.reduce((s: number, x: number) => s + x, 0) / flat.length, 4);
  });
});

describe(`ArenaRL (${fx.arena.source})`, () => {
  for (const c of fx.arena.cases) {
    it(`seeded single elimination on [${c.rewards.join(', ')}]`, () => {
      arenaAdvantages(c.rewards).forEach((a, i) => expect(a).toBeCloseTo(c.advantages[i], 4));
    });
  }
});

describe(`LLDS (${fx.llds.source})`, () => {
  const x = fx.llds.inputs;
  const logp = rows(x.logp, x.mask);
  const old = rows(x.oldLogp, x.mask);
  for (const gate of ['response', 'chunk'] as const) {
    it(`${gate}-level gate: value and gradient of the plain oracle`, () => {
      expect(lldsLoss(logp, old, x.adv, fx.llds.lambda)).toBeCloseTo(fx.llds[gate].loss, TOL);
      const grad = lldsGradLogp(logp, old, x.adv, fx.llds.lambda);
      grad.forEach((row, i) => row.forEach((g, t) => expect(g).toBeCloseTo(fx.llds[gate].gradLogp[i][t], TOL)));
    });
  }
  it('the tfjs term: value and gradient match the reference', async () => {
    const cfg = objective({ lldsCoef: fx.llds.lambda });
    const inp = objectiveInputs(x.logp, x.oldLogp, x.mask, x.adv, 6);
    const g = tf.grad((lp: tf.Tensor) => computeObjective({ ...inp, logp: lp as tf.Tensor2D }, cfg).llds)(inp.logp);
    const value = computeObjective(inp, cfg).llds;
    expect(await scalar(value)).toBeCloseTo(fx.llds.response.loss, 5);
    const got = Array.from(await tf.mul(g, inp.mask).data());
    got.forEach((v, k) => expect(v).toBeCloseTo(fx.llds.response.gradLogp.flat()[k], 5));
  });
});

describe(`Skywork-OR1 adaptive entropy (${fx.skywork.source})`, () => {
  it('the controller trace over a sequence of entropies', () => {
    const c = fx.skywork.config;
    let s = initialEntropyControl(c.init);
    fx.skywork.entropies.forEach((h: number, k: number) => {
      s = updateEntropyControl(s, h, { target: c.target, delta: c.delta, min: c.min, max: c.max });
      expect(s.value).toBeCloseTo(fx.skywork.trace[k].value, 10);
      expect(s.enabled).toBe(fx.skywork.trace[k].enabled);
    });
  });
});

describe(`SDPO sampled-token distillation, SRPO's failed-sample term (${fx.sdpo.source})`, () => {
  const sd = fx.sdpo;
  const [b, t, v] = [sd.studentLogits.length, sd.studentLogits[0].length, sd.studentLogits[0][0].length];
  const ids = tf.tensor2d(sd.ids.flat(), [b, t], 'int32');
  const gather = (logits: tf.Tensor) => tf.sum(tf.mul(tf.logSoftmax(logits), tf.oneHot(ids, v)), -1) as tf.Tensor2D;
  const teacherLogp = gather(tf.tensor3d(sd.teacherLogits)).arraySync() as number[][];
  const studentLogp = gather(tf.tensor3d(sd.studentLogits)).arraySync() as number[][];
  // SRPO's token advantages for every row routed, lambda 1, no entropy weighting: A_t = log t - log s.
  const routed = srpoTokenAdvantages({
    advantages: new Float32Array(b),
    rows: [...Array(b).keys()],
    studentLogp: Float32Array.from(studentLogp.flat()),
    mask: Float32Array.from(sd.mask.flat()),
    width: t,
    teacher: { logp: teacherLogp, entropy: teacherLogp.map((r) => r.map(() => 0)) },
    coef: 1,
    entropyWeighting: false,
  });
  const loss = (clipMode: ObjectiveConfig['clipMode']) => (logits: tf.Tensor) => {
    const logp = gather(logits);
    return computeObjective(
      {
        logp,
        oldLogp: tf.tensor2d(studentLogp.flat(), [b, t]), // on-policy: the student sampled
        entropy: tf.zeros([b, t]) as tf.Tensor2D,
        advantages: tf.zeros([b]) as tf.Tensor1D,
        tokenAdvantages: tf.tensor2d(routed.tokenAdvantages, [b, t]),
        mask: tf.tensor2d(sd.mask.flat(), [b, t]),
        maxLength: t,
        tau: 1,
      },
      objective({ clipMode, aggregation: 'token-mean' }),
    ).policyLoss;
  };
  it('REINFORCE form (clip "none"): the token-mean loss equals TRL’s value', () => {
    expect(tf.tidy(() => loss('none')(tf.tensor3d(sd.studentLogits)).arraySync() as number)).toBeCloseTo(sd.tokenMeanLoss, TOL);
  });
  for (const clipMode of ['none', 'clip'] as const) {
    it(`gradient with respect to the student logits equals TRL’s (clip "${clipMode}", on-policy)`, () => {
      const grad = tf.tidy(() => tf.grad(loss(clipMode))(tf.tensor3d(sd.studentLogits)).arraySync() as number[][][]);
      grad.flat(2).forEach((g, k) => expect(g).toBeCloseTo((sd.gradStudentLogits as number[][][]).flat(2)[k], TOL));
    });
  }
});

describe(`HiLL hinter reward and hint reliance (${fx.hill.source})`, () => {
  it('transfer-weighted variance reward p(1-p) exp(min(reliance, 0)/T) equals the code’s for every case', () => {
    for (const c of fx.hill.cases as Array<{ rewards: number[]; avgReliance: number | null; reward: number }>) {
      expect(
        transferWeightedReward(
          c.rewards.map((r) => r > 0.5),
          c.avgReliance ?? undefined,
          fx.hill.temperature,
        ),
      ).toBeCloseTo(c.reward, 12);
    }
  });
  it('hint reliance = token-mean log p(y | x) - token-mean log p(y | x, h), as the trainer computes it', () => {
    const { qLogp, qhLogp, mask, expected } = fx.hill.reliance;
    rows(qLogp, mask).forEach((q, i) => expect(hintReliance(q, rows(qhLogp, mask)[i])).toBeCloseTo(expected[i], 12));
  });
});
