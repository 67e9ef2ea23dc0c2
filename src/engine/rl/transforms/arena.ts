// ArenaRL (arXiv:2601.06487): advantages from an intra-group tournament instead of scalar scores. Follows the
// released code (Alibaba-NLP/qqr, qqr/reward_models/arena/single_elimination.py @ 8653a9a) step by step:
//  1. seeding: every rollout is compared with the anchor (index 0); its seeding score is its points in that match,
//     the anchor's is the mean of its points over those matches;
//  2. a seeded single-elimination bracket (high seeds meet late; byes when G is not a power of two; a bye is placed
//     ahead of the round's winners in the next round), the winner of a match is the first of the pair on a tie;
//  3. final ranks: champion, then the losers of each round from the last round back, within a round by mean points;
//  4. reward 1 - rank/(G-1), then (x - mean)/(std_sample + 1e-6) over the group.
// The toy's judge is the scalar verifier reward: judge(a, b) gives (r_a, r_b). The paper's judge is an LLM with
// rubrics (not available here). As in the code, tied rewards still get distinct ranks (bracket order breaks ties),
// so an all-equal group gets non-zero advantages: that is the method, not a bug of this port.

export type Judge = (a: number, b: number) => { a: number; b: number };

/** The toy judge: each side scores its own reward. */
export const rewardJudge: Judge = (a, b) => ({ a, b });

interface Player {
  idx: number;
  points: number[];
}

function avgPoint(p: Player): number {
  return p.points.length ? p.points.reduce((s, x) => s + x, 0) / p.points.length : 0;
}

/** Stable sort by mean points, best first (Python's sorted(..., reverse=True) keeps ties in input order). */
function byPointsDesc(players: Player[]): Player[] {
  return players
    .map((p, i) => ({ p, i, v: avgPoint(p) }))
    .sort((x, y) => y.v - x.v || x.i - y.i)
    .map((x) => x.p);
}

/** Bracket slot order for `power` seeds: [0, 1] -> [0, 3, 1, 2] -> [0, 7, 3, 4, 1, 6, 2, 5] ... */
export function bracketOrder(groupSize: number): number[] {
  let power = 1;
  while (power < groupSize) power *= 2;
  let order = [0];
  for (let count = 1; count < power; count *= 2) order = order.flatMap((i) => [i, 2 * count - 1 - i]);
  return order.filter((i) => i < groupSize);
}

/** Final ranking (best first) of the rollouts of one group under the seeded single-elimination tournament. */
export function tournamentRanking(scores: readonly number[], judge: Judge = rewardJudge): number[] {
  const g = scores.length;
  const players: Player[] = scores.map((_, idx) => ({ idx, points: [] }));
  if (g >= 2) {
    const pivotScores: number[] = [];
    for (let i = 1; i < g; i++) {
      const r = judge(scores[i], scores[0]);
      players[i].points.push(r.a);
      pivotScores.push(r.b);
    }
    players[0].points.push(pivotScores.reduce((s, x) => s + x, 0) / pivotScores.length);
  }
  const seeded = byPointsDesc(players);
  let active = bracketOrder(g).map((slot) => seeded[slot]);
  const eliminated: Player[][] = [];
  while (active.length > 1) {
    const next: Player[] = [];
    const losers: Player[] = [];
    const pairs: [Player, Player][] = [];
    for (let i = 0; i < active.length; i += 2) {
      // As in the code, a bye joins the next round while pairings are made, i.e. ahead of this round's winners.
      if (i + 1 >= active.length) next.push(active[i]);
      else pairs.push([active[i], active[i + 1]]);
    }
    for (const [p1, p2] of pairs) {
      const r = judge(scores[p1.idx], scores[p2.idx]);
      p1.points.push(r.a);
      p2.points.push(r.b);
      if (r.a >= r.b) {
        next.push(p1);
        losers.push(p2);
      } else {
        next.push(p2);
        losers.push(p1);
      }
    }
    if (losers.length) eliminated.push(losers);
    active = next;
  }
  const ranked = active.length ? [active[0]] : [];
  for (const round of [...eliminated].reverse()) ranked.push(...byPointsDesc(round));
  return ranked.map((p) => p.idx);
}

/**
 * ArenaRL advantages of one group: rank reward 1 - rank/(G-1), standardised with the sample std + 1e-6 (as the
 * code does). Non-finite rewards sit out of the tournament and get 0; fewer than two finite rewards give zeros.
 * Example [0.2, 0.9, 0.5, 0.1] -> [-0.3873, 1.1619, 0.3873, -1.1619].
 */
export function arenaAdvantages(rewards: readonly number[], judge: Judge = rewardJudge): number[] {
  const idx = rewards.flatMap((r, i) => (Number.isFinite(r) ? [i] : []));
  const out = rewards.map(() => 0);
  const g = idx.length;
  if (g < 2) return out;
  const ranking = tournamentRanking(
    idx.map((i) => rewards[i]),
    judge,
  );
  const rankReward = new Array<number>(g);
  ranking.forEach((p, rank) => {
    rankReward[p] = 1 - rank / (g - 1);
  });
  const mean = rankReward.reduce((s, x) => s + x, 0) / g;
  const std = Math.sqrt(rankReward.reduce((s, x) => s + (x - mean) ** 2, 0) / (g - 1));
  idx.forEach((i, k) => {
    out[i] = (rankReward[k] - mean) / (std + 1e-6);
  });
  return out;
}
