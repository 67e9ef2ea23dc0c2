// MEML-GRPO's extra loss terms for one step: inter-expert mutual learning and the hard-example SFT buffer.
import type { RunConfig } from '../../config';
import { buildBatch } from '../../policy/batch';
import { encode } from '../../policy/tokenizer';
import { Rng } from '../../rng';
import type { Task } from '../../tasks/types';
import type { ActiveExpert } from '../experts';
import { mutualLearningPairs, type SftBuffer } from '../meml';
import type { Group } from '../rollouts';
import type { AuxTerm } from '../update';

export function memlAuxTerms(
  cfg: RunConfig,
  task: Task,
  sft: SftBuffer,
  groups: Group[],
  experts: ActiveExpert[],
  step: number,
): AuxTerm[] {
  const terms: AuxTerm[] = [];
  if (!cfg.experts.enabled || experts.length < 2) return terms;
  if (cfg.experts.mutualLambda > 0) {
    const pairs = mutualLearningPairs(groups, experts, cfg.experts.mutualTarget);
    if (pairs.length) {
      terms.push({
        name: 'mutual',
        weight: cfg.experts.mutualLambda,
        batch: buildBatch(
          pairs.map((p) => encode(p.weakPrompt)),
          pairs.map((p) => p.completionIds),
        ),
      });
    }
  }
  if (cfg.experts.sftLambda > 0) {
    sft.push(groups, experts, task, cfg, new Rng(cfg.seed, `sft/${step}`));
    const items = sft.takeIfFull(cfg.experts.sftBufferSize);
    if (items) {
      terms.push({
        name: 'sft',
        weight: cfg.experts.sftLambda,
        batch: buildBatch(
          items.map((i) => i.promptIds),
          items.map((i) => i.completionIds),
        ),
      });
    }
  }
  return terms;
}
