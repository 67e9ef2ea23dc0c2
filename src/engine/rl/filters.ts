// Data-side group filters: DAPO dynamic sampling (arXiv:2503.14476) drops groups whose rewards are all equal;
// NGRPO (arXiv:2509.18851) drops all-correct groups only, keeping all-wrong ones that now carry signal.
import type { RunConfig } from '../config';
import type { Group } from './rollouts';

export function isZeroVariance(g: Group): boolean {
  const rs = g.rollouts.map((r) => r.total).filter((x) => Number.isFinite(x));
  return rs.length === 0 || rs.every((x) => Math.abs(x - rs[0]) < 1e-9);
}

export function isAllCorrect(g: Group): boolean {
  return g.rollouts.length > 0 && g.rollouts.every((r) => r.components.correct >= 1);
}

export function isAllWrong(g: Group): boolean {
  return g.rollouts.length > 0 && g.rollouts.every((r) => !(r.components.correct >= 1));
}

export function filterGroups(groups: Group[], cfg: RunConfig): { keep: Group[]; drop: Group[] } {
  const keep: Group[] = [];
  const drop: Group[] = [];
  for (const g of groups) {
    const bad = (cfg.data.dynamicSampling && isZeroVariance(g)) || (cfg.data.dropAllCorrect && isAllCorrect(g));
    (bad ? drop : keep).push(g);
  }
  return { keep, drop };
}
