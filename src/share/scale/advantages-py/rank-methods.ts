// Part of the exported Python advantages (see ../advantages-py.ts): G^2RPO rank-to-normal advantages and the ArenaRL tournament.
// (A template literal: the Python must not contain a backtick, a dollar-brace or a backslash.)
export const RANK_METHODS_PY = `def g2rpo_advantages(rewards):
    # Rank -> standard normal quantile at (k - 0.5)/n; tied rewards share the mean of their quantiles (UNVERIFIED).
    idx = [i for i, r in enumerate(rewards) if _finite(r)]
    out = [0.0 for _ in rewards]
    n = len(idx)
    if n < 2:
        return out
    order = sorted(idx, key=lambda i: (rewards[i], i))
    k = 0
    while k < n:
        end = k
        while end + 1 < n and rewards[order[end + 1]] == rewards[order[k]]:
            end += 1
        shared = sum(normal_quantile((j + 0.5) / n) for j in range(k, end + 1)) / (end - k + 1)
        for j in range(k, end + 1):
            out[order[j]] = 0.0 if abs(shared) < 1e-12 else shared
        k = end + 1
    return out


def _arena_bracket_order(g):
    power = 1
    while power < g:
        power *= 2
    order = [0]
    count = 1
    while count < power:
        order = [x for i in order for x in (i, 2 * count - 1 - i)]
        count *= 2
    return [i for i in order if i < g]


def _arena_by_points_desc(players):
    def avg(p):
        return sum(p["points"]) / len(p["points"]) if p["points"] else 0.0
    ranked = sorted(enumerate(players), key=lambda t: (-avg(t[1]), t[0]))
    return [p for _, p in ranked]


def arena_tournament_ranking(scores):
    g = len(scores)
    players = [{"idx": i, "points": []} for i in range(g)]
    if g >= 2:
        pivot = []
        for i in range(1, g):
            players[i]["points"].append(scores[i])
            pivot.append(scores[0])
        players[0]["points"].append(sum(pivot) / len(pivot))
    seeded = _arena_by_points_desc(players)
    active = [seeded[slot] for slot in _arena_bracket_order(g)]
    eliminated = []
    while len(active) > 1:
        nxt, losers = [], []
        pairs = []
        for i in range(0, len(active), 2):
            if i + 1 >= len(active):
                nxt.append(active[i])
            else:
                pairs.append((active[i], active[i + 1]))
        for p1, p2 in pairs:
            a, b = scores[p1["idx"]], scores[p2["idx"]]
            p1["points"].append(a)
            p2["points"].append(b)
            if a >= b:
                nxt.append(p1)
                losers.append(p2)
            else:
                nxt.append(p2)
                losers.append(p1)
        if losers:
            eliminated.append(losers)
        active = nxt
    ranked = [active[0]] if active else []
    for rnd in reversed(eliminated):
        ranked.extend(_arena_by_points_desc(rnd))
    return [p["idx"] for p in ranked]


def arena_advantages(rewards):
    # ArenaRL (Alibaba-NLP/qqr single_elimination.py): rank reward 1 - rank/(G-1), standardised (sample std + 1e-6).
    idx = [i for i, r in enumerate(rewards) if _finite(r)]
    out = [0.0 for _ in rewards]
    g = len(idx)
    if g < 2:
        return out
    ranking = arena_tournament_ranking([rewards[i] for i in idx])
    rank_reward = [0.0] * g
    for rank, p in enumerate(ranking):
        rank_reward[p] = 1 - rank / (g - 1)
    mean = sum(rank_reward) / g
    std = math.sqrt(sum((x - mean) ** 2 for x in rank_reward) / (g - 1))
    for k, i in enumerate(idx):
        out[i] = (rank_reward[k] - mean) / (std + 1e-6)
    return out


`;
