// Deep-merge of config inputs, on its own so presets (which the config validator checks names against) can use it
// without importing config.ts back.
import type { RunConfigInput } from './config';

/** Deep-merge a partial config over a base (objects merge, everything else replaces). */
export function mergeConfig(base: RunConfigInput, patch: RunConfigInput): RunConfigInput {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    const prev = out[k];
    if (v && typeof v === 'object' && !Array.isArray(v) && prev && typeof prev === 'object' && !Array.isArray(prev)) {
      out[k] = { ...(prev as object), ...(v as object) };
    } else if (v !== undefined) {
      out[k] = v;
    }
  }
  return out as RunConfigInput;
}
