// Smoke run of the exported TRL project: 2 training steps on CPU with a tiny random model built from a transformers
// config (nothing downloaded), then the advantages the GRPOTrainer subclass used are compared with
// computeAdvantages on the same rewards. The Python environment is test/scale/ensure-venv.sh's .venv-scale (pinned
// to PINNED_REQUIREMENTS; installed on first use, a few minutes, reused after).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/engine/config';
import { computeAdvantages, mcPivotIndex, type AdvantageGroup } from '../../src/engine/rl/advantages';
import { weightedReward } from '../../src/engine/rl/rollouts';
import { Rng } from '../../src/engine/rng';
import { getTask } from '../../src/engine/tasks';
import type { Problem } from '../../src/engine/tasks/types';
import { PINNED_REQUIREMENTS, scaleProject, type ProblemRow } from '../../src/share/scale/project';

const ROOT = resolve(__dirname, '../..');
const PYTHON = join(ROOT, '.venv-scale/bin/python');

interface LoggedBatch {
  groups: Array<{
    rewards: Array<number | null>;
    components: Record<string, Array<number | null>>;
    weights: Record<string, number>;
    answers: string[];
    subgroups?: number[];
    pivot?: number;
    mean_logp?: number[];
  }>;
  positions: number[][];
  used: number[];
  excluded: boolean[];
}

const nan = (xs: Array<number | null>) => xs.map((x) => (x === null ? NaN : x));

describe('exported TRL project, 2 steps on CPU', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scale-smoke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("test/scale/requirements.txt is the export's pinned list", () => {
    expect(readFileSync(join(ROOT, 'test/scale/requirements.txt'), 'utf8').trim().split('\n')).toEqual(PINNED_REQUIREMENTS);
  });

  it(
    "trains 2 steps and its subclass used the playground's advantages",
    () => {
      const setup = spawnSync('bash', [join(ROOT, 'test/scale/ensure-venv.sh')], {
        encoding: 'utf8',
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      expect(setup.status, 'test/scale/ensure-venv.sh failed').toBe(0);

      // Countdown (three named rewards) with GDPO, two of three experts with per-expert rows and baselines, and the MC
      // pivot: the subclass's grouping, sub-groups, components and exclusions all take part.
      const config = parseConfig({
        task: 'countdown',
        prompts: 2,
        groupSize: 3,
        seed: 7,
        rewardWeights: { correct: 1, format: 0.1, uses_all: 0.3 },
        advantage: { gdpo: true },
        data: { mcPivot: true },
        experts: {
          enabled: true,
          allocation: 'per-expert',
          baselineScope: 'per-expert',
          list: [
            { id: 'expr', prefix: 'e:', enabled: true },
            { id: 'careful', prefix: 'k:', enabled: true, style: 'steps' },
            { id: 'steps', prefix: 's:', enabled: false },
          ],
        },
      });
      const project = scaleProject(config, { steps: 2 });
      for (const [name, text] of Object.entries(project.files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      const log = join(dir, 'advantages.jsonl');
      const run = spawnSync(
        PYTHON,
        ['train_trl.py', '--tiny-random-model', '--max-steps', '2', '--advantage-log', log, '--output-dir', join(dir, 'out')],
        {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1', TOKENIZERS_PARALLELISM: 'false', OMP_NUM_THREADS: '1' },
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      expect(run.status, `train_trl.py failed:\n${run.stderr.slice(-3000)}`).toBe(0);
      expect(run.stderr + run.stdout).toMatch(/train_runtime/);

      const batches = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as LoggedBatch);
      expect(batches).toHaveLength(2);
      let nonZero = 0;
      for (const b of batches) {
        // One playground step: B = 2 groups, each 2 experts x 3 completions, sub-grouped by expert.
        expect(b.groups).toHaveLength(2);
        for (const g of b.groups) {
          expect(g.rewards).toHaveLength(6);
          expect(new Set(g.subgroups)).toEqual(new Set([0, 1]));
        }
        const groups: AdvantageGroup[] = b.groups.map((g) => ({
          rewards: nan(g.rewards),
          components: Object.fromEntries(Object.entries(g.components).map(([k, v]) => [k, nan(v)])),
          weights: g.weights,
          answers: g.answers,
          subgroups: g.subgroups,
          pivot: g.pivot,
          meanLogp: g.mean_logp,
        }));
        const ts = computeAdvantages(groups, config.advantage);
        b.positions.forEach((idx, gi) => {
          idx.forEach((i, k) => {
            const want = ts.advantages[gi][k];
            // `used` went through the trainer's float32 tensor.
            expect(Math.abs(b.used[i] - want)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want)));
            expect(b.excluded[i]).toBe(ts.excluded[gi][k]);
            if (Math.abs(want) > 1e-9) nonZero++;
          });
        });
      }
      expect(nonZero).toBeGreaterThan(0);
    },
    20 * 60 * 1000,
  );

  it(
    'verl: parquet columns, reward.py against the verifiers, the registered estimator against computeAdvantages',
    () => {
      const config = parseConfig({
        task: 'countdown',
        prompts: 4,
        groupSize: 4,
        seed: 3,
        rewardWeights: { correct: 1, format: 0.1, uses_all: 0.2 },
        advantage: { baseline: 'rs-exp-utility', scale: 'mad' },
        data: { mcPivot: true },
      });
      const project = scaleProject(config, { steps: 3 });
      const vdir = join(dir, 'verl-check');
      for (const [name, text] of Object.entries(project.files)) {
        mkdirSync(dirname(join(vdir, name)), { recursive: true });
        writeFileSync(join(vdir, name), text);
      }
      const task = getTask(config.task);
      const rng = new Rng(99, 'verl-check');
      const rows = project.files['problems.jsonl']
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as ProblemRow);
      const cases = rows.flatMap((r) => {
        const p: Problem = { id: '', question: r.question, answer: r.answer, data: r.data };
        return task.experts
          .flatMap((e) => {
            const demo = task.demonstrate(p, e.id);
            return [demo, demo.replace(/[0-9]/, String(rng.int(0, 9))), demo.slice(0, -1), `${rng.int(1, 9)}.`];
          })
          .map((completion) => ({ problem: p, completion }));
      });
      const expected = cases.map((c) => {
        const comps = (task.score as (p: Problem, c: string, e?: string) => Record<string, number>)(
          c.problem,
          c.completion,
          task.experts[0].id,
        );
        return weightedReward(comps, config.rewardWeights);
      });
      // Reward groups of G+1 like the trainer's, for the estimator.
      const groups = Array.from({ length: 40 }, () =>
        Array.from({ length: config.groupSize + 1 }, () => rng.pick([0, 0.1, 0.3, 1, 1.1, 1.3])),
      );
      const script = `
import json, sys, os
sys.path.insert(0, "verl")
import reward
import pyarrow.parquet as pq
import torch
data = json.load(sys.stdin)
import subprocess
subprocess.run([sys.executable, "verl/make_parquet.py"], check=True)
t = pq.read_table("verl/train.parquet")
v = pq.read_table("verl/val.parquet")
row = t.slice(0, 1).to_pylist()[0]
scores = [reward.compute_score("grpo_playground/countdown", c["completion"], json.dumps(c["problem"]))["score"] for c in data["cases"]]
flat = [x for g in data["groups"] for x in g]
index = [str(i) for i, g in enumerate(data["groups"]) for _ in g]
tlr = torch.zeros(len(flat), 5, dtype=torch.float64)
tlr[:, -1] = torch.tensor(flat, dtype=torch.float64)
mask = torch.ones(len(flat), 5, dtype=torch.float64)
adv, ret = reward.playground_advantage(tlr, mask, index=index)
print(json.dumps({"columns": t.column_names, "rows": t.num_rows, "val_rows": v.num_rows, "row": row, "scores": scores, "adv": adv[:, 0].tolist(), "adv_last": adv[:, -1].tolist()}))
`;
      const r = spawnSync(PYTHON, ['-c', script], {
        cwd: vdir,
        encoding: 'utf8',
        input: JSON.stringify({
          cases: cases.map((c) => ({ completion: c.completion, problem: { answer: c.problem.answer, data: c.problem.data } })),
          groups,
        }),
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(r.status, r.stderr.slice(-3000)).toBe(0);
      const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
        columns: string[];
        rows: number;
        val_rows: number;
        row: Record<string, unknown>;
        scores: number[];
        adv: number[];
        adv_last: number[];
      };
      // verl's RLHFDataset reads these columns (data.prompt_key = prompt; reward_model.ground_truth; data_source picks the scorer).
      expect(out.columns).toEqual(['data_source', 'prompt', 'ability', 'reward_model', 'extra_info']);
      expect(out.rows).toBe(rows.length);
      expect(out.val_rows).toBe(config.evalSize);
      expect((out.row.prompt as Array<{ role: string }>).map((m) => m.role)).toEqual(['system', 'user']);
      expect(Object.keys(out.row.reward_model as object).sort()).toEqual(['ground_truth', 'style']);
      expect(cases.length).toBeGreaterThan(100);
      out.scores.forEach((s, i) => {
        expect(Math.abs(s - expected[i]), cases[i].completion).toBeLessThanOrEqual(1e-9);
      });
      expect(new Set(expected).size).toBeGreaterThan(2);
      const ts = computeAdvantages(
        groups.map((rewards) => ({ rewards, pivot: mcPivotIndex(rewards) })),
        config.advantage,
      ).advantages.flat();
      ts.forEach((a, i) => {
        expect(Math.abs(out.adv[i] - a)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a)));
        expect(out.adv_last[i]).toBe(out.adv[i]); // broadcast over the response tokens
      });
      expect(ts.some((a) => Math.abs(a) > 1e-6)).toBe(true);
    },
    10 * 60 * 1000,
  );
});
