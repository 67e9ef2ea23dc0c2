// Python port of src/engine/rl/advantages.ts computeAdvantages (the exported projects' advantage code). Pure Python
// floats (no numpy, no torch), operation for operation as the TypeScript, so the parity test can run it with any
// python3 and demand 1e-6. Keep the two in step: test/unit/scale-advantages.test.ts compares them on every preset.
// (A template literal: the Python must not contain a backtick, a dollar-brace or a backslash.)
export const ADVANTAGES_PY = `"""Group-relative advantages exactly as the GRPO Playground computes them (src/engine/rl/advantages.ts).

Pure Python floats on purpose: it runs anywhere, and the playground's parity test compares it with the TypeScript
on generated reward groups for every preset to 1e-6. compute_advantages(groups, cfg) takes a list of groups, each a
dict with "rewards" (weighted totals, NaN = unscorable) and optionally "components" {name: [values]}, "weights",
"mean_logp", "answers", "subgroups" (expert index per completion) and "pivot" (MC-GRPO pivot index).
"""
import math

ZERO_STD_TOL = 1e-8
MIN_DENOMINATOR = 1e-30
AGRAE_MIN_EPS = 1e-6


def _finite(x):
    return isinstance(x, (int, float)) and math.isfinite(x)


def finite_values(xs):
    return [x for x in xs if _finite(x)]


def nan_mean(xs):
    v = finite_values(xs)
    if not v:
        return 0.0
    s = 0.0
    for x in v:
        s += x
    return s / len(v)


def nan_std(xs, std_type="sample"):
    v = finite_values(xs)
    dof = len(v) - 1 if std_type == "sample" else len(v)
    if dof <= 0:
        return 0.0
    m = nan_mean(v)
    ss = 0.0
    for x in v:
        ss += (x - m) * (x - m)
    return math.sqrt(ss / dof)


def median(xs):
    v = sorted(finite_values(xs))
    if not v:
        return 0.0
    mid = len(v) >> 1
    return v[mid] if len(v) % 2 == 1 else (v[mid - 1] + v[mid]) / 2


def mad(xs):
    v = finite_values(xs)
    m = median(v)
    return median([abs(x - m) for x in v])


def mean_abs_deviation_from_median(xs):
    v = finite_values(xs)
    if not v:
        return 0.0
    m = median(v)
    return sum(abs(x - m) for x in v) / len(v)


def mad_denominator_core(stats):
    # The playground's zero-MAD fallback (docs/evidence.md): a non-constant group whose MAD is 0 (binary rewards)
    # is divided by the mean absolute deviation from the median instead of by the epsilon alone.
    m = mad(stats)
    return m if m > 0 else mean_abs_deviation_from_median(stats)


def normal_quantile(p):
    from statistics import NormalDist
    return NormalDist().inv_cdf(p)


def g2rpo_advantages(rewards):
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


def log_sum_exp(xs):
    v = finite_values(xs)
    if not v:
        return -math.inf
    m = max(v)
    s = 0.0
    for x in v:
        s += math.exp(x - m)
    return m + math.log(s)


def is_constant(xs):
    v = finite_values(xs)
    if len(v) < 2:
        return True
    return max(v) == min(v)


def divide_by(xs, d):
    den = d if (math.isfinite(d) and d >= MIN_DENOMINATOR) else 1.0
    return [x / den for x in xs]


def standardize(xs, std_type, eps):
    if is_constant(xs):
        return [0.0 for _ in xs]
    m = nan_mean(xs)
    return divide_by([x - m for x in xs], nan_std(xs, std_type) + eps)


def mean_centered(r):
    if is_constant(r):
        return [0.0 for _ in r]
    m = nan_mean(r)
    return [x - m for x in r]


def median_centered(r):
    if is_constant(r):
        return [0.0 for _ in r]
    m = median(r)
    return [x - m for x in r]


def leave_one_out_centered(r):
    g = len(r)
    if g < 2 or is_constant(r):
        return [0.0 for _ in r]
    s = 0.0
    for x in r:
        s += x
    return [x - (s - x) / (g - 1) for x in r]


def log_avg_exp_baseline(r, tau):
    return tau * (log_sum_exp([x / tau for x in r]) - math.log(len(r)))


def log_avg_exp_centered(r, tau):
    if is_constant(r):
        return [0.0 for _ in r]
    b = log_avg_exp_baseline(r, tau)
    return [x - b for x in r]


def ngrpo_augmented(r, r_max, count):
    return list(r) + [r_max] * count


def ngrpo_centered(r, r_max, count):
    aug = ngrpo_augmented(r, r_max, count)
    if is_constant(aug):
        return [0.0 for _ in r]
    m = nan_mean(aug)
    return [x - m for x in r]


def rs_exp_utility_advantages(r, beta):
    if is_constant(r):
        return [0.0 for _ in r]
    if beta < 1e-8:
        return mean_centered(r)
    d = mean_centered(r)
    spread = max(abs(x) for x in d)
    if beta * spread < 1:
        acc = 0.0
        for x in d:
            acc += math.expm1(beta * x)
        soft = math.log1p(acc / len(d)) / beta
    else:
        soft = (log_sum_exp([beta * x for x in d]) - math.log(len(d))) / beta
    return [math.expm1(beta * (x - soft)) / beta for x in d]


def center_rewards(r, o):
    b = o["baseline"]
    if b == "mean":
        return mean_centered(r)
    if b == "median":
        return median_centered(r)
    if b == "leave-one-out":
        return leave_one_out_centered(r)
    if b == "logavgexp":
        return log_avg_exp_centered(r, o["tau"])
    if b == "none":
        return list(r)
    if b == "ngrpo-virtual-max":
        return ngrpo_centered(r, o["virtualMaxReward"], o["virtualCount"])
    if b == "rs-exp-utility":
        return rs_exp_utility_advantages(r, o["rsBeta"])
    raise ValueError("unknown baseline %r" % (b,))


def scale_statistics(r, o):
    if o["baseline"] == "ngrpo-virtual-max":
        return ngrpo_augmented(r, o["virtualMaxReward"], o["virtualCount"])
    return list(r)


def scale_denominator(r, o):
    stats = scale_statistics(r, o)
    s = o["scale"]
    if s == "none":
        return 1.0
    if s == "group-std":
        return 1.0 if is_constant(stats) else nan_std(stats, o["stdType"]) + o["epsilon"]
    if s == "mad":
        return 1.0 if is_constant(stats) else mad_denominator_core(stats) + o["madEpsilon"]
    if s == "batch-std":
        return 1.0 if o["batchConstant"] else o["batchStd"] + o["epsilon"]
    raise ValueError("unknown scale %r" % (s,))


def valid_indices(xs):
    return [i for i, x in enumerate(xs) if _finite(x)]


def group_advantages(rewards, o):
    idx = valid_indices(rewards)
    out = [0.0 for _ in rewards]
    if len(idx) <= 1:
        return out, 0.0
    r = [rewards[i] for i in idx]
    centred = [x - o["baselineShift"] for x in center_rewards(r, o)]
    adv = divide_by(centred, scale_denominator(r, o))
    for k, i in enumerate(idx):
        out[i] = adv[k]
    norm_std = o["batchStd"] if o["scale"] == "batch-std" else nan_std(scale_statistics(r, o), o["stdType"])
    return out, norm_std


def unlikeliness_ranks(mean_logp):
    def key(x):
        return -math.inf if (x is None or (isinstance(x, float) and math.isnan(x))) else x

    order = sorted(range(len(mean_logp)), key=lambda i: (key(mean_logp[i]), i))
    ranks = [0.0] * len(mean_logp)
    for rank, i in enumerate(order):
        ranks[i] = rank / len(mean_logp)
    return ranks


def apply_unlikeliness_penalty(rewards, mean_logp, beta):
    idx = valid_indices(rewards)
    ranks = unlikeliness_ranks([mean_logp[i] for i in idx])
    out = list(rewards)
    for k, i in enumerate(idx):
        out[i] = rewards[i] * (1 - beta * ranks[k])
    return out


def gdpo_advantages(groups, std_type, eps):
    summed = []
    for g in groups:
        idx = [i for i, v in enumerate(g["valid"]) if v]
        s = [0.0 for _ in g["valid"]]
        if len(idx) > 1:
            for name, values in g["components"].items():
                w = (g.get("weights") or {}).get(name, 1)
                norm = standardize([values[i] for i in idx], std_type, eps)
                for k, i in enumerate(idx):
                    if _finite(norm[k]):
                        s[i] += w * norm[k]
        summed.append(s)
    flat = [x for gi, s in enumerate(summed) for i, x in enumerate(s) if groups[gi]["valid"][i]]
    batch_std = nan_std(flat, std_type)
    batch_norm = standardize(flat, std_type, eps)
    k = 0
    out = []
    for gi, s in enumerate(summed):
        row = []
        for i in range(len(s)):
            if groups[gi]["valid"][i]:
                row.append(batch_norm[k])
                k += 1
            else:
                row.append(0.0)
        out.append(row)
    return out, batch_std


def _clamp01(x):
    return min(1.0, max(0.0, x)) if _finite(x) else 0.0


def agrae_transform(adv, p, p_bar, alpha, eps):
    eps = max(eps, AGRAE_MIN_EPS)
    pc = _clamp01(p)
    pb = _clamp01(p_bar)
    sp = math.sqrt(pc)
    suppress = min(1, pb / alpha)
    out = []
    for a in adv:
        a_diff = (0.5 * a) / (sp + eps)
        a_easy = (0.5 * a) / (1 - sp + eps)
        mixed = (1 - pb) * a_easy + pb * a_diff
        out.append(mixed * suppress if mixed > 0 else mixed)
    return out


def semantic_entropy(answers):
    mass = {}
    total = 0.0
    for a in answers:
        mass[a] = mass.get(a, 0.0) + 1
        total += 1
    if total <= 0:
        return 0.0
    h = 0.0
    for m in mass.values():
        p = m / total
        if p > 0:
            h -= p * math.log(p)
    return h


def seed_scale(se, alpha, group_size):
    if group_size <= 1:
        return 1.0
    return 1 / (1 + (alpha / math.log(group_size)) * se)


def pass_k_best_only(rewards, normalize, std_type, eps):
    idx = valid_indices(rewards)
    out = [0.0 for _ in rewards]
    if len(idx) < 2:
        return out
    best = idx[0]
    for i in idx:
        if rewards[i] > rewards[best]:
            best = i
    second = -math.inf
    for i in idx:
        if i != best and rewards[i] > second:
            second = rewards[i]
    gap = rewards[best] - second
    r = [rewards[i] for i in idx]
    if normalize:
        den = 1.0 if is_constant(r) else nan_std(r, std_type) + eps
        out[best] = divide_by([gap], den)[0]
    else:
        out[best] = gap
    return out


def binomial(n, k):
    if k < 0 or n < 0 or k > n:
        return 0.0
    kk = min(k, n - k)
    c = 1.0
    for i in range(1, kk + 1):
        c = (c * (n - kk + i)) / i
    return c


def pass_k_analytic(correct, k):
    n = len(correct)
    if n < 2:
        return [0.0 for _ in correct]
    kk = max(1, min(k, n))
    n_neg = len([c for c in correct if not c])
    p_fail = binomial(n_neg, kk) / binomial(n, kk)
    r_bar = 1 - p_fail
    sigma = math.sqrt(max(0.0, r_bar * (1 - r_bar)))
    if sigma < ZERO_STD_TOL:
        return [0.0 for _ in correct]
    a_pos = p_fail / sigma
    a_neg = (p_fail - binomial(n_neg - 1, kk - 1) / binomial(n - 1, kk - 1)) / sigma
    return [a_pos if c else a_neg for c in correct]


def global_whiten(xs, eps=1e-8):
    if len(xs) < 2:
        return [0.0 for _ in xs]
    m = nan_mean(xs)
    v = nan_std(xs, "sample") ** 2
    return [(x - m) / math.sqrt(v + eps) for x in xs]


def mc_pivot_index(rewards):
    v = sorted(finite_values(rewards))
    if not v:
        return -1
    m = v[(len(v) - 1) >> 1]
    for i, x in enumerate(rewards):
        if x == m:
            return i
    return -1


def _is_correct(g, i):
    c = (g.get("components") or {}).get("correct")
    c = c[i] if c is not None and i < len(c) else None
    return (c if _finite(c) else g["rewards"][i]) > 0


def _group_accuracy(g):
    idx = valid_indices(g["rewards"])
    src = (g.get("components") or {}).get("correct") or g["rewards"]
    return _clamp01(nan_mean([src[i] for i in idx]))


def _split_units(g, gi):
    all_idx = list(range(len(g["rewards"])))
    sub = g.get("subgroups")
    if not sub:
        return [(gi, all_idx)]
    by_key = {}
    for i in all_idx:
        key = sub[i] if i < len(sub) and sub[i] is not None else 0
        by_key.setdefault(key, []).append(i)
    return [(gi, idx) for idx in by_key.values()]


def _core_advantages(groups, rewards, cfg):
    units = [u for gi, g in enumerate(groups) for u in _split_units(g, gi)]
    advantages = [[0.0 for _ in r] for r in rewards]
    unit_std = []
    if cfg["passK"] != "off":
        for gi, idx in units:
            r = [rewards[gi][i] for i in idx]
            if cfg["passK"] == "best-only":
                adv = pass_k_best_only(r, cfg["scale"] != "none", cfg["stdType"], cfg["epsilon"])
            else:
                vi = valid_indices(r)
                a = pass_k_analytic([_is_correct(groups[gi], idx[j]) for j in vi], cfg["passKk"])
                adv = [0.0 for _ in r]
                for j, i in enumerate(vi):
                    adv[i] = a[j]
            for k, i in enumerate(idx):
                advantages[gi][i] = adv[k]
            unit_std.append(nan_std(r, cfg["stdType"]) if len(finite_values(r)) > 1 else 0.0)
    elif cfg.get("g2rpo") or cfg.get("arena"):
        for gi, idx in units:
            r = [rewards[gi][i] for i in idx]
            adv = arena_advantages(r) if cfg.get("arena") else g2rpo_advantages(r)
            for k, i in enumerate(idx):
                advantages[gi][i] = adv[k]
            unit_std.append(nan_std(r, cfg["stdType"]) if len(finite_values(r)) > 1 else 0.0)
    elif cfg["gdpo"]:
        inputs = []
        for gi, idx in units:
            g = groups[gi]
            comps = g.get("components") or {"total": g["rewards"]}
            inputs.append({
                "components": {k: [v[i] for i in idx] for k, v in comps.items()},
                "valid": [_finite(rewards[gi][i]) for i in idx],
                "weights": g.get("weights"),
            })
        res, batch_std = gdpo_advantages(inputs, cfg["stdType"], cfg["epsilon"])
        for ui, (gi, idx) in enumerate(units):
            for k, i in enumerate(idx):
                advantages[gi][i] = res[ui][k]
            unit_std.append(batch_std)
    else:
        batch = [x for r in rewards for x in finite_values(r)]
        opts = dict(cfg)
        opts["batchStd"] = nan_std(batch, cfg["stdType"])
        opts["batchConstant"] = is_constant(batch)
        for gi, idx in units:
            adv, norm_std = group_advantages([rewards[gi][i] for i in idx], opts)
            for k, i in enumerate(idx):
                advantages[gi][i] = adv[k]
            unit_std.append(norm_std)
    zero_std = []
    for gi in range(len(groups)):
        zero_std.append(all(abs(unit_std[ui]) <= ZERO_STD_TOL for ui, (ugi, _) in enumerate(units) if ugi == gi))
    return advantages, zero_std


def compute_advantages(groups, cfg):
    """Advantages for a batch of groups; cfg holds the playground's advantage knobs (RunConfig.advantage).

    Returns (advantages, zero_std, excluded): per group a list of advantages, per group whether it carried no
    signal, and per completion whether it stays out of the loss (NaN reward or the MC-GRPO pivot).
    """
    excluded = [[(not _finite(r)) or i == g.get("pivot") for i, r in enumerate(g["rewards"])] for g in groups]
    rewards = []
    for g in groups:
        if cfg["unlikelinessBeta"] > 0 and g.get("mean_logp") is not None:
            rewards.append(apply_unlikeliness_penalty(g["rewards"], g["mean_logp"], cfg["unlikelinessBeta"]))
        else:
            rewards.append(list(g["rewards"]))
    advantages, zero_std = _core_advantages(groups, rewards, cfg)
    if cfg["agrae"]:
        acc = [_group_accuracy(g) for g in groups]
        p_bar = nan_mean(acc)
        advantages = [agrae_transform(a, acc[gi], p_bar, cfg["agraeAlpha"], cfg["epsilon"]) for gi, a in enumerate(advantages)]
    if cfg["seedAlpha"] > 0:
        out = []
        for gi, a in enumerate(advantages):
            answers = groups[gi].get("answers")
            if answers is None:
                out.append(a)
                continue
            valid = valid_indices(groups[gi]["rewards"])
            se = semantic_entropy([answers[i] if i < len(answers) and answers[i] is not None else "" for i in valid])
            f = seed_scale(se, cfg["seedAlpha"], len(valid))
            out.append([x * f for x in a])
        advantages = out
    advantages = [[0.0 if excluded[gi][i] else x for i, x in enumerate(a)] for gi, a in enumerate(advantages)]
    if cfg["globalWhiten"]:
        flat = [x for gi, a in enumerate(advantages) for i, x in enumerate(a) if not excluded[gi][i]]
        white = global_whiten(flat)
        k = 0
        out = []
        for gi, a in enumerate(advantages):
            row = []
            for i in range(len(a)):
                if excluded[gi][i]:
                    row.append(0.0)
                else:
                    row.append(white[k])
                    k += 1
            out.append(row)
        advantages = out
    return advantages, zero_std, excluded
`;
