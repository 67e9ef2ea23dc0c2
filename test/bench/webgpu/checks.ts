// Each fused kernel against the op chain it replaces, on the page's backend: largest |difference| of the output
// and of every gradient (WebGPU numbers are not pinned; float rounding is the expectation).
import * as tf from '@tensorflow/tfjs';
import { denseBias } from '../../../src/engine/policy/dense';
import { embed } from '../../../src/engine/policy/embedding';
import { type FastPaths, setFastPaths } from '../../../src/engine/policy/fast-paths';
import { layerNorm } from '../../../src/engine/policy/layer-norm';
import { pickToken } from '../../../src/engine/policy/pick-token';
import { Adam } from '../../../src/engine/policy/adam';
import { updateChecks } from '../../../src/engine/policy/update-checks';
import { TransformerPolicy, disposeCache } from '../../../src/engine/policy/model';
import { tokenStatsWebGpu } from '../../../src/engine/policy/token-stats-webgpu';
import { Rng } from '../../../src/engine/rng';

async function maxDiffs(fused: tf.Tensor[], chain: tf.Tensor[]): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < fused.length; i++) out.push((await tf.max(tf.abs(tf.sub(fused[i], chain[i]))).data())[0]);
  return out;
}

/** f's output and its gradients w.r.t. xs, with the switch on and off. */
async function compare(key: keyof FastPaths, xs: tf.Tensor[], f: (...a: tf.Tensor[]) => tf.Tensor): Promise<number[]> {
  const up = tf.randomUniform(f(...xs).shape, 0, 1, 'float32', 5);
  const run = (on: boolean) => {
    const previous = setFastPaths({ [key]: on });
    try {
      return [f(...xs), ...tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(...a), up)))(xs)];
    } finally {
      setFastPaths(previous);
    }
  };
  const fused = run(true);
  const chain = run(false);
  const out = await maxDiffs(fused, chain);
  tf.dispose([up, ...fused, ...chain]);
  return out;
}

/** The sampling decision with wgslPick on and off: rows whose token or done flag differ (Gumbel and greedy). */
async function comparePick(rng: Rng): Promise<number[]> {
  const [n, vocab] = [64, 20];
  const last = tf.tensor2d(rng.uniforms(n * vocab), [n, vocab]);
  const gumbel = tf.tidy(() => tf.neg(tf.log(tf.neg(tf.log(tf.tensor2d(rng.uniforms(n * vocab), [n, vocab]))))));
  const padMask = tf.tidy(() => tf.mul(tf.oneHot(tf.tensor1d([0], 'int32'), vocab).cast('float32'), -1e9));
  const done = tf.tensor1d(
    Array.from({ length: n }, (_, i) => i % 5 === 0),
    'bool',
  );
  const out: number[] = [];
  for (const noise of [() => gumbel, null]) {
    const run = (on: boolean) => {
      const previous = setFastPaths({ wgslPick: on });
      try {
        return pickToken(last, padMask, noise, 1.3, done);
      } finally {
        setFastPaths(previous);
      }
    };
    const [fused, chain] = [run(true), run(false)];
    for (let i = 0; i < 2; i++) {
      const [a, b] = [Array.from(await fused[i].data()), Array.from(await chain[i].data())];
      out.push(a.filter((x, j) => x !== b[j]).length);
    }
    tf.dispose([...fused, ...chain]);
  }
  tf.dispose([last, gumbel, padMask, done]);
  return out;
}

/** Ten parameters of assorted shapes (more than one 7-input program) and gradients for them. */
function params(rng: Rng): tf.Tensor[] {
  const shapes = [[24, 32], [32], [7], [32, 48], [48], [1], [5, 3], [16, 32], [20, 32], [3]];
  return shapes.map((s) =>
    tf.tensor(
      rng.uniforms(s.reduce((a, b) => a * b, 1)).map((u) => u - 0.5),
      s,
    ),
  );
}

/** The update checks on this backend's WGSL path against the host (the op chain's addN fails validation on a
 * software adapter past 7 inputs): |norm - host norm|, then the probe of finite weights (0), of weights holding a
 * NaN and an Inf (both NaN). */
async function compareChecks(rng: Rng): Promise<number[]> {
  const [grads, weights] = [params(rng), params(rng)];
  const probe = async (ws: tf.Tensor[]) => {
    const previous = setFastPaths({ wgslUpdateTail: true });
    try {
      return await tf.concat(updateChecks(grads, ws)).data();
    } finally {
      setFastPaths(previous);
    }
  };
  let sq = 0;
  for (const g of grads) for (const x of await g.data()) sq += x * x;
  const fine = await probe(weights);
  const [nan, inf] = [tf.tensor1d([1, Number.NaN, 2]), tf.tensor1d([1, Number.POSITIVE_INFINITY])];
  const withNaN = await probe([...weights.slice(0, 8), nan, weights[9]]);
  const withInf = await probe([inf, ...weights.slice(1)]);
  tf.dispose([...grads, ...weights, nan, inf]);
  return [Math.abs(fine[0] - Math.sqrt(sq)), fine[1], withNaN[1], withInf[1]];
}

/** Two fused Adam steps (clipping on) with wgslUpdateTail on and off from the same state: largest |diff| of the
 * returned norms, the parameters, and the moments m and v. */
async function compareAdam(rng: Rng): Promise<number[]> {
  const start = params(rng);
  const grads = [params(rng), params(rng)];
  const run = async (on: boolean) => {
    const previous = setFastPaths({ wgslUpdateTail: on });
    try {
      const vars = new Map(start.map((t, i) => [`p${i}`, tf.variable(t, true, `adamcheck_${on}_${i}`)]));
      const adam = new Adam({ lr: 0.01, epsilon: 1e-8, clipNorm: 0.5 }, true);
      adam.init(vars.values());
      const norms: number[] = [];
      for (const g of grads) {
        const named = Object.fromEntries([...vars.keys()].map((k, i) => [vars.get(k)!.name, g[i]]));
        const byName = new Map([...vars.values()].map((x) => [x.name, x]));
        const norm = adam.apply(byName, named);
        norms.push((await norm.data())[0]);
        norm.dispose();
      }
      const state = await adam.exportState([...vars.values()]);
      const values = await Promise.all([...vars.values()].map(async (x) => Array.from(await x.data())));
      adam.dispose();
      for (const x of vars.values()) x.dispose();
      return { norms, values: values.flat(), m: state.m.flatMap((x) => Array.from(x)), v: state.v.flatMap((x) => Array.from(x)) };
    } finally {
      setFastPaths(previous);
    }
  };
  const [a, b] = [await run(true), await run(false)];
  const maxDiff = (x: number[], y: number[]) => x.reduce((s, xi, i) => Math.max(s, Math.abs(xi - y[i])), 0);
  tf.dispose([...start, ...grads.flat()]);
  return [maxDiff(a.norms, b.norms), maxDiff(a.values, b.values), maxDiff(a.m, b.m), maxDiff(a.v, b.v)];
}

/** nano's forward with wgslAttention on and off: logits, every parameter's gradient (largest over all), then
 * prefill + 3 decoded tokens through the KV cache: their logits and the grown cache. */
async function compareAttention(rng: Rng): Promise<number[]> {
  const policy = TransformerPolicy.random('nano', rng);
  const [n, t] = [6, 9];
  const vocab = policy.spec.vocab;
  const ids = tf.tensor2d(
    Array.from({ length: n * t }, () => rng.int(1, vocab - 1)),
    [n, t],
    'int32',
  );
  const padLens = Int32Array.from({ length: n }, (_, i) => i % 3);
  const up = tf.randomUniform([n, t, vocab], 0, 1, 'float32', 7);
  const run = (on: boolean) => {
    const previous = setFastPaths({ wgslAttention: on });
    try {
      const vars = policy.variables();
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(policy.forward(ids, padLens), up)) as tf.Scalar, vars);
      const logits = policy.forward(ids, padLens);
      const pre = policy.prefill(tf.slice(ids, [0, 0], [n, t - 3]) as tf.Tensor2D, padLens);
      let cache = pre.cache;
      const decoded: tf.Tensor[] = [];
      for (let col = t - 3; col < t; col++) {
        const out = policy.decode(tf.reshape(tf.slice(ids, [0, col], [n, 1]), [n]) as tf.Tensor1D, col, padLens, cache);
        decoded.push(out.logits);
        if (cache !== pre.cache) disposeCache(cache);
        cache = out.cache;
      }
      return {
        value,
        logits,
        grads: vars.map((x) => grads[x.name]),
        decoded: tf.stack(decoded),
        cache: [...cache.keys, ...cache.values],
        pre,
      };
    } finally {
      setFastPaths(previous);
    }
  };
  const [a, b] = [run(true), run(false)];
  const diff = async (x: tf.Tensor, y: tf.Tensor) => (await tf.max(tf.abs(tf.sub(x, y))).data())[0];
  let gradDiff = 0;
  for (let i = 0; i < a.grads.length; i++) gradDiff = Math.max(gradDiff, await diff(a.grads[i], b.grads[i]));
  let cacheDiff = 0;
  for (let i = 0; i < a.cache.length; i++) cacheDiff = Math.max(cacheDiff, await diff(a.cache[i], b.cache[i]));
  const out = [await diff(a.logits, b.logits), gradDiff, await diff(a.decoded, b.decoded), cacheDiff];
  for (const r of [a, b]) {
    tf.dispose([r.value, r.logits, ...r.grads, r.decoded, ...r.cache, r.pre.logits]);
    disposeCache(r.pre.cache);
  }
  tf.dispose([ids, up]);
  policy.dispose();
  return out;
}

/** Token log-probs and entropies (logprobs.ts's op chain against the WGSL kernel): logp, entropy, d logits. */
async function compareTokenStats(rng: Rng): Promise<number[]> {
  const [n, T, V] = [5, 7, 20];
  const z = tf.tensor3d(
    rng.uniforms(n * T * V).map((u) => 4 * u - 2),
    [n, T, V],
  );
  const targets = tf.tensor2d(
    Array.from({ length: n * T }, () => rng.int(0, V - 1)),
    [n, T],
    'int32',
  );
  const [u1, u2] = [tf.randomUniform([n, T], 0, 1, 'float32', 8), tf.randomUniform([n, T], 0, 1, 'float32', 9)];
  const chain = (x: tf.Tensor) => {
    const logSm = tf.logSoftmax(x);
    const logp = tf.sum(tf.mul(logSm, tf.cast(tf.oneHot(targets, V), 'float32')), -1);
    return { logp, entropy: tf.neg(tf.sum(tf.mul(tf.exp(logSm), logSm), -1)) };
  };
  const fused = (x: tf.Tensor) => tokenStatsWebGpu(x, targets, true);
  const run = (f: typeof chain) => {
    const { logp, entropy } = f(z);
    const [dz] = tf.grads((x: tf.Tensor) => {
      const r = f(x);
      return tf.add(tf.sum(tf.mul(r.logp, u1)), tf.sum(tf.mul(r.entropy, u2)));
    })([z]);
    return [logp, entropy, dz];
  };
  const out = await maxDiffs(run(fused), run(chain));
  tf.dispose([z, targets, u1, u2]);
  return out;
}

export async function fusedVsChain(): Promise<Record<string, number[]>> {
  const rng = new Rng(3, 'page');
  const t = (...shape: number[]) => tf.tensor(rng.uniforms(shape.reduce((a, b) => a * b, 1)), shape);
  const [x, g, b, w, bias, res, tok, pos] = [t(24, 32), t(32), t(32), t(32, 48), t(48), t(24, 48), t(20, 32), t(16, 32)];
  const ids = tf.tensor1d(
    Array.from({ length: 24 }, () => rng.int(0, 19)),
    'int32',
  );
  const positions = Int32Array.from({ length: 24 }, (_, i) => i % 16);
  const x2 = x as tf.Tensor2D;
  const out = {
    'LayerNorm y, dx, dg, db': await compare('fusedLayerNorm', [x, g, b], (a, gg, bb) => layerNorm(a as tf.Tensor2D, gg, bb)),
    'embedding y, dTok, dPos': await compare('fusedEmbedding', [tok, pos], (a, p) =>
      embed(ids, positions, a as tf.Tensor2D, p as tf.Tensor2D),
    ),
    'dense+bias+relu y, dx, dw, db': await compare('fusedBias', [x, w, bias], (a, ww, bb) =>
      denseBias(a as tf.Tensor2D, ww as tf.Tensor2D, bb, 'relu'),
    ),
    'dense+bias+residual y, dx, dw, db, dres': await compare('fusedBias', [x2, w, bias, res], (a, ww, bb, r) =>
      denseBias(a as tf.Tensor2D, ww as tf.Tensor2D, bb, 'linear', r as tf.Tensor2D),
    ),
    'update checks (vs host): norm, probe finite (0), probe NaN, probe Inf (NaN)': await compareChecks(rng),
    'Adam (2 steps, clipped): norm, parameters, m, v': await compareAdam(rng),
    'attention (nano): logits, parameter gradients, decoded logits, KV cache': await compareAttention(rng),
    'token log-probs and entropies: logp, entropy, d logits': await compareTokenStats(rng),
    'pick: rows differing in token, done (Gumbel), token, done (greedy)': await comparePick(rng),
  };
  tf.dispose([x, g, b, w, bias, res, tok, pos, ids]);
  return out;
}
