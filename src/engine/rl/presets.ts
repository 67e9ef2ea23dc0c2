// Applying a paper preset (the table is preset-table.ts): applyPreset is the one way a preset is applied; CLI, UI,
// comparisons and lessons all call it.
import { dequal } from 'dequal';
import { DEFAULT_CONFIG, type RunConfig, type RunConfigInput } from '../config';
import { mergeConfig } from '../merge-config';
import { ALIASES, METHOD_TOP_LEVEL, PRESET_SECTIONS, PRESETS, type Preset } from './preset-table';

export { METHOD_TOP_LEVEL, PRESET_SECTIONS, PRESETS, type Preset, type PresetKnobs } from './preset-table';

/** The preset with this name or alias, or undefined. */
export function getPreset(name: string): Preset | undefined {
  const key = ALIASES[name] ?? name;
  return PRESETS.find((p) => p.name === key);
}

function requirePreset(name: string): Preset {
  const p = getPreset(name);
  if (!p) throw new Error(`Unknown preset "${name}". Known: ${PRESETS.map((x) => x.name).join(', ')}`);
  return p;
}

/**
 * `cfg` with preset `name` applied: the method sections (advantage, objective, data, and the expert knobs except
 * the expert list) go back to the schema defaults and take the preset's values, and so do the method's top-level
 * knob (inner epochs); task, prompts, group size, learning rate, seed, evaluation and reward
 * weights stay as they are. Sets `preset` to the canonical name. Throws for an unknown name. Not validated.
 */
export function applyPreset(cfg: RunConfig, name: string): RunConfig {
  const p = requirePreset(name);
  const k = p.config;
  // Every part is a valid value (cfg's or the schema's); cross-knob checks (MC-GRPO needs G >= 2) are the
  // caller's, through validateConfig, so a bad combination becomes a message, not an exception here.
  return {
    ...cfg,
    preset: p.name,
    advantage: { ...DEFAULT_CONFIG.advantage, ...k.advantage },
    objective: { ...DEFAULT_CONFIG.objective, ...k.objective },
    data: { ...DEFAULT_CONFIG.data, ...k.data },
    experts: { ...DEFAULT_CONFIG.experts, ...k.experts, list: cfg.experts.list },
    innerEpochs: k.innerEpochs ?? DEFAULT_CONFIG.innerEpochs,
  };
}

/** Knob paths ("objective.klCoef", "innerEpochs") where `cfg` differs from `cfg` with its own preset re-applied. */
export function presetDiff(cfg: RunConfig, name: string = cfg.preset): string[] {
  if (!getPreset(name)) return [];
  const want = applyPreset(cfg, name);
  const paths: string[] = [];
  for (const s of PRESET_SECTIONS) {
    const w: Record<string, unknown> = want[s];
    const h: Record<string, unknown> = cfg[s];
    for (const k of Object.keys(w)) if (!dequal(w[k], h[k])) paths.push(`${s}.${k}`);
  }
  for (const k of METHOD_TOP_LEVEL) if (!dequal(want[k], cfg[k])) paths.push(k);
  return paths;
}

/**
 * A RunConfig input for preset `name` applied to the schema defaults, with `overrides` merged on top
 * (mergeConfig: nested objects merge, values replace). Throws for an unknown name.
 */
export function presetConfig(name: string, overrides: RunConfigInput = {}): RunConfigInput {
  return mergeConfig(applyPreset(DEFAULT_CONFIG, name), overrides);
}

/** One line per preset for `--list-presets`: name, source, summary, and an "(unverified: n)" marker. */
export function formatPresetList(): string {
  const width = Math.max(...PRESETS.map((p) => p.name.length));
  return PRESETS.map((p) => {
    const flag = p.unverified.length ? `  [unverified: ${p.unverified.length}]` : '';
    return `${p.name.padEnd(width)}  ${p.source.padEnd(16)}  ${p.summary}${flag}`;
  }).join('\n');
}
