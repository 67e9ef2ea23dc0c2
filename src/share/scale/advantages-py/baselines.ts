// Part of the exported Python advantages (see ../advantages-py.ts): baselines and scales: centring, standardising, the group advantage.
// (A template literal: the Python must not contain a backtick, a dollar-brace or a backslash.)
export const BASELINES_PY = `def log_sum_exp(xs):
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


def pair_masked_centered(r, delta):
    # DaGRPO pair mask: (1/G) sum over j with |r_i - r_j| >= delta of (r_i - r_j)
    if is_constant(r):
        return [0.0 for _ in r]
    out = []
    for ri in r:
        acc = 0.0
        for rj in r:
            if abs(ri - rj) >= delta:
                acc = acc + (ri - rj)
        out.append(acc / len(r))
    return out


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
        if o.get("dagrpoDelta", 0):
            return pair_masked_centered(r, o["dagrpoDelta"])
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


`;
