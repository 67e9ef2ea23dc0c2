"""The bench's standard GRPO step in PyTorch on the CPU, for `npm run bench -- --vs-torch`.

Same work as the tfjs step (test/bench/workload.ts): the same decoder-only transformer (pre-LayerNorm, learned
positions, left-padded prompts), B x G rollouts of P prompt + N sampled characters with Gumbel-max sampling, a
scoring pass (policy log-probs and entropies, reference log-probs), and one Adam step on the clipped surrogate with
a k3 KL to the reference and global-norm clipping. One thread, as the tfjs WASM backend uses here.

Install, OpenBLAS (the issue's reference; Debian's PyTorch 1.13 with the threaded OpenBLAS):
    apt-get install python3-torch libopenblas0-pthread
    npm run bench -- --vs-torch --python /usr/bin/python3
or a pip wheel (MKL, not OpenBLAS):
    python3 -m venv .venv-bench && .venv-bench/bin/pip install torch numpy
    npm run bench -- --vs-torch --python .venv-bench/bin/python
The script prints the BLAS library the process actually loaded (from /proc/self/maps): Debian's torch reports
"BLAS_INFO=generic" in its build config but calls OpenBLAS through the system's libblas alternative at run time.

Protocol: reads one JSON object per line on stdin ({"cmd": "step"} or {"cmd": "quit"}), answers one JSON line
per command on stdout, so the Node bench can interleave it with its own steps.
"""
import json
import math
import os
import sys
import time

# One BLAS thread too: torch.set_num_threads(1) leaves Debian's OpenBLAS (behind the generic libblas) with a
# thread per core (2 threads on this 2-core machine, counted in /proc/self/task).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import torch  # noqa: E402
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(1)


class Block(torch.nn.Module):
    def __init__(self, d, heads, ffn):
        super().__init__()
        self.heads = heads
        self.ln1 = torch.nn.LayerNorm(d, eps=1e-5)
        self.qkv = torch.nn.Linear(d, 3 * d)
        self.proj = torch.nn.Linear(d, d)
        self.ln2 = torch.nn.LayerNorm(d, eps=1e-5)
        self.ff1 = torch.nn.Linear(d, ffn)
        self.ff2 = torch.nn.Linear(ffn, d)

    def forward(self, x, bias, past=None):
        n, t, d = x.shape
        dh = d // self.heads
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=-1)
        q, k, v = (m.view(n, t, self.heads, dh).transpose(1, 2) for m in (q, k, v))
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(dh) + bias, dim=-1) @ v
        x = x + self.proj(att.transpose(1, 2).reshape(n, t, d))
        x = x + self.ff2(torch.relu(self.ff1(self.ln2(x))))
        return x, (k, v)


class Policy(torch.nn.Module):
    def __init__(self, vocab, context, d, layers, heads, ffn):
        super().__init__()
        self.tok = torch.nn.Embedding(vocab, d)
        self.pos = torch.nn.Embedding(context, d)
        self.blocks = torch.nn.ModuleList(Block(d, heads, ffn) for _ in range(layers))
        self.lnf = torch.nn.LayerNorm(d, eps=1e-5)
        self.head = torch.nn.Linear(d, vocab)

    def forward(self, ids, pad, start=0, past=None):
        """ids [n, t] at columns start..start+t-1; pad [n] left padding. Returns logits and the KV cache."""
        n, t = ids.shape
        total = start + t
        cols = torch.arange(start, total)
        pos = (cols[None, :] - pad[:, None]).clamp(min=0)
        keys = torch.arange(total)
        masked = (keys[None, None, :] > cols[None, :, None]) | (keys[None, None, :] < pad[:, None, None])
        bias = torch.where(masked, -1e9, 0.0)[:, None, :, :]
        x = self.tok(ids) + self.pos(pos)
        cache = []
        for i, block in enumerate(self.blocks):
            x, kv = block(x, bias, None if past is None else past[i])
            cache.append(kv)
        return self.head(self.lnf(x)), cache


def main():
    cfg = json.loads(sys.argv[1])
    B, G, P, N = cfg["prompts"], cfg["groupSize"], cfg["promptWidth"], cfg["newTokens"]
    n = B * G
    spec = cfg["model"]
    policy = Policy(spec["vocab"], spec["context"], spec["dModel"], spec["layers"], spec["heads"], spec["ffn"])
    reference = Policy(spec["vocab"], spec["context"], spec["dModel"], spec["layers"], spec["heads"], spec["ffn"])
    reference.load_state_dict(policy.state_dict())
    reference.requires_grad_(False)
    opt = torch.optim.Adam(policy.parameters(), lr=cfg["lr"], eps=1e-8)
    gen = torch.Generator().manual_seed(1)

    def rollout(cached):
        prompts = torch.randint(1, spec["vocab"], (B, P), generator=gen).repeat_interleave(G, 0)
        pad = torch.zeros(n, dtype=torch.long)
        gumbel = -torch.log(-torch.log(torch.rand(N, n, spec["vocab"], generator=gen)))
        done = torch.zeros(n, dtype=torch.bool)
        tokens = prompts
        with torch.no_grad():
            if cached:
                logits, cache = policy(prompts, pad)
                last = logits[:, -1]
            for s in range(N):
                if not cached:
                    last = policy(tokens, pad)[0][:, -1]
                elif s > 0:
                    logits, cache = policy(tokens[:, -1:], pad, tokens.shape[1] - 1, cache)
                    last = logits[:, -1]
                nxt = torch.where(done, 0, torch.argmax(last + gumbel[s], dim=-1))
                done = done | (nxt == cfg["eosId"])
                tokens = torch.cat([tokens, nxt[:, None]], dim=1)
        return tokens, pad

    def token_logp(model, tokens, pad, entropy=False):
        logits = model(tokens[:, :-1], pad)[0][:, P - 1:]
        logsm = torch.log_softmax(logits, dim=-1)
        logp = logsm.gather(-1, tokens[:, P:, None])[..., 0]
        ent = -(logsm.exp() * logsm).sum(-1) if entropy else None
        return logp, ent

    def step(cached):
        t0 = time.perf_counter()
        tokens, pad = rollout(cached)
        t1 = time.perf_counter()
        with torch.no_grad():
            old, _ = token_logp(policy, tokens, pad, entropy=True)
            ref, _ = token_logp(reference, tokens, pad)
        t2 = time.perf_counter()
        rewards = torch.rand(B, G, generator=gen)
        adv = ((rewards - rewards.mean(1, keepdim=True)) / (rewards.std(1, keepdim=True) + 1e-4)).reshape(n, 1)
        t3 = time.perf_counter()
        logp, ent = token_logp(policy, tokens, pad, entropy=True)
        ratio = torch.exp(logp - old)
        surrogate = -torch.minimum(ratio * adv, ratio.clamp(0.8, 1.2) * adv)
        kl = torch.exp(ref - logp) - (ref - logp) - 1
        loss = (surrogate + cfg["klCoef"] * kl).mean(1).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(policy.parameters(), 1.0)
        opt.step()
        float(norm)  # one readback, as the tfjs step reads its stats
        t4 = time.perf_counter()
        ms = lambda a, b: (b - a) * 1000
        return {"rollout": ms(t0, t1), "scoring": ms(t1, t2), "advantages": ms(t2, t3), "update": ms(t3, t4), "total": ms(t0, t4)}

    torch.randn(64, 64) @ torch.randn(64, 64)  # a product maps the BLAS library in, so loaded_blas() sees it
    blas = loaded_blas()
    print(json.dumps({"ready": True, "info": f"PyTorch {torch.__version__}, {torch.get_num_threads()} thread, {blas}"}), flush=True)
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd.get("cmd") == "quit":
            break
        print(json.dumps({"plain": step(False), "cached": step(True)}), flush=True)


def loaded_blas():
    """The BLAS shared library mapped into this process, e.g. "OpenBLAS libopenblasp-r0.3.21.so"; the build
    config's BLAS_INFO (marked so) where /proc/self/maps is unavailable."""
    import re
    names = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                base = os.path.basename(path)
                if re.search(r"openblas|mkl_core|mkl_rt|libblis|libblas|libcblas|accelerate", base, re.I):
                    names.add(base)
    except OSError:
        found = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
        return f"BLAS {found.group(1) if found else 'unknown'} (build config)"
    if not names:
        return "BLAS: none loaded"
    kind = "OpenBLAS" if any("openblas" in n.lower() for n in names) else "MKL" if any("mkl" in n.lower() for n in names) else "BLAS"
    return f"{kind} {', '.join(sorted(names))}"


if __name__ == "__main__":
    main()
