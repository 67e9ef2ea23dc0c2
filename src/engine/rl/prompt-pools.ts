// The fixed prompt pools of the pool-based prompt samplers (MMR1 VAS, Prompt-GDRO), kept across steps so their
// per-prompt statistics accumulate; a pool is rebuilt (from its own seeded stream) when its knobs or the difficulty
// change.
import type { RunConfig } from '../config';
import { Rng } from '../rng';
import type { Task } from '../tasks/types';
import { drawProblems } from './problems';
import { VarianceAwareSampler } from './vas';
import { PromptGdroSampler } from './gdro';

export class PromptPools {
  private vasPool: { key: string; sampler: VarianceAwareSampler } | null = null;
  private gdroPool: { key: string; sampler: PromptGdroSampler } | null = null;

  constructor(
    private readonly task: Task,
    /** Held-out problem ids, which no pool may contain. */
    private readonly heldOutIds: () => Set<string>,
  ) {}

  /** The sampler that chooses this step's prompts, or null when they are drawn fresh. */
  active(cfg: RunConfig): VarianceAwareSampler | PromptGdroSampler | null {
    return cfg.data.vas ? this.vas(cfg) : cfg.data.gdro ? this.gdro(cfg) : null;
  }

  vas(cfg: RunConfig): VarianceAwareSampler {
    const key = `${cfg.difficulty}/${cfg.data.vasPoolSize}/${cfg.data.vasMixture}`;
    if (!this.vasPool || this.vasPool.key !== key) {
      const pool = drawProblems(this.task, cfg, new Rng(cfg.seed, `vas-pool/${key}`), cfg.data.vasPoolSize, this.heldOutIds());
      this.vasPool = { key, sampler: new VarianceAwareSampler(pool, cfg.data.vasMixture) };
    }
    return this.vasPool.sampler;
  }

  gdro(cfg: RunConfig): PromptGdroSampler {
    const { difficulty, data: d } = cfg;
    const key = `${difficulty}/${d.gdroPoolSize}/${d.gdroBins}/${d.gdroEta}/${d.gdroEmaBeta}/${d.gdroWindow}/${d.gdroFloor}`;
    if (!this.gdroPool || this.gdroPool.key !== key) {
      const pool = drawProblems(
        this.task,
        cfg,
        new Rng(cfg.seed, `gdro-pool/${difficulty}/${d.gdroPoolSize}`),
        d.gdroPoolSize,
        this.heldOutIds(),
      );
      this.gdroPool = {
        key,
        sampler: new PromptGdroSampler(pool, {
          bins: d.gdroBins,
          eta: d.gdroEta,
          emaBeta: d.gdroEmaBeta,
          window: d.gdroWindow,
          floor: d.gdroFloor,
        }),
      };
    }
    return this.gdroPool.sampler;
  }
}
