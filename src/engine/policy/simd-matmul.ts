// Attention's batched products ([rows, heads, t, T] sizes) on WASM SIMD. tfjs-wasm runs a batched product in a
// scalar loop (XNNPACK only takes batch 1); that loop sums each output over the shared dimension in order, from
// 0, in blocks of 48. This small hand-assembled module sums in exactly that order, four outputs at a time
// (f32x4 multiply then add: WASM has no fused multiply-add, so each step rounds as the scalar loop does), so the
// results are bit-identical (test/unit/simd-matmul.test.ts). It works on tfjs's own heap (the module imports
// tfjs's memory). Shared dimension over 48 or no SIMD: the stock kernel.
import * as tf from '@tensorflow/tfjs';
import { heapCopiesActive } from './copy-kernels';
import { fastPaths } from './fast-paths';

const KERNEL = 'GrpoBatchMatMul';
/** tfjs-wasm's block size: beyond it the scalar loop adds partial sums, an order this module does not copy. */
const MAX_SHARED = 48;

type Bmm = (
  a: number,
  b: number,
  out: number,
  batch: number,
  m: number,
  k: number,
  n: number,
  aRow: number,
  aK: number,
  aBatch: number,
) => void;
type Tr = (src: number, dst: number, batch: number, rows: number, cols: number) => void;

interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  getMemoryOffset(dataId: tf.DataId): number;
  disposeData(dataId: tf.DataId): boolean;
  wasm: { HEAPU8: Uint8Array; asm?: { memory?: WebAssembly.Memory } };
}

let simd: { bmm: Bmm; tr: Tr } | null | undefined;

/** The module, assembled by hand: bmm(a, b, out, batch, m, k, n, aRowStride, aKStride, aBatchStride), strides in bytes. */
function moduleBytes(): Uint8Array<ArrayBuffer> {
  const uleb = (v: number): number[] => {
    const out: number[] = [];
    do {
      let byte = v & 0x7f;
      v >>>= 7;
      if (v) byte |= 0x80;
      out.push(byte);
    } while (v);
    return out;
  };
  const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
  const I32 = 0x7f;
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const c = (v: number) => [0x41, ...uleb(v)]; // small non-negative constants only (uleb = sleb below 64)
  const add = [0x6a];
  const mul = [0x6c];
  const geU = [0x4f];
  const gtU = [0x4b];
  const inc = (i: number, by: number[]) => [...get(i), ...by, ...add, ...set(i)];
  // block + loop with an exit test at the top; body ends by branching back
  const loop = (exit: number[], body: number[]) => [0x02, 0x40, 0x03, 0x40, ...exit, 0x0d, 1, ...body, 0x0c, 0, 0x0b, 0x0b];
  const [A, B, OUT, BATCH, M, K, N, AROW, AK, ABATCH] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [P, I, J, KK, ACC, AROWP, BP, OUTP, SACC, AP, BBASE] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
  const nBytes = [...get(N), ...c(4), ...mul];
  const kLoopVec = loop(
    [...get(KK), ...get(K), ...geU],
    [
      ...get(ACC),
      ...get(AP),
      0x2a,
      2,
      0, // f32.load
      0xfd,
      0x13, // f32x4.splat
      ...get(BP),
      0xfd,
      0x00,
      0,
      0, // v128.load
      0xfd,
      0xe6,
      0x01, // f32x4.mul
      0xfd,
      0xe4,
      0x01, // f32x4.add
      ...set(ACC),
      ...inc(AP, get(AK)),
      ...inc(BP, nBytes),
      ...inc(KK, c(1)),
    ],
  );
  const kLoopScalar = loop(
    [...get(KK), ...get(K), ...geU],
    [
      ...get(SACC),
      ...get(AP),
      0x2a,
      2,
      0, // f32.load
      ...get(BP),
      0x2a,
      2,
      0, // f32.load
      0x94, // f32.mul
      0x92, // f32.add
      ...set(SACC),
      ...inc(AP, get(AK)),
      ...inc(BP, nBytes),
      ...inc(KK, c(1)),
    ],
  );
  const startK = [...get(AROWP), ...set(AP), ...get(BBASE), ...get(J), ...c(4), ...mul, ...add, ...set(BP), ...c(0), ...set(KK)];
  const jVec = loop(
    [...get(J), ...c(4), ...add, ...get(N), ...gtU],
    [
      0xfd,
      0x0c,
      ...new Array(16).fill(0), // v128.const 0
      ...set(ACC),
      ...startK,
      ...kLoopVec,
      ...get(OUTP),
      ...get(ACC),
      0xfd,
      0x0b,
      0,
      0, // v128.store
      ...inc(OUTP, c(16)),
      ...inc(J, c(4)),
    ],
  );
  const jScalar = loop(
    [...get(J), ...get(N), ...geU],
    [
      0x43,
      0,
      0,
      0,
      0, // f32.const 0
      ...set(SACC),
      ...startK,
      ...kLoopScalar,
      ...get(OUTP),
      ...get(SACC),
      0x38,
      2,
      0, // f32.store
      ...inc(OUTP, c(4)),
      ...inc(J, c(1)),
    ],
  );
  const iLoop = loop(
    [...get(I), ...get(M), ...geU],
    [
      ...get(A),
      ...get(P),
      ...get(ABATCH),
      ...mul,
      ...add,
      ...get(I),
      ...get(AROW),
      ...mul,
      ...add,
      ...set(AROWP),
      ...get(B),
      ...get(P),
      ...get(K),
      ...mul,
      ...nBytes,
      ...mul,
      ...add,
      ...set(BBASE),
      ...c(0),
      ...set(J),
      ...jVec,
      ...jScalar,
      ...inc(I, c(1)),
    ],
  );
  const pLoop = loop([...get(P), ...get(BATCH), ...geU], [...c(0), ...set(I), ...iLoop, ...inc(P, c(1))]);
  // locals: p i j kk (i32), acc (v128), arowp bp outp (i32), sacc (f32), ap bbase (i32)
  const locals = [5, 4, I32, 1, 0x7b, 3, I32, 1, 0x7d, 2, I32];
  const code = [...locals, ...get(OUT), ...set(OUTP), ...c(0), ...set(P), ...pLoop, 0x0b];
  // tr(src, dst, batch, rows, cols): each [rows, cols] matrix to [cols, rows], 32-bit words copied as they are
  const [SRC, DST, TB, ROWS, COLS] = [0, 1, 2, 3, 4];
  const [TP, TR, TC, SP, DP, DBASE] = [5, 6, 7, 8, 9, 10];
  const rowBytes = [...get(ROWS), ...c(4), ...mul];
  const cLoop = loop(
    [...get(TC), ...get(COLS), ...geU],
    [...get(DP), ...get(SP), 0x28, 2, 0, 0x36, 2, 0, ...inc(SP, c(4)), ...inc(DP, rowBytes), ...inc(TC, c(1))],
  );
  const rLoop = loop(
    [...get(TR), ...get(ROWS), ...geU],
    [...get(DBASE), ...get(TR), ...c(4), ...mul, ...add, ...set(DP), ...c(0), ...set(TC), ...cLoop, ...inc(TR, c(1))],
  );
  const tpLoop = loop(
    [...get(TP), ...get(TB), ...geU],
    [
      ...get(DST),
      ...get(TP),
      ...get(ROWS),
      ...mul,
      ...get(COLS),
      ...mul,
      ...c(4),
      ...mul,
      ...add,
      ...set(DBASE),
      ...c(0),
      ...set(TR),
      ...rLoop,
      ...inc(TP, c(1)),
    ],
  );
  const trCode = [1, 6, I32, ...get(SRC), ...set(SP), ...c(0), ...set(TP), ...tpLoop, 0x0b];
  const name = (text: string) => [text.length, ...Array.from(text, (ch) => ch.charCodeAt(0))];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [2, 0x60, 10, ...new Array(10).fill(I32), 0, 0x60, 5, ...new Array(5).fill(I32), 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x00]),
    ...section(3, [2, 0, 1]),
    ...section(7, [2, ...name('bmm'), 0x00, 0, ...name('tr'), 0x00, 1]),
    ...section(10, [2, ...uleb(code.length), ...code, ...uleb(trCode.length), ...trCode]),
  ]);
}

function instantiate(backend: WasmBackendLike): { bmm: Bmm; tr: Tr } | null {
  // the single-threaded build exports its memory; the threaded one shares it (this module would need another import)
  const memory = backend.wasm.asm?.memory;
  const bytes = moduleBytes();
  if (!(memory instanceof WebAssembly.Memory) || !WebAssembly.validate(bytes)) return null;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return { bmm: instance.exports.bmm as unknown as Bmm, tr: instance.exports.tr as unknown as Tr };
}

/** The SIMD kernels when they can run here (WASM backend with SIMD and tfjs's memory reachable), else null. */
function kernel(): { bmm: Bmm; tr: Tr } | null {
  if (simd === undefined) simd = instantiate(tf.backend() as unknown as WasmBackendLike);
  return simd;
}

let registered = false;

function register(): void {
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const bk = backend as unknown as WasmBackendLike;
      const { transposeA: ta, transposeB: tb } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      const a = inputs.a as tf.TensorInfo;
      const b = inputs.b as tf.TensorInfo;
      const rank = a.shape.length;
      const outer = a.shape.slice(0, rank - 2);
      const batch = outer.reduce((x, y) => x * y, 1);
      const [ar, ac] = a.shape.slice(rank - 2);
      const [br, bc] = b.shape.slice(rank - 2);
      const m = ta ? ac : ar;
      const k = ta ? ar : ac;
      const n = tb ? br : bc;
      const out = bk.makeOutput([...outer, m, n], 'float32');
      // b must have its columns contiguous: a transposed b is copied first (an exact copy)
      const bT = tb ? bk.makeOutput([...outer, k, n], 'float32') : null;
      const { bmm: product, tr } = kernel()!;
      if (bT) tr(bk.getMemoryOffset(b.dataId), bk.getMemoryOffset(bT.dataId), batch, n, k);
      const rowStride = (ta ? 1 : k) * 4;
      const kStride = (ta ? m : 1) * 4;
      product(
        bk.getMemoryOffset(a.dataId),
        bk.getMemoryOffset((bT ?? b).dataId),
        bk.getMemoryOffset(out.dataId),
        batch,
        m,
        k,
        n,
        rowStride,
        kStride,
        m * k * 4,
      );
      if (bT) bk.disposeData(bT.dataId);
      return out;
    },
  });
  // tfjs's own BatchMatMul gradient (same products, same transposes), through this kernel again
  tf.registerGradient({
    kernelName: KERNEL,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const g = dy as tf.Tensor;
      const { transposeA: ta, transposeB: tb } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
      if (!ta && !tb) return { a: () => attentionMatMul(g, b, false, true), b: () => attentionMatMul(a, g, true, false) };
      if (!ta && tb) return { a: () => attentionMatMul(g, b, false, false), b: () => attentionMatMul(g, a, true, false) };
      if (ta && !tb) return { a: () => attentionMatMul(b, g, false, true), b: () => attentionMatMul(a, g, false, false) };
      return { a: () => attentionMatMul(b, g, true, true), b: () => attentionMatMul(g, a, true, true) };
    },
  });
  registered = true;
}

/**
 * tf.matMul(a, b, transposeA, transposeB) for same-shaped batches, bit-identical to tfjs-wasm's. On WASM with
 * the simdMatMul switch on, SIMD, and a shared dimension of at most 48; the stock op otherwise.
 */
export function attentionMatMul(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  const rank = a.shape.length;
  const shared = transposeA ? a.shape[rank - 2] : a.shape[rank - 1];
  const sameBatch = rank === b.shape.length && a.shape.slice(0, rank - 2).every((s, i) => s === b.shape[i]);
  if (!fastPaths().simdMatMul || !heapCopiesActive() || shared > MAX_SHARED || !sameBatch || rank < 3 || !kernel())
    return tf.matMul(a, b, transposeA, transposeB);
  if (!registered) register();
  return tf
    .engine()
    .runKernel(KERNEL, { a, b } as unknown as tf.NamedTensorMap, { transposeA, transposeB } as unknown as tf.NamedAttrMap) as tf.Tensor;
}
