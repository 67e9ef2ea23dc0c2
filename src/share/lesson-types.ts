// The shape of a guided lesson (src/share/lessons.ts holds the lessons themselves).
import type { RunConfigInput } from '../engine/config';

export interface LessonWatch {
  /** Metric key as logged (TRL names where they exist). */
  chart: string;
  /** What should happen on it, and why. */
  expect: string;
}

export interface LessonVariant {
  name: string;
  patch: RunConfigInput;
}

/** A claim the lesson checker (npm run lessons) tests: variant minus variant 0, paired over seeds. */
export interface LessonClaim {
  /** Metric key as logged; eval/* metrics are read at the end, per-step ones averaged over the run. */
  metric: string;
  /** Index of the variant compared with variant 0. */
  variant: number;
  /** The direction the paper claims for variant - variant 0. */
  direction: 'higher' | 'lower';
  /** The lesson's main claim (the checker's headline verdict). */
  headline?: boolean;
  /** The claim in words, as the table prints it. */
  text: string;
}

export interface Lesson {
  id: string;
  title: string;
  /** arXiv ids, primary first. */
  sources: string[];
  /** One sentence: the phenomenon. */
  summary: string;
  /** What to do, in order. */
  steps: string[];
  watch: LessonWatch[];
  /** Base config (merged over the defaults). */
  config: RunConfigInput;
  /** Variants for a paired run (variant 0 is the reference); absent for a single-run lesson. */
  variants?: LessonVariant[];
  /** Charts to highlight, most important first. */
  charts: string[];
  /** Suggested number of steps (also the checker's step budget). */
  suggestedSteps: number;
  /** What `npm run lessons` measures (docs/lessons-evidence.json); absent = nothing claimed about an effect. */
  claims?: LessonClaim[];
  /**
   * How many seeds (1..n) its evidence rests on when `npm run lessons` is given no --seeds; absent = 5. More than 5
   * where seeds were added after a first check, so the committed figures keep every seed measured.
   */
  evidenceSeeds?: number;
}
