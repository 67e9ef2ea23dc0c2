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
  /** LayerNorm as one kernel: WASM (gradient one kernel too, same bits) and WebGPU (WGSL) (layer-norm.ts). */
  fusedLayerNorm: boolean;
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
  /**
   * On WASM, the fused LayerNorm also while a gradient is recorded (the update), its gradient one kernel that
   * repeats autodiff of the op chain float for float, so training keeps the chain's bits (layer-norm-grad.ts).
   * Off: the op chain under the tape (9 kernels forward, about 40 backward per LayerNorm), for the bench.
   */
  fusedLayerNormUnderTape: boolean;
  /** The attention block (heads, KV concat, scores, softmax, products) as one WASM kernel, gradient one too, same bits (attention.ts). */
  fusedAttention: boolean;
  /** WebGPU: each decoded token's sampling decision in two WGSL dispatches (pick-token-webgpu.ts). */
  wgslPick: boolean;
  /** WebGPU: the update's checks and the fused Adam step as two kernels of WGSL programs (update-webgpu.ts). */
  wgslUpdateTail: boolean;
  /** WebGPU: attention's core and its gradient as WGSL dispatches, the KV cache grown in place (attention-webgpu.ts). */
  wgslAttention: boolean;
  /** WebGPU: LayerNorm's gradient as one kernel of WGSL dispatches instead of the closed form's ops (layer-norm-webgpu.ts). */
  wgslLayerNormGrad: boolean;
  /** WebGPU: dense + bias + residual in one WGSL dispatch, the dense backward as one kernel (dense-webgpu.ts). */
  wgslDense: boolean;
  /** WebGPU: per-token log-probabilities and entropies (and their gradient) as WGSL kernels (token-stats-webgpu.ts). */
  wgslTokenStats: boolean;
  /** WebGPU: the embedding tables' gradient as one kernel of two WGSL dispatches (embedding-webgpu.ts). */
  wgslEmbeddingGrad: boolean;
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
  fusedBias: true,
  fusedEmbedding: true,
  zeroCopySaves: true,
  fusedChecks: true,
  fusedPick: true,
  fusedDenseGrad: true,
  heapCopies: true,
  simdMatMul: true,
  fusedLayerNormUnderTape: true,
  fusedAttention: true,
  wgslPick: true,
  wgslUpdateTail: true,
  wgslAttention: true,
  wgslLayerNormGrad: true,
  wgslDense: true,
  wgslTokenStats: true,
  wgslEmbeddingGrad: true,
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
