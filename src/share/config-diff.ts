// What differs between two run configs, as data (for a diff-only comparison table, like W&B's Run Comparer) and
// as a one-line label for chart legends ("baseline mean -> median, G 8 -> 2"). Also a readable default run name.
import type { RunConfig } from '../engine/config';

export interface ConfigChange {
  /** Dotted path into RunConfig, e.g. "advantage.baseline" or "rewardWeights.format". */
  path: string;
  from: unknown;
  to: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValue(a[k], b[k]));
  }
  return false;
}

/**
 * Leaf-level differences from `base` to `other`, in RunConfig key order. Sections (advantage, objective, ...) and
 * records (rewardWeights) are walked key by key; arrays (experts.list) compare whole. A key missing on one side
 * shows as `undefined` there.
 */
export function configDiff(base: RunConfig, other: RunConfig): ConfigChange[] {
  const out: ConfigChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
      for (const k of keys) walk(a[k], b[k], path ? `${path}.${k}` : k);
    } else if (!sameValue(a, b)) {
      out.push({ path, from: a, to: b });
    }
  };
  walk(base, other, '');
  return out;
}

/** Short names for the knobs people talk about (TRL/verl/paper vocabulary); anything else uses its last segment. */
const SHORT: Record<string, string> = {
  task: 'task',
  difficulty: 'difficulty',
  modelSize: 'model',
  preset: 'preset',
  prompts: 'B',
  groupSize: 'G',
  temperature: 'temp',
  maxCompletionLength: 'max_len',
  lr: 'lr',
  adamEpsilon: 'adam_eps',
  gradClip: 'grad_clip',
  innerEpochs: 'mu',
  minibatches: 'minibatches',
  hintLevel: 'hint',
  'advantage.baseline': 'baseline',
  'advantage.scale': 'scale',
  'advantage.stdType': 'std',
  'advantage.epsilon': 'adv_eps',
  'advantage.rsBeta': 'rs_beta',
  'advantage.virtualMaxReward': 'r_max',
  'advantage.virtualCount': 'virtual_n',
  'advantage.gdpo': 'GDPO',
  'advantage.unlikelinessBeta': 'unlikely_beta',
  'advantage.agrae': 'A-GRAE',
  'advantage.seedAlpha': 'seed_alpha',
  'advantage.passK': 'pass@k',
  'advantage.passKk': 'k',
  'advantage.baselineShift': 'baseline_shift',
  'advantage.globalWhiten': 'whiten',
  'objective.ratioLevel': 'ratio',
  'objective.clipMode': 'clip',
  'objective.epsLow': 'eps_low',
  'objective.epsHigh': 'eps_high',
  'objective.dualClipC': 'dual_c',
  'objective.aggregation': 'agg',
  'objective.klCoef': 'kl',
  'objective.klEstimator': 'kl_est',
  'objective.klPlacement': 'kl_in',
  'objective.entropyCoef': 'ent_coef',
  'data.dynamicSampling': 'dyn_sampling',
  'data.maxGenBatches': 'max_gen_batches',
  'data.overlongShaping': 'overlong',
  'data.maskTruncated': 'mask_truncated',
  'data.mcPivot': 'mc_pivot',
  'data.dropAllCorrect': 'drop_all_correct',
  'data.scafHints': 'scaf_hints',
  'data.scafWarmup': 'scaf_warmup',
  'advantage.g2rpo': 'G2RPO',
  'advantage.arena': 'ArenaRL',
  'objective.clipDelta': 'clip_delta',
  'objective.lldsCoef': 'llds',
  'objective.entropyAdaptive': 'adaptive_ent',
  'data.vas': 'VAS',
  'objective.dhpoMix': 'dhpo_mix',
  'data.gdro': 'GDRO',
  'data.igrpo': 'iGRPO',
  'data.sage': 'SAGE',
  'data.hill': 'HiLL',
  'objective.srpo': 'SRPO',
  'experts.enabled': 'experts',
  'experts.list': 'expert_list',
  'experts.allocation': 'expert_alloc',
  'experts.baselineScope': 'expert_baseline',
  'experts.mutualLambda': 'mutual_lambda',
  'experts.sftLambda': 'sft_lambda',
};

export function shortName(path: string): string {
  if (SHORT[path]) return SHORT[path];
  if (path.startsWith('rewardWeights.')) return `w_${path.slice('rewardWeights.'.length)}`;
  return path.split('.').pop() ?? path;
}

/** Compact value text: 3e-4 not 0.0003, 0.28 not 0.28000000000000003, on/off for booleans. */
export function formatValue(v: unknown): string {
  if (v === undefined) return 'unset';
  if (v === null) return 'default';
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    if (Number.isInteger(v)) return String(v); // seeds, sizes: never rounded (1248983636, not 1249000000)
    const rounded = Number(v.toPrecision(4));
    return rounded !== 0 && Math.abs(rounded) < 1e-3 ? rounded.toExponential() : String(rounded);
  }
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.length}]`;
  return JSON.stringify(v);
}

function changeText(c: ConfigChange): string {
  const name = shortName(c.path);
  if (typeof c.to === 'boolean' && (typeof c.from === 'boolean' || c.from === undefined)) return `${name} ${c.to ? 'on' : 'off'}`;
  return `${name} ${formatValue(c.from)} -> ${formatValue(c.to)}`;
}

export interface DiffLabelOptions {
  /** Most changes named before "+N more" (default 4). */
  max?: number;
}

/**
 * A legend-sized description of how `other` differs from `base`: "baseline mean -> median, G 8 -> 2".
 * The seed is left out unless it is the only difference; "same config" when nothing differs.
 */
export function diffLabel(base: RunConfig, other: RunConfig, opts: DiffLabelOptions = {}): string {
  const max = opts.max ?? 4;
  const all = configDiff(base, other);
  if (all.length === 0) return 'same config';
  const shown = all.length === 1 ? all : all.filter((c) => c.path !== 'seed');
  const parts = shown.slice(0, max).map(changeText);
  if (shown.length > max) parts.push(`+${shown.length - max} more`);
  return parts.join(', ');
}

/** Default run name: "grpo · add · G8 · s1"; with `taken`, a " (2)", " (3)", ... suffix keeps it unique. */
export function runName(config: RunConfig, taken: Iterable<string> = []): string {
  const name = `${config.preset} · ${config.task} · G${config.groupSize} · s${config.seed}`;
  const used = new Set(taken);
  if (!used.has(name)) return name;
  for (let i = 2; ; i++) if (!used.has(`${name} (${i})`)) return `${name} (${i})`;
}
