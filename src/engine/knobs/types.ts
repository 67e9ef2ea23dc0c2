// What the project knows about each RunConfig knob besides its kind and range (those stay in the zod schema of
// config.ts). Everything that shows, names or exports a knob reads it from here: the form, the CLI flags and
// --help, the diff labels, and the TRL/verl exports' "not expressible" notes.
import type { RunConfig } from '../config';

type Section = 'advantage' | 'objective' | 'data' | 'experts';

/** Every leaf of RunConfig as a dotted path ("groupSize", "advantage.baseline"); sections are walked one level. */
export type KnobPath = Exclude<keyof RunConfig, Section> | { [S in Section]: `${S}.${Extract<keyof RunConfig[S], string>}` }[Section];

export interface KnobMeta {
  /** The form's label. */
  label: string;
  /** One line for the form's tooltip and the CLI's --help. */
  help: string;
  /** What a number counts ("steps", "characters", "rollouts"); shown after the value hint in --help. */
  unit?: string;
  /** Step of the form's number input. */
  step?: number;
  /** Friendlier labels for enum values in the form. */
  optionLabels?: Record<string, string>;
  /** When the knob has no effect, a short reason ("baseline is not log-avg-exp"); undefined when it matters. */
  inactive?: (c: RunConfig) => string | undefined;
  /** Name in diff labels and chart legends (TRL/verl/paper vocabulary); default: the path's last segment. */
  short?: string;
  /** CLI flag without the dashes; default: the key in kebab case ("experts-" prefixed for expert knobs). */
  flag?: string;
  /**
   * Where the knob goes in TRL's GRPOConfig and in verl's ppo_trainer.yaml (a key, or a sentence when the mapping
   * depends on the value); null when the framework cannot express it.
   */
  trl?: string | null;
  verl?: string | null;
  /**
   * The line the TRL and verl exports write under "Not expressible" when the knob is in effect and that framework's
   * mapping is null; undefined when the knob is at a value both frameworks already match.
   */
  note?: (c: RunConfig) => string | undefined;
}

/**
 * The registry's type: one entry per config path. A missing entry fails to compile with
 * "Property '"<path>"' is missing in type ..." naming the path; a stale one with "Object literal may only specify
 * known properties".
 */
export type KnobRegistry = { readonly [P in KnobPath]: KnobMeta };
