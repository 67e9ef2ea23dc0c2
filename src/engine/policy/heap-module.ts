// A small WASM module, assembled here byte by byte, that works on tfjs-backend-wasm's own heap (it imports tfjs's
// memory): a batched product for attention (simd-matmul.ts) and strided copies for the copy kernels
// (copy-kernels.ts). Addresses and strides are in bytes. Null where it cannot run (no SIMD, or tfjs's memory out
// of reach), and callers then use their JS or stock paths.
import * as tf from '@tensorflow/tfjs';

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
/** For a < n0, b < n1, c < n2: copy len 32-bit words from src + a*ss0 + b*ss1 + c*ss2 to dst + a*ds0 + b*ds1 + c*ds2. */
type Copy3 = (
  src: number,
  dst: number,
  len: number,
  n0: number,
  ss0: number,
  ds0: number,
  n1: number,
  ss1: number,
  ds1: number,
  n2: number,
  ss2: number,
  ds2: number,
) => void;

export interface HeapModule {
  bmm: Bmm;
  tr: Tr;
  copy3: Copy3;
}

export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  getMemoryOffset(dataId: tf.DataId): number;
  disposeData(dataId: tf.DataId): boolean;
  wasm: { HEAPU8: Uint8Array; asm?: { memory?: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory };
}

let loaded: HeapModule | null | undefined;
/** The backend instance the module was bound to (a re-created WASM backend has a new memory). */
let boundTo: unknown = null;

/** The module, assembled by hand: bmm(a, b, out, batch, m, k, n, aRowStride, aKStride, aBatchStride), strides in bytes. */
function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
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
  // copy3: three nested strided loops around a word copy (see the Copy3 type)
  const [CS, CD, LEN, N0, SS0, DS0, N1, SS1, DS1, N2, SS2, DS2] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  const [LA, LB, LC, LW, SP0, DP0, SP1, DP1, SP2, DP2, S, D] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
  const wLoop = loop(
    [...get(LW), ...get(LEN), ...geU],
    [...get(D), ...get(S), 0x28, 2, 0, 0x36, 2, 0, ...inc(S, c(4)), ...inc(D, c(4)), ...inc(LW, c(1))],
  );
  const cLoop3 = loop(
    [...get(LC), ...get(N2), ...geU],
    [
      ...c(0),
      ...set(LW),
      ...get(SP2),
      ...set(S),
      ...get(DP2),
      ...set(D),
      ...wLoop,
      ...inc(SP2, get(SS2)),
      ...inc(DP2, get(DS2)),
      ...inc(LC, c(1)),
    ],
  );
  const bLoop3 = loop(
    [...get(LB), ...get(N1), ...geU],
    [
      ...c(0),
      ...set(LC),
      ...get(SP1),
      ...set(SP2),
      ...get(DP1),
      ...set(DP2),
      ...cLoop3,
      ...inc(SP1, get(SS1)),
      ...inc(DP1, get(DS1)),
      ...inc(LB, c(1)),
    ],
  );
  const aLoop3 = loop(
    [...get(LA), ...get(N0), ...geU],
    [
      ...c(0),
      ...set(LB),
      ...get(SP0),
      ...set(SP1),
      ...get(DP0),
      ...set(DP1),
      ...bLoop3,
      ...inc(SP0, get(SS0)),
      ...inc(DP0, get(DS0)),
      ...inc(LA, c(1)),
    ],
  );
  const copyCode = [1, 12, I32, ...get(CS), ...set(SP0), ...get(CD), ...set(DP0), ...c(0), ...set(LA), ...aLoop3, 0x0b];
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
    ...section(1, [
      3,
      0x60,
      10,
      ...new Array(10).fill(I32),
      0,
      0x60,
      5,
      ...new Array(5).fill(I32),
      0,
      0x60,
      12,
      ...new Array(12).fill(I32),
      0,
    ]),
    // memory limits: min 0; a shared memory (threaded tfjs) must be imported as shared, with a maximum (4 GiB)
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...(shared ? [0x03, 0x00, 0x80, 0x80, 0x04] : [0x00, 0x00])]),
    ...section(3, [3, 0, 1, 2]),
    ...section(7, [3, ...name('bmm'), 0x00, 0, ...name('tr'), 0x00, 1, ...name('copy3'), 0x00, 2]),
    ...section(10, [3, ...uleb(code.length), ...code, ...uleb(trCode.length), ...trCode, ...uleb(copyCode.length), ...copyCode]),
  ]);
}

function instantiate(backend: WasmBackendLike): HeapModule | null {
  // the single-threaded build exports its memory; the threaded one creates a shared one and keeps it on the module
  const memory = backend.wasm.asm?.memory ?? backend.wasm.wasmMemory;
  return memory instanceof WebAssembly.Memory ? heapModuleOn(memory) : null;
}

/** The module bound to a memory (shared or not); null where this engine lacks WASM SIMD. */
export function heapModuleOn(memory: WebAssembly.Memory): HeapModule | null {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = moduleBytes(shared);
  if (!WebAssembly.validate(bytes)) return null;
  const e = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  return { bmm: e.bmm as unknown as Bmm, tr: e.tr as unknown as Tr, copy3: e.copy3 as unknown as Copy3 };
}

/** Tests: false makes heapModule() report null (the JS and stock fallbacks run), true loads it again. */
export function enableHeapModule(on: boolean): void {
  loaded = on ? undefined : null;
}

/** The module when it can run here (WASM backend with SIMD and tfjs's memory reachable), else null. */
export function heapModule(): HeapModule | null {
  if (tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend();
  if (loaded === undefined || (loaded !== null && boundTo !== backend)) {
    boundTo = backend;
    try {
      loaded = instantiate(backend as unknown as WasmBackendLike);
    } catch {
      loaded = null;
    }
  }
  return loaded;
}
