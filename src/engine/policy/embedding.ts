// Token + position embeddings: tokEmb[ids] + posEmb[positions], rows [n, d].
// The op chain (every backend) is one-hot x matmul, whose gradient is a plain matmul on every backend (WASM has
// no kernel for gather's gradient); it costs 7 kernels. On WASM (switch fusedEmbedding) it is one JS kernel,
// GrpoEmbedding: a row lookup gives the product's bits exactly (the product sums one 1*w and zeros 0*w, and
// adding zeros changes nothing), then one float32 add. Its gradient, GrpoEmbeddingGrad, adds each row of dy into
// its token's (and position's) row in row order, in float32: the sum the one-hot product computes, skipping its
// zero terms (test/unit/fused-kernels.test.ts compares both). On WebGPU one WGSL dispatch (embedding-webgpu.ts).
import * as tf from '@tensorflow/tfjs';
import { dense } from './dense';
import { embeddingGradOps, registerWebGpuEmbedding } from './embedding-webgpu';
import { fastPaths } from './fast-paths';
import { heapF32, heapI32, type WasmBackend } from './wasm-heap';

const EMBED = 'GrpoEmbedding';
const EMBED_GRAD = 'GrpoEmbeddingGrad';
let registered = false;

function register(): void {
  tf.registerKernel({
    kernelName: EMBED,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const be = backend as unknown as WasmBackend;
      const { ids, positions, tokEmb, posEmb } = inputs as Record<string, tf.TensorInfo>;
      const d = tokEmb.shape[1];
      const out = be.makeOutput([tf.util.sizeFromShape(ids.shape), d], 'float32');
      const [tok, pos, ys] = [tokEmb, posEmb, out].map((t) => heapF32(be, t));
      const [is, ps] = [ids, positions].map((t) => heapI32(be, t));
      for (let r = 0; r < is.length; r++) {
        const a = is[r] * d;
        const b = ps[r] * d;
        for (let j = 0; j < d; j++) ys[r * d + j] = Math.fround(tok[a + j] + pos[b + j]);
      }
      return out;
    },
  });
  tf.registerKernel({
    kernelName: EMBED_GRAD,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as WasmBackend;
      const { dy, ids, positions } = inputs as Record<string, tf.TensorInfo>;
      const { vocab, context } = attrs as unknown as { vocab: number; context: number };
      const d = dy.shape[1];
      const outs = [be.makeOutput([vocab, d], 'float32'), be.makeOutput([context, d], 'float32')];
      const [dys, dTok, dPos] = [dy, ...outs].map((t) => heapF32(be, t));
      const [is, ps] = [ids, positions].map((t) => heapI32(be, t));
      dTok.fill(0);
      dPos.fill(0);
      for (let r = 0; r < is.length; r++) {
        const a = is[r] * d;
        const b = ps[r] * d;
        for (let j = 0; j < d; j++) {
          dTok[a + j] = Math.fround(dTok[a + j] + dys[r * d + j]);
          dPos[b + j] = Math.fround(dPos[b + j] + dys[r * d + j]);
        }
      }
      return outs;
    },
  });
  tf.registerGradient({
    kernelName: EMBED,
    inputsToSave: ['ids', 'positions', 'tokEmb', 'posEmb'],
    gradFunc: (dy, saved) => {
      const [ids, positions, tokEmb, posEmb] = saved;
      const attrs = { vocab: tokEmb.shape[0], context: posEmb.shape[0] };
      // one kernel for both tables, run in the backward pass's scope (see layer-norm.ts)
      const [dTok, dPos] =
        tf.getBackend() === 'wasm'
          ? (tf.engine().runKernel(EMBED_GRAD, { dy: dy as tf.Tensor, ids, positions }, attrs as never) as tf.Tensor[])
          : embeddingGradOps(dy as tf.Tensor, ids, positions, attrs.vocab, attrs.context);
      return {
        ids: () => tf.zeros(ids.shape),
        positions: () => tf.zeros(positions.shape),
        tokEmb: () => dTok,
        posEmb: () => dPos,
      };
    },
  });
  registerWebGpuEmbedding(EMBED);
  registered = true;
}

function check(ids: tf.Tensor, positions: Int32Array, tokEmb: tf.Tensor2D, posEmb: tf.Tensor2D): void {
  if (ids.dtype !== 'int32') throw new Error(`embed: token ids must be int32, got ${ids.dtype}`);
  if (ids.size !== positions.length) throw new Error(`embed: ${ids.size} token ids but ${positions.length} positions`);
  if (tokEmb.shape[1] !== posEmb.shape[1]) throw new Error('embed: token and position tables differ in width');
}

/** Rows tokEmb[ids[r]] + posEmb[positions[r]] over the ids in row-major order (any shape): [ids.size, d]. */
export function embed(ids: tf.Tensor, positions: Int32Array, tokEmb: tf.Tensor2D, posEmb: tf.Tensor2D): tf.Tensor2D {
  check(ids, positions, tokEmb, posEmb);
  const pos = tf.tensor1d(positions, 'int32');
  if (fastPaths().fusedEmbedding && (tf.getBackend() === 'wasm' || tf.getBackend() === 'webgpu')) {
    if (!registered) register();
    return tf.engine().runKernel(EMBED, { ids, positions: pos, tokEmb, posEmb } as unknown as tf.NamedTensorMap) as tf.Tensor2D;
  }
  // cast after oneHot: wasm's oneHot with a float dtype is broken (webgpu.md section 8)
  const tokOneHot = tf.cast(tf.oneHot(tf.reshape(ids, [ids.size]) as tf.Tensor1D, tokEmb.shape[0]), 'float32') as tf.Tensor2D;
  const posOneHot = tf.cast(tf.oneHot(pos, posEmb.shape[0]), 'float32') as tf.Tensor2D;
  return tf.add(dense(tokOneHot, tokEmb), dense(posOneHot, posEmb)) as tf.Tensor2D;
}
