// mu inner epochs over minibatches of the surrogate objective, plus optional auxiliary log-likelihood terms
// (MEML mutual learning, hard-example SFT). One readback of a small stats vector per minibatch.
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../config';
import type { Rng } from '../rng';
import type { TransformerPolicy } from '../policy/model';
import type { SequenceBatch } from '../policy/batch';
import { tokenStats } from '../policy/logprobs';
import type { Adam } from '../policy/adam';
import { countReadback } from '../policy/counters';
import { updateChecks } from '../policy/update-checks';
import { computeObjective } from './objective';
import { NonFiniteError, nonFiniteCause } from './finite-guard';

export interface AuxTerm {
  /** Sequences whose completion log-likelihood is raised. */
  batch: SequenceBatch;
  /** Coefficient (lambda1 or lambda2). */
  weight: number;
  name: string;
}

export interface UpdateInput {
  batch: SequenceBatch;
  oldLogp: Float32Array;
  refLogp?: Float32Array;
  advantages: Float32Array;
  /** [n * T] per-token advantages (SRPO), used instead of `advantages` in the surrogate when given. */
  tokenAdvantages?: Float32Array;
  excluded: boolean[];
  aux: AuxTerm[];
  maxLength: number;
  /** Entropy coefficient for this step when an adaptive controller sets it (else the config's entropyCoef). */
  entropyCoef?: number;
}

export type { UpdateStats } from '../step-data';
import type { UpdateStats } from '../step-data';

/** Rows `idx` of a batch, same column layout. */
export function selectRows(batch: SequenceBatch, idx: number[]): SequenceBatch {
  const width = batch.promptWidth + batch.completionWidth;
  const T = batch.completionWidth;
  const ids = new Int32Array(idx.length * width);
  const padLens = new Int32Array(idx.length);
  const completionMask = new Float32Array(idx.length * T);
  const lengths = new Int32Array(idx.length);
  idx.forEach((r, i) => {
    ids.set(batch.ids.subarray(r * width, (r + 1) * width), i * width);
    completionMask.set(batch.completionMask.subarray(r * T, (r + 1) * T), i * T);
    padLens[i] = batch.padLens[r];
    lengths[i] = batch.lengths[r];
  });
  return { ...batch, n: idx.length, ids, padLens, completionMask, lengths };
}

function rowsOf(values: Float32Array, idx: number[], width: number): Float32Array {
  const out = new Float32Array(idx.length * width);
  idx.forEach((r, i) => out.set(values.subarray(r * width, (r + 1) * width), i * width));
  return out;
}

/** Token-mean negative log-likelihood of a batch's completions (differentiable). */
function nll(policy: TransformerPolicy, batch: SequenceBatch): tf.Scalar {
  const { logp } = tokenStats(policy, batch, false);
  const mask = tf.tensor2d(batch.completionMask, [batch.n, batch.completionWidth]);
  return tf.neg(tf.div(tf.sum(tf.mul(logp, mask)), tf.maximum(tf.sum(mask), 1))) as tf.Scalar;
}

/** Throws NonFiniteError (and applies nothing for that minibatch) when the loss, gradient or weights go non-finite. */
export async function updatePolicy(
  policy: TransformerPolicy,
  adam: Adam,
  input: UpdateInput,
  config: RunConfig,
  rng: Rng,
  step = 0,
): Promise<UpdateStats> {
  const { batch } = input;
  const T = batch.completionWidth;
  const variables = new Map(policy.variables().map((v) => [v.name, v]));
  const included = [...Array(batch.n).keys()];
  const sums = {
    loss: 0,
    policyLoss: 0,
    klInLoss: 0,
    entropy: 0,
    clipLow: 0,
    clipHigh: 0,
    clipRegion: 0,
    gradNorm: 0,
    auxLoss: 0,
    llds: 0,
  };
  const auxNll: Record<string, number> = {};
  const objectiveCfg = input.entropyCoef === undefined ? config.objective : { ...config.objective, entropyCoef: input.entropyCoef };
  let steps = 0;
  const nMini = Math.max(1, Math.min(config.minibatches, batch.n));
  for (let epoch = 0; epoch < config.innerEpochs; epoch++) {
    const order = rng.shuffle(included);
    for (let m = 0; m < nMini; m++) {
      const idx = order.filter((_, i) => i % nMini === m).sort((a, b) => a - b);
      if (idx.length === 0) continue;
      const mb = selectRows(batch, idx);
      const mask = rowsOf(batch.completionMask, idx, T);
      idx.forEach((r, i) => {
        if (input.excluded[r]) mask.fill(0, i * T, (i + 1) * T);
      });
      const withAux = epoch === 0 && m === 0 ? input.aux.filter((a) => a.weight > 0 && a.batch.n > 0) : [];
      let statsTensor: tf.Tensor | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const stats = tokenStats(policy, mb, true);
        const maskT = tf.tensor2d(mask, [mb.n, T]);
        const out = computeObjective(
          {
            logp: stats.logp,
            oldLogp: tf.tensor2d(rowsOf(input.oldLogp, idx, T), [mb.n, T]),
            refLogp: input.refLogp ? tf.tensor2d(rowsOf(input.refLogp, idx, T), [mb.n, T]) : undefined,
            entropy: stats.entropy,
            advantages: tf.tensor1d(idx.map((r) => input.advantages[r])),
            tokenAdvantages: input.tokenAdvantages ? tf.tensor2d(rowsOf(input.tokenAdvantages, idx, T), [mb.n, T]) : undefined,
            mask: maskT,
            maxLength: input.maxLength,
            tau: config.advantage.tau,
          },
          objectiveCfg,
        );
        let total: tf.Scalar = out.loss;
        let auxLoss: tf.Scalar = tf.scalar(0);
        const auxNlls = withAux.map((aux) => nll(policy, aux.batch));
        withAux.forEach((aux, i) => (auxLoss = tf.add(auxLoss, tf.mul(auxNlls[i], aux.weight)) as tf.Scalar));
        total = tf.add(total, auxLoss) as tf.Scalar;
        statsTensor = tf.keep(
          tf.stack([total, out.policyLoss, out.kl, out.entropy, out.clipLow, out.clipHigh, out.clipRegion, auxLoss, out.llds, ...auxNlls]),
        );
        return total;
      }, policy.variables());
      // Check before applying: the stats readback (loss, gradient norm, whether every weight is finite) comes
      // before the optimizer step, so a non-finite step is refused without an extra sync.
      const all = tf.tidy(() => {
        const checks = updateChecks(Object.values(grads), policy.variables()); // [gradient norm, weights probe]
        return tf.concat([statsTensor! as tf.Tensor1D, ...checks]);
      });
      countReadback();
      const v = (await all.data()) as Float32Array;
      tf.dispose([value, all, statsTensor!]);
      // v: the 9 stats, one NLL per auxiliary term, then the gradient norm and the weights probe.
      const normAt = 9 + withAux.length;
      const cause = nonFiniteCause(v[0], v[normAt], v[normAt + 1]);
      if (cause) {
        tf.dispose(Object.values(grads));
        throw new NonFiniteError(step, cause, cause === 'loss' ? v[0] : v[normAt]);
      }
      tf.dispose([adam.apply(variables, grads), ...Object.values(grads)]);
      sums.loss += v[0];
      sums.policyLoss += v[1];
      sums.klInLoss += v[2];
      sums.entropy += v[3];
      sums.clipLow += v[4];
      sums.clipHigh += v[5];
      sums.clipRegion += v[6];
      sums.auxLoss += v[7];
      sums.llds += v[8];
      withAux.forEach((aux, i) => (auxNll[aux.name] = v[9 + i]));
      sums.gradNorm += v[normAt];
      steps++;
    }
  }
  const d = Math.max(steps, 1);
  return {
    loss: sums.loss / d,
    policyLoss: sums.policyLoss / d,
    klInLoss: sums.klInLoss / d,
    entropy: sums.entropy / d,
    clipLow: sums.clipLow / d,
    clipHigh: sums.clipHigh / d,
    clipRegion: sums.clipRegion / d,
    gradNorm: sums.gradNorm / d,
    auxLoss: sums.auxLoss,
    auxNll,
    llds: sums.llds / d,
    minibatchSteps: steps,
  };
}
