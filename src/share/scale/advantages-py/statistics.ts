// Part of the exported Python advantages (see ../advantages-py.ts): constants and plain statistics (finite values, mean, std, median, MAD, normal quantile).
// (A template literal: the Python must not contain a backtick, a dollar-brace or a backslash.)
export const STATISTICS_PY = `"""Group-relative advantages exactly as the GRPO Playground computes them (src/engine/rl/advantages.ts).

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


`;
