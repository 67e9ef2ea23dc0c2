// Checkpoint format: one JSON document with the model spec, metadata and every parameter as base64 float32.
// Plain JSON so the browser can fetch it and Node can read it with no extra tooling.
import { modelSpec, parameterShapes, type ModelSize, type ModelSpec } from './model';

export interface CheckpointMeta {
  task?: string;
  difficulty?: number;
  note?: string;
  [key: string]: unknown;
}

export interface Checkpoint {
  format: 'grpo-playground-checkpoint/1';
  spec: ModelSpec;
  meta: CheckpointMeta;
  params: Record<string, string>;
}

export function encodeCheckpoint(spec: ModelSpec, values: Map<string, Float32Array>, meta: CheckpointMeta = {}): Checkpoint {
  const params: Record<string, string> = {};
  for (const [name] of parameterShapes(spec)) {
    const v = values.get(name);
    if (!v) throw new Error(`encodeCheckpoint: missing ${name}`);
    params[name] = toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
  }
  return { format: 'grpo-playground-checkpoint/1', spec, meta, params };
}

export function decodeCheckpoint(json: unknown): { spec: ModelSpec; values: Map<string, Float32Array>; meta: CheckpointMeta } {
  const ck = json as Partial<Checkpoint>;
  if (ck?.format !== 'grpo-playground-checkpoint/1' || !ck.spec || !ck.params) {
    throw new Error('Not a GRPO Playground checkpoint (missing format/spec/params)');
  }
  const expected = modelSpec(ck.spec.size as ModelSize);
  for (const k of ['vocab', 'context', 'dModel', 'layers', 'heads', 'ffn'] as const) {
    if (expected[k] !== ck.spec[k]) throw new Error(`Checkpoint ${k}=${ck.spec[k]} does not match size ${ck.spec.size} (${expected[k]})`);
  }
  const values = new Map<string, Float32Array>();
  for (const [name, shape] of parameterShapes(expected)) {
    const b64 = ck.params[name];
    if (typeof b64 !== 'string') throw new Error(`Checkpoint is missing parameter ${name}`);
    const bytes = fromBase64(b64);
    const n = shape.reduce((a, b) => a * b, 1);
    if (bytes.byteLength !== n * 4) throw new Error(`Checkpoint parameter ${name} has ${bytes.byteLength / 4} values, expected ${n}`);
    values.set(name, new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)));
  }
  const bad = nonFiniteWeights(values);
  if (bad.length) {
    throw new Error(
      `Checkpoint holds NaN or infinite values in ${bad.length} parameter(s) (${bad.slice(0, 3).join(', ')}${bad.length > 3 ? ', …' : ''}); it was refused`,
    );
  }
  return { spec: expected, values, meta: ck.meta ?? {} };
}

/** Names of weights holding a NaN or an infinity (checkpoints, restored trainer states). */
export function nonFiniteWeights(values: Map<string, Float32Array>): string[] {
  const bad: string[] = [];
  for (const [name, v] of values) {
    for (let i = 0; i < v.length; i++) {
      if (!Number.isFinite(v[i])) {
        bad.push(name);
        break;
      }
    }
  }
  return bad;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// Hand-rolled base64 so the same code runs in Node, workers and browsers without Buffer/atob differences.
function toBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    const triple = (a << 16) | (b << 8) | c;
    out += B64[(triple >> 18) & 63] + B64[(triple >> 12) & 63];
    out += i + 1 < bytes.length ? B64[(triple >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? B64[triple & 63] : '=';
  }
  return out;
}

function fromBase64(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = B64.indexOf(clean[i]);
    if (v < 0) throw new Error('Checkpoint parameter is not valid base64');
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 255;
    }
  }
  return out;
}
