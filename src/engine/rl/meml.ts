// MEML-GRPO (arXiv:2508.09670) auxiliary terms. No reference code exists and the summaries disagree, so this is
// the consistent reading of algorithms.md 2.10, labelled UNVERIFIED everywhere it shows:
// - mutual learning: per prompt, E+ = expert with the highest mean reward, E- = the lowest; a correct response O+
//   of E+ is made more likely under E-'s prompt: L = sg[log p(O+|Q,P+)] - log p(O+|Q,P-) (gradient only on the
//   second term, so it reduces to the NLL of O+ under P-). O+ is reduced to its final answer (answerOnly, below).
// - hard-example SFT buffer: when an expert gets more than K of its G rollouts wrong on a prompt, (Q, P_i, ground-truth
//   demonstration in expert i's style) enters a buffer with probability equal to its wrong fraction (summaries: K/G);
//   a full buffer is one SFT term. Because every expert ends in the same answer format, O+ is a right completion under P- too.
import type { RunConfig } from '../config';
import type { Rng } from '../rng';
import type { Task } from '../tasks/types';
import { encode, TERMINATOR } from '../policy/tokenizer';
import { completionBody, splitAnswer } from '../tasks/common';
import type { ActiveExpert } from './experts';
import type { Group } from './rollouts';

export interface MutualPair {
  weakPrompt: string;
  completionIds: number[];
  strongExpert: string;
  weakExpert: string;
}

export function expertMeans(g: Group, experts: ActiveExpert[]): Map<number, { mean: number; n: number }> {
  const acc = new Map<number, { sum: number; n: number }>();
  for (const r of g.rollouts) {
    const a = acc.get(r.expertIndex) ?? { sum: 0, n: 0 };
    a.sum += r.components.correct;
    a.n += 1;
    acc.set(r.expertIndex, a);
  }
  const out = new Map<number, { mean: number; n: number }>();
  for (const e of experts) {
    const a = acc.get(e.index);
    if (a && a.n > 0) out.set(e.index, { mean: a.sum / a.n, n: a.n });
  }
  return out;
}

/**
 * What E- learns from O+: its final answer (work dropped) and the terminator. Training E+'s whole completion under
 * P- made the default prompt switch styles half-way on add (work without the answer mark, too long to finish):
 * default-expert format fell to 0.36-0.70 in 30 steps (2 seeds, lambda1 0.1). The answer is in the one shared
 * format, so it is right under P- and matches the direct expert's own style. A playground choice, UNVERIFIED.
 */
export function answerOnly(completion: string): number[] {
  const body = completionBody(completion);
  return encode(splitAnswer(body ?? completion).answer + TERMINATOR);
}

/**
 * One pair per group where E+ beats E-. `target` 'weakest': E- = the lowest mean (ties: the first expert);
 * 'default': E- = the first (deployed) expert, and no pair when it is E+ itself.
 */
export function mutualLearningPairs(
  groups: Group[],
  experts: ActiveExpert[],
  target: RunConfig['experts']['mutualTarget'] = 'weakest',
): MutualPair[] {
  const pairs: MutualPair[] = [];
  for (const g of groups) {
    const means = [...expertMeans(g, experts).entries()];
    if (means.length < 2) continue;
    const best = means.reduce((a, b) => (b[1].mean > a[1].mean ? b : a));
    const worst = target === 'default' ? means.find(([index]) => index === 0) : means.reduce((a, b) => (b[1].mean < a[1].mean ? b : a));
    if (!worst) continue;
    if (best[1].mean <= worst[1].mean) continue;
    const strong = g.rollouts.find((r) => r.expertIndex === best[0] && r.components.correct >= 1 && r.hintLevel === 0);
    if (!strong) continue;
    const weak = experts[worst[0]];
    pairs.push({
      weakPrompt: weak.prefix + g.problem.question,
      completionIds: answerOnly(strong.completionText),
      strongExpert: experts[best[0]].id,
      weakExpert: weak.id,
    });
  }
  return pairs;
}

export interface SftItem {
  promptIds: number[];
  completionIds: number[];
}

/**
 * The hard-example buffer holds at most `experts.sftBufferSize` items (the schema caps that at 256): when one step
 * finds more hard examples than fit, the oldest are dropped, so the buffer keeps the policy's current failures.
 * (It grew without bound before: 45,930 items after 2,000 steps.) Its items are part of the trainer state.
 */
export class SftBuffer {
  private items: SftItem[] = [];

  get size(): number {
    return this.items.length;
  }

  /** A copy of the held items, oldest first (for the trainer state). */
  snapshot(): SftItem[] {
    return this.items.map((i) => ({ promptIds: [...i.promptIds], completionIds: [...i.completionIds] }));
  }

  restore(items: readonly SftItem[]): void {
    this.items = items.map((i) => ({ promptIds: [...i.promptIds], completionIds: [...i.completionIds] }));
  }

  push(groups: Group[], experts: ActiveExpert[], task: Task, cfg: RunConfig, rng: Rng): void {
    this.collect(groups, experts, task, cfg, rng);
    const cap = cfg.experts.sftBufferSize;
    if (this.items.length > cap) this.items = this.items.slice(this.items.length - cap);
  }

  private collect(groups: Group[], experts: ActiveExpert[], task: Task, cfg: RunConfig, rng: Rng): void {
    for (const g of groups) {
      for (const [index, { mean }] of expertMeans(g, experts)) {
        const wrong = 1 - mean;
        // The summaries push with probability K/G; the wrong fraction (> K/G) is within 1/G of it at G = 8 and keeps
        // a threshold of 0 meaningful (every prompt with a wrong rollout may enter).
        if (wrong <= cfg.experts.sftWrongThreshold || rng.next() >= wrong) continue;
        const e = experts[index];
        this.items.push({
          promptIds: encode(e.prefix + g.problem.question),
          completionIds: encode(task.demonstrate(g.problem, e.taskExpertId)),
        });
      }
    }
  }

  /** All items once at least `capacity` are held (then the buffer empties). */
  takeIfFull(capacity: number): SftItem[] | null {
    if (this.items.length < capacity) return null;
    const out = this.items.slice(0, capacity);
    this.items = this.items.slice(capacity);
    return out;
  }
}
