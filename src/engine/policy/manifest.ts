// The checkpoint manifest (public/checkpoints/manifest.json): what each shipped base policy measured.

export interface CheckpointEntry {
  task: string;
  size: string;
  file: string;
  difficulty: number;
  /** Number of held-out problems the figures were measured on. */
  evalProblems: number;
  /** Greedy pass@1 with the default (first) expert. */
  pass1: number;
  /** Sampled pass@8 (temperature 1) with the default expert. */
  pass8: number;
  /** Greedy pass@1 per expert id. */
  perExpertPass1: Record<string, number>;
  /** Greedy pass@1 when a problem counts as solved if any expert solves it. */
  bestExpertPass1: number;
  /** Per expert pair "a|b": Jaccard overlap of the problems they solve greedily (low = they fail on different problems). */
  solvedOverlap: Record<string, number>;
  /**
   * The same figures on the first `problems` held-out problems: a re-evaluation small enough for every test run
   * reproduces them exactly (greedy decoding and a fixed sampling stream are deterministic on one backend).
   */
  spotCheck?: SpotCheck;
  sftSteps: number;
  backend: string;
  seed: number;
  bytes: number;
}

export type SpotCheck = Pick<CheckpointEntry, 'pass1' | 'pass8' | 'perExpertPass1' | 'bestExpertPass1' | 'solvedOverlap'> & {
  problems: number;
};

export interface CheckpointManifest {
  format: 'grpo-playground-manifest/1';
  checkpoints: CheckpointEntry[];
}
