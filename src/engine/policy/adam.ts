// Adam with global-norm gradient clipping and an explicit epsilon. Written out (not tf.train.adam) because
// tfjs's default epsilon differs per backend (webgl: 1e-4, webgpu.md section 8), and because the learning rate
// must change live between steps.
import * as tf from '@tensorflow/tfjs';

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

export class Adam {
  opts: Required<AdamOptions>;
  private m = new Map<string, tf.Variable>();
  private v = new Map<string, tf.Variable>();
  private t = 0;

  constructor(opts: AdamOptions) {
    this.opts = { beta1: 0.9, beta2: 0.999, ...opts };
  }

  /** Create the moment slots up front, so the tensor count is flat from the first step (leak checks rely on it). */
  init(vars: Iterable<tf.Variable>): void {
    for (const variable of vars) {
      if (this.m.has(variable.name)) continue;
      tf.tidy(() => {
        // tf.variable keeps its own handle on the data; tidy disposes the temporary zeros tensor.
        this.m.set(variable.name, tf.keep(tf.variable(tf.zerosLike(variable), false)));
        this.v.set(variable.name, tf.keep(tf.variable(tf.zerosLike(variable), false)));
      });
    }
  }

  /** Apply gradients; returns the global gradient norm before clipping (one scalar, kept on device). */
  apply(vars: Map<string, tf.Variable>, grads: Record<string, tf.Tensor>): tf.Scalar {
    this.t += 1;
    const { lr, beta1, beta2, epsilon, clipNorm } = this.opts;
    const bc1 = 1 - beta1 ** this.t;
    const bc2 = 1 - beta2 ** this.t;
    return tf.tidy(() => {
      const names = Object.keys(grads);
      const sq = names.map((k) => tf.sum(tf.square(grads[k])));
      const norm = tf.sqrt(tf.addN(sq)) as tf.Scalar;
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

  async exportState(vars: tf.Variable[]): Promise<AdamState> {
    this.init(vars);
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
    vars.forEach((variable, i) => {
      tf.tidy(() => {
        this.m.get(variable.name)!.assign(tf.tensor(state.m[i], variable.shape));
        this.v.get(variable.name)!.assign(tf.tensor(state.v[i], variable.shape));
      });
    });
    this.t = state.t;
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}
