// Adam with global-norm gradient clipping and an explicit epsilon. Written out (not tf.train.adam) because
// tfjs's default epsilon differs per backend (webgl: 1e-4, webgpu.md section 8), and because the learning rate
// must change live between steps.
import * as tf from '@tensorflow/tfjs';
import { fastPaths } from './fast-paths';
import { addMany } from './update-checks';
import { heapCopiesActive, splitFlat } from './copy-kernels';
import { adamKernelActive, adamStep } from './adam-kernel';
import { wgslAdamStep } from './update-webgpu';

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon: number;
  /** Clip the global gradient norm to this value; 0 = off. */
  clipNorm: number;
}

/** Optimizer moments by parameter position (variable names differ between instances) and the step count. */
export interface AdamState {
  t: number;
  m: Float32Array[];
  v: Float32Array[];
}

/** Where each parameter sits in the fused optimizer's flat moment vectors. */
interface Slot {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

export class Adam {
  opts: Required<AdamOptions>;
  /**
   * Fused: the moments of all parameters live in two flat vectors and one op chain updates them all (about 3
   * kernels per parameter instead of 14). Elementwise it computes exactly what the per-parameter path does; only
   * the global norm is summed in another order (it can differ in the last bit).
   */
  readonly fused: boolean;
  private m = new Map<string, tf.Variable>();
  private v = new Map<string, tf.Variable>();
  private slots: Slot[] = [];
  private flatM: tf.Variable | null = null;
  private flatV: tf.Variable | null = null;
  private t = 0;

  constructor(opts: AdamOptions, fused = fastPaths().fusedAdam) {
    this.opts = { beta1: 0.9, beta2: 0.999, ...opts };
    this.fused = fused;
  }

  /** Create the moment slots up front, so the tensor count is flat from the first step (leak checks rely on it). */
  init(vars: Iterable<tf.Variable>): void {
    if (this.fused) {
      this.initFlat(vars);
      return;
    }
    for (const variable of vars) {
      if (this.m.has(variable.name)) continue;
      tf.tidy(() => {
        // tf.variable keeps its own handle on the data; tidy disposes the temporary zeros tensor.
        this.m.set(variable.name, tf.keep(tf.variable(tf.zerosLike(variable), false)));
        this.v.set(variable.name, tf.keep(tf.variable(tf.zerosLike(variable), false)));
      });
    }
  }

  private initFlat(vars: Iterable<tf.Variable>): void {
    if (this.flatM) {
      const known = new Set(this.slots.map((s) => s.name));
      for (const variable of vars) {
        if (!known.has(variable.name)) throw new Error(`Adam: parameter ${variable.name} is not one this optimizer was created for`);
      }
      return;
    }
    let offset = 0;
    for (const variable of vars) {
      this.slots.push({ name: variable.name, shape: variable.shape, offset, size: variable.size });
      offset += variable.size;
    }
    // tf.variable keeps its own handle on the data; tidy disposes the temporary zeros tensors.
    [this.flatM, this.flatV] = tf.tidy(() => [
      tf.keep(tf.variable(tf.zeros([offset]), false)),
      tf.keep(tf.variable(tf.zeros([offset]), false)),
    ]);
  }

  /** Apply gradients; returns the global gradient norm before clipping (one scalar, kept on device). */
  apply(vars: Map<string, tf.Variable>, grads: Record<string, tf.Tensor>): tf.Scalar {
    if (this.fused) return this.applyFused(vars, grads);
    this.t += 1;
    const { lr, beta1, beta2, epsilon, clipNorm } = this.opts;
    const bc1 = 1 - beta1 ** this.t;
    const bc2 = 1 - beta2 ** this.t;
    return tf.tidy(() => {
      const names = Object.keys(grads);
      const sq = names.map((k) => tf.sum(tf.square(grads[k])));
      const norm = tf.sqrt(addMany(sq)) as tf.Scalar; // addN, in groups on WebGPU (update-checks.ts)
      const factor = clipNorm > 0 ? tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-6))) : tf.scalar(1);
      for (const name of names) {
        const variable = vars.get(name);
        if (!variable) continue;
        const g = tf.mul(grads[name], factor);
        let m = this.m.get(name);
        let v = this.v.get(name);
        if (!m || !v) {
          m = tf.variable(tf.zerosLike(variable), false);
          v = tf.variable(tf.zerosLike(variable), false);
          this.m.set(name, m);
          this.v.set(name, v);
        }
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const update = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), epsilon));
        variable.assign(tf.sub(variable, tf.mul(update, lr)));
      }
      return norm;
    });
  }

  /** One op chain over all parameters concatenated; a parameter without a gradient gets a zero one. */
  private applyFused(vars: Map<string, tf.Variable>, grads: Record<string, tf.Tensor>): tf.Scalar {
    this.initFlat(vars.values());
    this.t += 1;
    const { lr, beta1, beta2, epsilon, clipNorm } = this.opts;
    const bc1 = 1 - beta1 ** this.t;
    const bc2 = 1 - beta2 ** this.t;
    const m = this.flatM!;
    const v = this.flatV!;
    if (adamKernelActive()) {
      // WASM: the chain below as one kernel, same bits (adam-kernel.ts)
      return tf.tidy(() => {
        const slotVars = this.slots.map((s) => vars.get(s.name));
        const out = adamStep(
          m,
          v,
          this.slots.map((s) => grads[s.name]),
          slotVars,
          this.slots.map((s) => s.size),
          { lr, beta1, beta2, epsilon, clipNorm, bc1, bc2 },
        );
        m.assign(out.m);
        v.assign(out.v);
        let next = 0;
        for (const variable of slotVars) if (variable) variable.assign(out.weights[next++]);
        return out.norm;
      });
    }
    return tf.tidy(() => {
      const wgsl = wgslAdamStep(this.slots, vars, grads, m, v, { lr, beta1, beta2, epsilon, clipNorm, bc1, bc2 }); // WebGPU only
      if (wgsl) return wgsl;
      const flat = tf.concat(this.slots.map((s) => (grads[s.name] ? tf.reshape(grads[s.name], [s.size]) : tf.zeros([s.size]))));
      const norm = tf.sqrt(tf.sum(tf.square(flat))) as tf.Scalar;
      const factor = clipNorm > 0 ? tf.minimum(1, tf.div(clipNorm, tf.add(norm, 1e-6))) : tf.scalar(1);
      const g = tf.mul(flat, factor);
      m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
      v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
      const update = tf.div(tf.div(m, bc1), tf.add(tf.sqrt(tf.div(v, bc2)), epsilon));
      const scaled = tf.mul(update, lr) as tf.Tensor1D;
      // WASM: one in-heap copy kernel; tfjs-wasm's split copies the whole vector once per piece (copy-kernels.ts)
      const steps = heapCopiesActive()
        ? splitFlat(
            scaled,
            this.slots.map((s) => s.shape),
          )
        : tf.split(
            scaled,
            this.slots.map((s) => s.size),
          );
      this.slots.forEach((s, i) => {
        const variable = vars.get(s.name);
        if (variable) variable.assign(tf.sub(variable, tf.reshape(steps[i], s.shape)));
      });
      return norm;
    });
  }

  async exportState(vars: tf.Variable[]): Promise<AdamState> {
    this.init(vars);
    if (this.fused) {
      const mAll = (await this.flatM!.data()) as Float32Array;
      const vAll = (await this.flatV!.data()) as Float32Array;
      const slot = new Map(this.slots.map((s) => [s.name, s]));
      const part = (all: Float32Array, name: string) => {
        const s = slot.get(name)!;
        return all.slice(s.offset, s.offset + s.size);
      };
      return { t: this.t, m: vars.map((x) => part(mAll, x.name)), v: vars.map((x) => part(vAll, x.name)) };
    }
    const m: Float32Array[] = [];
    const v: Float32Array[] = [];
    for (const variable of vars) {
      m.push((await this.m.get(variable.name)!.data()) as Float32Array);
      v.push((await this.v.get(variable.name)!.data()) as Float32Array);
    }
    return { t: this.t, m, v };
  }

  importState(state: AdamState, vars: tf.Variable[]): void {
    this.init(vars);
    if (state.m.length !== vars.length || state.v.length !== vars.length) throw new Error('Adam state does not match the model');
    if (this.fused) {
      const index = new Map(vars.map((x, i) => [x.name, i]));
      const mAll = new Float32Array(this.flatM!.size);
      const vAll = new Float32Array(this.flatV!.size);
      for (const s of this.slots) {
        const i = index.get(s.name);
        if (i === undefined || state.m[i].length !== s.size || state.v[i].length !== s.size)
          throw new Error(`Adam state does not match parameter ${s.name}`);
        mAll.set(state.m[i], s.offset);
        vAll.set(state.v[i], s.offset);
      }
      tf.tidy(() => {
        this.flatM!.assign(tf.tensor1d(mAll));
        this.flatV!.assign(tf.tensor1d(vAll));
      });
      this.t = state.t;
      return;
    }
    vars.forEach((variable, i) => {
      tf.tidy(() => {
        this.m.get(variable.name)!.assign(tf.tensor(state.m[i], variable.shape));
        this.v.get(variable.name)!.assign(tf.tensor(state.v[i], variable.shape));
      });
    });
    this.t = state.t;
  }

  dispose(): void {
    this.flatM?.dispose();
    this.flatV?.dispose();
    this.flatM = this.flatV = null;
    this.slots = [];
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}
