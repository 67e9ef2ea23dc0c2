// Switches for the speed-ups of issue 13, all on by default. They exist so the benchmark can run today's code
// path and the fast one interleaved in one process (ratios from the same run), and so tests can check that the
// fast path computes what the plain one does. Nothing in the app turns them off.
export interface FastPaths {
  /** Dense-layer gradients as explicit transpose + untransposed product (WASM's XNNPACK path). */
  matmul: boolean;
  /** Sampling with a KV cache, the prompt's forward computed once per distinct prompt. */
  kvCache: boolean;
  /** Adam and the gradient norm as one op chain over all parameters concatenated. */
  fusedAdam: boolean;
  /** LayerNorm in 9 kernels instead of tf.moments' 12, same bits. */
  leanLayerNorm: boolean;
  /** LayerNorm as one kernel: WASM (gradient one kernel too, same forward bits) and WebGPU (WGSL) (layer-norm.ts). */
  fusedLayerNorm: boolean;
  /**
   * On WASM, while a gradient is recorded (the update), LayerNorm runs as the op chain: the fused kernel's gradient
   * equals autodiff's only to float rounding, so training would leave today's numbers at the last bit. Rollout,
   * scoring and evaluation (no tape) still use the fused kernel, whose forward bits are the chain's.
   */
  layerNormChainUnderTape: boolean;
  /** Dense layers' bias (and ReLU) added inside the product's kernel: WASM same bits, WebGPU tf.fused.matMul. */
  fusedBias: boolean;
  /** Token + position embeddings as one kernel (row lookups; WASM and WebGPU) instead of oneHot x matmul twice. */
  fusedEmbedding: boolean;
  /** Tensors saved for the backward pass share their data instead of being copied (WASM, WebGPU; saved-tensors.ts). */
  zeroCopySaves: boolean;
  /** The update's gradient norm and finite-weights probe as one WASM kernel, same bits (update-checks.ts). */
  fusedChecks: boolean;
  /** Each decoded token's sampling decision as one WASM kernel, same tokens (pick-token.ts). */
  fusedPick: boolean;
  /** The dense layers' backward pass (dx, dw, db) as one WASM kernel running the same kernels inside (dense-grad.ts). */
  fusedDenseGrad: boolean;
  /** Splits and row copies as WASM kernels that read the heap in place (copy-kernels.ts), same bits. */
  heapCopies: boolean;
  /** Attention's batched products on WASM SIMD in tfjs-wasm's summation order (simd-matmul.ts), same bits. */
  simdMatMul: boolean;
  /** The fused Adam step (norm, clip, moments, every parameter) as one WASM kernel, same bits (adam-kernel.ts). */
  adamKernel: boolean;
  /** Token log-probs and entropies from logits as WASM kernels (one without a tape), same bits (logprob-kernels.ts). */
  fusedLogProbs: boolean;
  /** Decoding with the cache keeps each step's tokens and joins them once at the end (sampling.ts): same tokens. */
  leanDecode: boolean;
  /** The gradients of ClipByValue, Maximum and Minimum as one WASM kernel each, same bits (select-grads.ts). */
  fusedSelectGrads: boolean;
  /** Scoring (no tape) expands a shared prompt's cache and logits by row copies, not 0/1 products (logprobs.ts). */
  gatherScoring: boolean;
  /** TRL's clip metrics (clipLow, clipHigh, clipRegion) as one WASM kernel, same bits (rl/clip-stats.ts). */
  fusedClipStats: boolean;
  /** Multiply / RealDiv / Sum / Mean gradients as one WASM launch each (no Cast copy, no Reshape), same bits (arith-grads.ts). */
  fusedArithGrads: boolean;
}

const current: FastPaths = {
  matmul: true,
  kvCache: true,
  fusedAdam: true,
  leanLayerNorm: true,
  fusedLayerNorm: true,
  layerNormChainUnderTape: true,
  fusedBias: true,
  fusedEmbedding: true,
  zeroCopySaves: true,
  fusedChecks: true,
  fusedPick: true,
  fusedDenseGrad: true,
  heapCopies: true,
  simdMatMul: true,
  adamKernel: true,
  fusedLogProbs: true,
  leanDecode: true,
  fusedSelectGrads: true,
  gatherScoring: true,
  fusedClipStats: true,
  fusedArithGrads: true,
};

export function fastPaths(): Readonly<FastPaths> {
  return current;
}

/** Change switches; returns the previous values so a caller can restore them. */
export function setFastPaths(patch: Partial<FastPaths>): FastPaths {
  const previous = { ...current };
  Object.assign(current, patch);
  return previous;
}
