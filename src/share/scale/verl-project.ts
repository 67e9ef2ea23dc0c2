// The verl half of the scale export: verl/playground.yaml (a full Hydra config over verl's ppo_trainer defaults),
// verl/reward.py (custom_reward_function; also registers the playground's advantage as the "playground" estimator
// when verl's estimator interface can express the run's knobs), verl/make_parquet.py and verl/run_verl.sh.
// Keys are checked against verl's published config in test/unit/scale-verl.test.ts.
import type { RunConfig } from '../../engine/config';
import { commentText, pyStr, pyValue } from '../code-literals';
import { resolveRun } from '../framework-common';
import { emitYaml, verlConfig, type YamlNode } from '../verl-config';
import type { ExportExpert } from './experts';

export interface VerlProjectOptions {
  experts: ExportExpert[];
  steps: number;
  model: string;
  rewardFuncs: string[];
}

/** Why verl's estimator interface (scores summed per response, grouped by uid) cannot carry the run's advantage. */
export function verlAdvantageBlockers(config: RunConfig): string[] {
  const adv = config.advantage;
  const out: string[] = [];
  if (adv.gdpo) out.push('GDPO needs each named reward; verl estimators see only the summed score');
  if (adv.unlikelinessBeta > 0) out.push('the unlikeliness penalty needs old log-probs, which verl does not pass to an estimator');
  if (adv.seedAlpha > 0) out.push('SEED scaling needs the answers, which verl does not pass to an estimator');
  return out;
}

export function verlProject(config: RunConfig, o: VerlProjectOptions): { files: Record<string, string>; notExpressible: string[] } {
  const base = verlConfig(config);
  const run = resolveRun(config);
  const blockers = verlAdvantageBlockers(config);
  const register = blockers.length === 0;
  const notes: string[] = [];
  // verlConfig's notes: the data-side ones still hold; the advantage ones only when verl's own estimator is used.
  const dataSide = (n: string) => /^(mask truncated|drop all-correct|Scaf-GRPO|MC-GRPO pivot|fixed hint level|MEML)/.test(n);
  if (register) {
    notes.push(
      'advantage: registered as the "playground" estimator (reward.py): the playground\'s computeAdvantages on the summed score per uid group',
    );
  } else {
    notes.push(...blockers.map((b) => `advantage: ${b}; verl's own estimator is used instead`));
    notes.push(...base.notExpressible.filter((n) => !dataSide(n)));
  }
  notes.push(...base.notExpressible.filter((n) => /^(mask truncated|drop all-correct|Scaf-GRPO)/.test(n)));
  if (config.data.dynamicSampling)
    notes.push(
      `DAPO dynamic sampling: algorithm.filter_groups is set (up to ${config.data.maxGenBatches} generation batches) but only the DAPO recipe trainer (verl-recipe dapo) reads it; verl.trainer.main_ppo used here does not resample`,
    );
  if (config.data.mcPivot) {
    notes.push(
      register
        ? 'MC-GRPO pivot: rollout.n = G+1 and the estimator gives the pivot advantage 0, but verl keeps it in the loss normaliser'
        : "MC-GRPO pivot: not applied (verl's own estimator is used)",
    );
  }
  if (config.experts.enabled && o.experts.length > 1) {
    if (config.experts.allocation === 'per-expert' && config.experts.baselineScope === 'per-expert') {
      notes.push('experts: one row per expert, G responses each; the per-expert baseline is the uid group (exact)');
    } else {
      notes.push(
        `experts: verl groups by row (uid), so each expert row is its own group (the run used ${config.experts.allocation} allocation with a ${config.experts.baselineScope} baseline)`,
      );
    }
    if (config.experts.mutualLambda > 0 || config.experts.sftLambda > 0)
      notes.push('MEML mutual-learning and SFT-buffer terms: not expressible');
  }
  if (config.objective.anchorLambda > 0)
    notes.push('DaGRPO anchors (an NLL term on the demonstrations of all-wrong prompts): not expressible');
  notes.push('lengths are characters in the playground and tokens in verl');

  const perExpertRows = config.experts.enabled && o.experts.length > 1 && config.experts.allocation === 'per-expert';
  const rowExperts = perExpertRows ? o.experts.map((e) => e.index) : [0];
  const tree = base.tree;
  const algorithm = tree.algorithm as YamlNode;
  if (register) algorithm.adv_estimator = { value: 'playground', comment: 'registered by reward.py (custom_reward_function)' };
  const data = tree.data as YamlNode;
  Object.assign(data, {
    train_files: 'verl/train.parquet',
    val_files: 'verl/val.parquet',
    prompt_key: 'prompt',
    max_prompt_length: 256,
    shuffle: { value: false, comment: 'the playground order: one step = one batch of problems' },
  });
  (tree.actor_rollout_ref as YamlNode).model = { path: o.model };
  const rollout = (tree.actor_rollout_ref as YamlNode).rollout as YamlNode;
  rollout.name = { value: 'vllm', comment: 'or sglang' };
  if (config.data.mcPivot && register) rollout.n = { value: config.groupSize + 1, comment: 'G+1: the MC-GRPO pivot is one of them' };
  tree.custom_reward_function = { path: 'verl/reward.py', name: 'compute_score' };
  tree.trainer = {
    project_name: 'grpo_playground',
    experiment_name: `${config.task}-${config.preset}`.replace(/[^A-Za-z0-9._-]/g, '_'),
    total_training_steps: o.steps,
    n_gpus_per_node: { value: 1, comment: 'GPUs per node' },
    nnodes: 1,
    val_before_train: false,
    logger: ['console'],
  };

  const yaml = [
    '# verl/playground.yaml: generated by GRPO Playground ("Run it at scale"). bash verl/run_verl.sh',
    '#',
    '# Not expressible in verl, or expressed differently:',
    ...notes.map((n) => commentText(`#  - ${n}`)),
    commentText(
      `# Playground run: preset ${pyStr(config.preset)}, task ${config.task}, difficulty ${run.difficulty}, seed ${config.seed}.`,
    ),
    'hydra:',
    '  searchpath:',
    '    - pkg://verl.trainer.config',
    'defaults:',
    '  - ppo_trainer',
    '  - _self_',
    emitYaml(tree).trimEnd(),
    '',
  ].join('\n');

  const RUN = {
    task: config.task,
    reward_weights: config.rewardWeights,
    reward_names: o.rewardFuncs.filter((n) => n !== 'overlong'),
    advantage: config.advantage,
    mc_pivot: config.data.mcPivot,
    register_advantage: register,
  };
  const rewardPy = [
    "# verl/reward.py: generated by GRPO Playground. verl custom_reward_function (compute_score) for the run's task,",
    '# -*- coding: utf-8 -*-',
    '# plus the playground\'s advantage registered as verl estimator "playground" where verl can express it.',
    'import json',
    'import os',
    'import sys',
    '',
    'sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))',
    'from advantages import compute_advantages, mc_pivot_index  # noqa: E402',
    'from rewards import score  # noqa: E402',
    '',
    `RUN = ${pyValue(RUN)}`,
    VERL_REWARD_BODY,
  ].join('\n');

  const parquetPy = [
    '# verl/make_parquet.py: generated by GRPO Playground. problems.jsonl -> verl/train.parquet and verl/val.parquet',
    '# -*- coding: utf-8 -*-',
    "# with the columns verl's RLHFDataset reads: data_source, prompt (chat messages), ability, reward_model, extra_info.",
    'import json',
    'import os',
    '',
    `TASK = ${pyStr(config.task)}`,
    `EXPERTS = ${pyValue(o.experts.map((e) => ({ id: e.id, system_prompt: e.systemPrompt })))}`,
    `ROW_EXPERTS = ${pyValue(rowExperts)}`,
    MAKE_PARQUET_BODY,
  ].join('\n');

  const runSh = [
    '#!/usr/bin/env bash',
    '# verl/run_verl.sh: generated by GRPO Playground. Extra Hydra overrides pass through, e.g.',
    '#   bash verl/run_verl.sh trainer.n_gpus_per_node=8 actor_rollout_ref.model.path=Qwen/Qwen2.5-1.5B-Instruct',
    'set -euo pipefail',
    'cd "$(dirname "$0")/.."',
    'python verl/make_parquet.py',
    'python -m verl.trainer.main_ppo --config-path="$PWD/verl" --config-name=playground "$@"',
    '',
  ].join('\n');
  return {
    files: { 'playground.yaml': yaml, 'reward.py': rewardPy, 'make_parquet.py': parquetPy, 'run_verl.sh': runSh },
    notExpressible: notes,
  };
}

const VERL_REWARD_BODY = `

def compute_score(data_source, solution_str, ground_truth, extra_info=None, **kwargs):
    """verl calls this per response; "score" is the weighted total, the named rewards are logged beside it."""
    problem = json.loads(ground_truth)
    comps = score(RUN["task"], problem, solution_str)
    total = 0.0
    for name, weight in RUN["reward_weights"].items():
        if name in comps:
            total += weight * comps[name]
    out = {"score": float(total)}
    for name in RUN["reward_names"]:
        out[name] = float(comps.get(name, 0))
    return out


def playground_advantage(token_level_rewards, response_mask, index=None, config=None, **kwargs):
    """verl advantage estimator: the playground's computeAdvantages over the responses of each uid group."""
    import torch

    scores = token_level_rewards.sum(dim=-1).detach().double().cpu().tolist()
    keys = list(index) if index is not None else list(range(len(scores)))
    order = {}
    for i, key in enumerate(keys):
        order.setdefault(key, []).append(i)
    groups, positions = [], []
    for idx in order.values():
        rewards = [scores[i] for i in idx]
        group = {"rewards": rewards}
        if RUN["mc_pivot"]:
            group["pivot"] = mc_pivot_index(rewards)
        groups.append(group)
        positions.append(idx)
    adv, _zero_std, _excluded = compute_advantages(groups, RUN["advantage"])
    flat = [0.0] * len(scores)
    for g, idx in enumerate(positions):
        for k, i in enumerate(idx):
            flat[i] = adv[g][k]
    a = torch.tensor(flat, dtype=token_level_rewards.dtype, device=token_level_rewards.device).unsqueeze(-1) * response_mask
    return a, a


def _register():
    try:
        from verl.trainer.ppo import core_algos
    except ImportError:
        return  # not running inside verl (tests, or TRL only)
    # verl imports this file once per reward manager: register once.
    if "playground" not in core_algos.ADV_ESTIMATOR_REGISTRY:
        core_algos.register_adv_est("playground")(playground_advantage)


if RUN["register_advantage"]:
    _register()
`;

const MAKE_PARQUET_BODY = `

HERE = os.path.dirname(os.path.abspath(__file__))


def rows(path, split):
    out = []
    with open(path, encoding="utf-8") as f:
        problems = [json.loads(line) for line in f if line.strip()]
    for g, p in enumerate(problems):
        for e in ROW_EXPERTS:
            out.append({
                "data_source": "grpo_playground/" + TASK,
                "prompt": [
                    {"role": "system", "content": EXPERTS[e]["system_prompt"]},
                    {"role": "user", "content": p["prompt"]},
                ],
                "ability": "puzzle",
                "reward_model": {"style": "rule", "ground_truth": json.dumps({"answer": p["answer"], "data": p["data"]})},
                "extra_info": {"split": split, "index": len(out), "group": g, "expert_index": e, "step": p["step"]},
            })
    return out


def main():
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = os.path.dirname(HERE)
    for name, split in (("problems.jsonl", "train"), ("problems_eval.jsonl", "test")):
        table = pa.Table.from_pylist(rows(os.path.join(root, name), split))
        pq.write_table(table, os.path.join(HERE, ("train" if split == "train" else "val") + ".parquet"))


if __name__ == "__main__":
    main()
`;
