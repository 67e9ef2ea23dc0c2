// DaGRPO's anchors as one auxiliary NLL term of the update (the MEML SFT term's machinery), and their metrics.
import type { RunConfig } from '../../config';
import { buildBatch } from '../../policy/batch';
import type { ActiveExpert, Group, Metrics, UpdateStats } from '../../step-data';
import type { Task } from '../../tasks/types';
import { anchorItems } from '../anchors';
import type { AuxTerm } from '../update';

export const ANCHOR_TERM = 'anchor';

/** The anchor term of this step: none when lambda is 0 or no group is all wrong. */
export function anchorTerms(cfg: RunConfig, task: Task, groups: readonly Group[], experts: readonly ActiveExpert[]): AuxTerm[] {
  if (cfg.objective.anchorLambda <= 0) return [];
  const items = anchorItems(groups, experts, task);
  if (items.length === 0) return [];
  const batch = buildBatch(
    items.map((i) => i.promptIds),
    items.map((i) => i.completionIds),
  );
  return [{ name: ANCHOR_TERM, weight: cfg.objective.anchorLambda, batch }];
}

/**
 * While anchors are on: how many were trained this step (0 when none, or when no update ran) and their token-mean
 * NLL before the step's optimizer step (unweighted; left out when there were none).
 */
export function anchorMetrics(cfg: RunConfig, aux: readonly AuxTerm[], update: UpdateStats | null): Metrics {
  if (cfg.objective.anchorLambda <= 0) return {};
  const term = aux.find((a) => a.name === ANCHOR_TERM);
  const nll = update?.auxNll?.[ANCHOR_TERM];
  const m: Metrics = { 'anchor/count': term && nll !== undefined ? term.batch.n : 0 };
  if (nll !== undefined) m['anchor/loss'] = nll;
  return m;
}
