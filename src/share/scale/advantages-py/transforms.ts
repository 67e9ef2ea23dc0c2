// Part of the exported Python advantages (see ../advantages-py.ts): post-transforms: unlikeliness, GDPO, A-GRAE, SEED, pass@k, global whitening, the MC-GRPO pivot.
// (A template literal: the Python must not contain a backtick, a dollar-brace or a backslash.)
export const TRANSFORMS_PY = `def unlikeliness_ranks(mean_logp):
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


`;
