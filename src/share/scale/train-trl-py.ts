// The static body of the exported train_trl.py: a GRPOTrainer subclass whose advantages are the playground's
// (advantages.py), groups rebuilt from the dataset's "group" column, expert prompts as system prompts. The
// generated header (project.ts) defines RUN and TRL_KWARGS above it. A String.raw template: no backtick or dollar-brace.
export const TRAIN_TRL_BODY_PY = String.raw`
import argparse
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from advantages import compute_advantages, mc_pivot_index  # noqa: E402
from rewards import score  # noqa: E402


def load_problems(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def build_rows(problems, run):
    """One dataset row per (playground group, expert row); TRL samples num_generations completions per row.

    Rows of one playground group share "group", so the trainer can rebuild the group (all its experts) for the
    advantage computation exactly as the playground groups its rollouts.
    """
    rows = []
    for g, p in enumerate(problems):
        for e in run["row_experts"]:
            expert = run["experts"][e]
            rows.append({
                "prompt": [
                    {"role": "system", "content": expert["system_prompt"]},
                    {"role": "user", "content": p["prompt"]},
                ],
                "group": g,
                "expert_index": e,
                "problem": json.dumps(p),
            })
    return rows


def completion_text(completion):
    """TRL passes plain strings, or message lists for conversational prompts."""
    if isinstance(completion, str):
        return completion
    return "".join(m.get("content", "") for m in completion if isinstance(m, dict))


def overlong_penalty(length, l_max, l_cache):
    """DAPO soft overlong punishment, as the playground's surrogate-math overlongPenalty."""
    free = l_max - l_cache
    if length <= free:
        return 0.0
    if length <= l_max:
        return (free - length) / l_cache
    return -1.0


def make_reward_funcs(run):
    """One TRL reward function per playground reward component, named after it (TRL logs rewards/<name>/mean)."""
    funcs = []
    for name in run["reward_funcs"]:
        if name == "overlong":
            def fn(completions, completion_ids=None, **kwargs):
                eos = run.get("_eos_token_id")
                out = []
                for ids in completion_ids:
                    truncated = len(ids) >= run["max_completion_length"] and (eos is None or ids[-1] != eos)
                    n = run["max_completion_length"] + 1 if truncated else len(ids)
                    out.append(overlong_penalty(n, run["max_completion_length"], run["overlong_cache"]))
                return out
        else:
            def fn(completions, problem, _name=name, **kwargs):
                return [float(score(run["task"], json.loads(p), completion_text(c)).get(_name, 0)) for c, p in zip(completions, problem)]
        fn.__name__ = name
        funcs.append(fn)
    return funcs


def playground_groups(rewards_per_func, group_ids, expert_ids, answers, mean_logp, run):
    """The playground's AdvantageGroups for one generation batch: (groups, positions of each group's completions)."""
    names = run["reward_funcs"]
    weights = dict(run["reward_weights"])
    if "overlong" in names:
        weights["overlong"] = 1
    order = {}
    for i, g in enumerate(group_ids):
        order.setdefault(g, []).append(i)
    groups, positions = [], []
    for idx in order.values():
        components = {n: [rewards_per_func[i][k] for i in idx] for k, n in enumerate(names)}
        totals = []
        for i in idx:
            vals = {n: rewards_per_func[i][k] for k, n in enumerate(names)}
            if all(math.isnan(v) for v in vals.values()):
                totals.append(float("nan"))
                continue
            t = 0.0
            for n, w in weights.items():
                if n in vals:
                    t += w * vals[n]
            totals.append(t)
        group = {
            "rewards": totals,
            "components": components,
            "weights": run["reward_weights"],
            "answers": [answers[i] for i in idx],
        }
        if mean_logp is not None:
            group["mean_logp"] = [mean_logp[i] for i in idx]
        if run["experts_enabled"] and run["baseline_scope"] == "per-expert":
            group["subgroups"] = [expert_ids[i] for i in idx]
        if run["mc_pivot"]:
            group["pivot"] = mc_pivot_index(totals)
        groups.append(group)
        positions.append(idx)
    return groups, positions


def make_trainer_class(run):
    import torch
    from accelerate.utils import gather_object
    from trl import GRPOTrainer

    class PlaygroundGRPOTrainer(GRPOTrainer):
        """GRPOTrainer whose advantages are the playground's computeAdvantages for this run's knobs."""

        advantage_log = None  # a file path: one JSON line per generation batch (rewards, groups, advantages used)

        def _calculate_rewards(self, inputs, prompts, completions, completion_ids_list):
            rewards_per_func = super()._calculate_rewards(inputs, prompts, completions, completion_ids_list)
            # rewards_per_func is already gathered over processes; gather the columns that rebuild the groups too.
            self._pg_meta = (
                gather_object([x["group"] for x in inputs]),
                gather_object([x["expert_index"] for x in inputs]),
                gather_object([completion_text(c) for c in completions]),
            )
            self._pg_rewards = rewards_per_func.detach().float().cpu().tolist()
            return rewards_per_func

        def _mean_logp(self, out):
            logp = out.get("old_per_token_logps")
            if logp is None:
                ids = torch.cat([out["prompt_ids"], out["completion_ids"]], dim=1)
                mask = torch.cat([out["prompt_mask"], out["completion_mask"]], dim=1)
                with torch.no_grad():
                    logp = self._get_per_token_logps_and_entropies(self.model, ids, mask, out["completion_ids"].size(1))[0]
            m = out["completion_mask"].float()
            mean = (logp * m).sum(1) / m.sum(1).clamp(min=1.0)
            return self.accelerator.gather(mean).float().cpu().tolist()

        def _generate_and_score_completions(self, inputs):
            out = super()._generate_and_score_completions(inputs)
            group_ids, expert_ids, answers = self._pg_meta
            mean_logp = self._mean_logp(out) if run["advantage"]["unlikelinessBeta"] > 0 else None
            groups, positions = playground_groups(self._pg_rewards, group_ids, expert_ids, answers, mean_logp, run)
            adv, _zero_std, excluded = compute_advantages(groups, run["advantage"])
            flat_adv = [0.0] * len(group_ids)
            flat_excl = [False] * len(group_ids)
            for g, idx in enumerate(positions):
                for k, i in enumerate(idx):
                    flat_adv[i] = adv[g][k]
                    flat_excl[i] = excluded[g][k]
            n = out["completion_ids"].size(0)
            start = self.accelerator.process_index * n
            device = out["advantages"].device
            out["advantages"] = torch.tensor(flat_adv[start:start + n], dtype=torch.float32, device=device)
            if any(flat_excl):
                # The MC-GRPO pivot (and unscorable completions) leave the loss, as in the playground.
                keep = ~torch.tensor(flat_excl[start:start + n], dtype=torch.bool, device=device)
                out["completion_mask"] = out["completion_mask"] * keep.unsqueeze(1).to(out["completion_mask"].dtype)
                out["num_items_in_batch"] = self.accelerator.gather(out["completion_mask"].sum()).sum()
            used = gather_object(out["advantages"].tolist())
            if self.advantage_log and self.accelerator.is_main_process:
                with open(self.advantage_log, "a", encoding="utf-8") as f:
                    f.write(json.dumps({"groups": groups, "positions": positions, "used": used, "excluded": flat_excl}) + "\n")
            return out

    return PlaygroundGRPOTrainer


def tiny_random_model(seed):
    """A tiny randomly initialised Llama and a character tokenizer with a chat template: no download (smoke tests)."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    torch.manual_seed(seed)
    chars = sorted(set("0123456789abcdefghijklmnopqrstuvwxyz+-*/=<>:;,|#?_ .()[]'ABCDEFGHIJKLMNOPQRSTUVWXYZ!\n"))
    specials = ["<pad>", "<eos>", "<unk>"]
    vocab = {t: i for i, t in enumerate(specials + chars)}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Split(pattern="", behavior="isolated")
    tok.decoder = decoders.Fuse()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="<pad>", eos_token="<eos>", unk_token="<unk>")
    tokenizer.chat_template = (
        "{% for m in messages %}{{ m['role'][0] }}:{{ m['content'] }}\n{% endfor %}"
        "{% if add_generation_prompt %}a:{% endif %}"
    )
    config = LlamaConfig(
        vocab_size=len(vocab), hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
        num_key_value_heads=2, max_position_embeddings=1024, pad_token_id=0, eos_token_id=1, bos_token_id=1,
    )
    model = LlamaForCausalLM(config)
    # A random model almost never writes the answer format, so every reward would be 0 and every advantage too.
    # A fixed logit bias towards digits, "|" and "." gives the verifiers a mix of right, wrong and malformed answers.
    bias = torch.full((len(vocab),), -4.0)
    for ch in "0123456789|.":
        bias[vocab[ch]] = 2.0
    bias[vocab["<eos>"]] = 0.0
    model.lm_head.register_forward_hook(lambda module, inputs, output: output + bias.to(output.dtype))
    return model, tokenizer


def main(argv=None):
    parser = argparse.ArgumentParser(description="Train the playground run's variant with TRL GRPOTrainer.")
    parser.add_argument("--model", default=RUN["default_model"], help="Hugging Face model id or path (default: %(default)s)")
    parser.add_argument("--problems", default=os.path.join(HERE, "problems.jsonl"))
    parser.add_argument("--output-dir", default=None)
    parser.add_argument("--max-steps", type=int, default=None, help="default: one step per playground step (%d)" % RUN["steps"])
    parser.add_argument("--tiny-random-model", action="store_true", help="a tiny random model, no download (smoke test on CPU)")
    parser.add_argument("--advantage-log", default=None, help="write the advantages the trainer used, one JSON line per batch")
    args = parser.parse_args(argv)

    from accelerate import PartialState
    from datasets import Dataset
    from trl import GRPOConfig

    state = PartialState()
    kwargs = dict(TRL_KWARGS)
    # A generation batch is one playground step: all rows of RUN["prompts"] groups, each num_generations completions.
    gen_batch = RUN["prompts"] * len(RUN["row_experts"]) * kwargs["num_generations"]
    steps_per_gen = kwargs.get("steps_per_generation", 1)
    per_device = gen_batch // (steps_per_gen * state.num_processes)
    if per_device * steps_per_gen * state.num_processes != gen_batch:
        sys.exit("generation batch of %d completions does not split over %d processes x %d steps" % (gen_batch, state.num_processes, steps_per_gen))
    kwargs.update(per_device_train_batch_size=per_device, generation_batch_size=gen_batch, shuffle_dataset=False)
    kwargs["max_steps"] = args.max_steps if args.max_steps is not None else RUN["steps"]
    if args.output_dir:
        kwargs["output_dir"] = args.output_dir
    if args.tiny_random_model:
        kwargs.update(use_cpu=True, bf16=False, report_to="none", save_strategy="no")
    config = GRPOConfig(**kwargs)

    problems = load_problems(args.problems)
    dataset = Dataset.from_list(build_rows(problems, RUN))
    if args.tiny_random_model:
        model, tokenizer = tiny_random_model(RUN["seed"])
    else:
        from transformers import AutoTokenizer

        model, tokenizer = args.model, AutoTokenizer.from_pretrained(args.model)
    run = dict(RUN, _eos_token_id=tokenizer.eos_token_id)
    trainer_class = make_trainer_class(run)
    trainer = trainer_class(
        model=model,
        processing_class=tokenizer,
        reward_funcs=make_reward_funcs(run),
        args=config,
        train_dataset=dataset,
    )
    trainer.advantage_log = args.advantage_log
    trainer.train()


if __name__ == "__main__":
    main()
`;
