// Part of the exported Python advantages (see ../advantages-py.ts): composition: expert units, the core advantage and compute_advantages.
// (A template literal: the Python must not contain a backtick, a dollar-brace or a backslash.)
export const COMPOSE_PY = `def _is_correct(g, i):
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
