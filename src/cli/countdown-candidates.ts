// npx tsx src/cli/countdown-candidates.ts --seed 1 --lr 2e-3 --expr-weight 0.1 [--from 70 --to 160 --every 10 --k 4 --out DIR]
// Issue 9: trying countdown/tiny base policies without touching public/checkpoints. Pretrains as the countdown plan
// does (batch 64, same data and init streams) and, per snapshot, measures on the manifest's 200 problems each expert's
// greedy solved count and, where the greedy bar holds (direct < 10%, another expert >= 3x in solved counts),
// each expert's SAMPLED accuracy at the lesson's temperature 0.7 (k seeded samples per problem); such snapshots are
// written to --out. Greedy alone misled: the first shipped policy's plan expert was 3x greedily, 1.9x sampled.
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../engine/backend';
import { Rng } from '../engine/rng';
import { getTask } from '../engine/tasks';
import { TransformerPolicy } from '../engine/policy/model';
import { Adam } from '../engine/policy/adam';
import { sftBatch, sftStep } from '../engine/policy/sft';
import { encodeCheckpoint } from '../engine/policy/checkpoint';
import { evaluatePolicy, heldOutProblems } from '../engine/rl/evaluate';
import { sampleCompletions } from '../engine/policy/sampling';
import { decode, encode } from '../engine/policy/tokenizer';
import { writeCheckpointFile } from './checkpoint-files';
import { fail, intFlag, runMain } from './args';

const LESSON_TEMPERATURE = 0.7;
/** MANIFEST_EVAL_PROBLEMS of pretrain.ts (importing that module would run its CLI). */
const MANIFEST_PROBLEMS = 200;

function numberFlag(name: string, raw: string, min: number, max: number): number {
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) fail(`--${name} must be a number in [${min}, ${max}] (got "${raw}")`);
  return v;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      lr: { type: 'string', default: '2e-3' },
      'expr-weight': { type: 'string', default: '0.3' },
      from: { type: 'string', default: '70' },
      to: { type: 'string', default: '160' },
      every: { type: 'string', default: '10' },
      k: { type: 'string', default: '4' },
      out: { type: 'string', default: 'scratch/countdown-candidates' },
    },
    strict: true,
  });
  const seed = intFlag('seed', values.seed, 0, 2 ** 31 - 1)!;
  const lr = numberFlag('lr', values.lr!, 1e-6, 1);
  const wExpr = numberFlag('expr-weight', values['expr-weight']!, 0, 1);
  const [from, to, every, k] = (['from', 'to', 'every', 'k'] as const).map((n) => intFlag(n, values[n], n === 'k' ? 0 : 1, 100000)!);
  if (from > to) fail(`--from ${from} is after --to ${to}`);
  mkdirSync(values.out!, { recursive: true });
  await initBackend('wasm');
  const task = getTask('countdown');
  const difficulty = task.difficulty.default;
  const policy = TransformerPolicy.random('tiny', new Rng(seed, `pretrain/${task.id}/init`));
  const adam = new Adam({ lr, epsilon: 1e-8, clipNorm: 1 });
  const dataRng = new Rng(seed, `pretrain/${task.id}/data`);
  const n = MANIFEST_PROBLEMS;
  const probe = heldOutProblems(task, difficulty, n);
  const maxNewTokens = task.maxCompletionLength(difficulty);
  const tag = `s${seed}-lr${lr}-w${wExpr}`;
  for (let step = 1; step <= to; step++) {
    const batch = sftBatch(task, dataRng, 64, { difficulty, hintProb: 0.3, easierProb: 0.2, expertWeights: { expr: wExpr } });
    await sftStep(policy, adam, batch);
    if (step < from || (step - from) % every !== 0) continue;
    const greedy: Record<string, number> = {};
    for (const e of task.experts) {
      const r = await evaluatePolicy(policy, task, {
        problems: probe,
        expert: { ...e, taskExpertId: e.id },
        maxNewTokens,
        earlyStopEvery: 4,
      });
      greedy[e.id] = Math.round(r.pass1 * n);
    }
    const [first, ...others] = task.experts.map((e) => greedy[e.id]);
    const bar = first < 0.1 * n && Math.max(...others) >= 3 * Math.max(first, 1);
    const sampled: Record<string, number> = {};
    if (bar && k > 0) {
      for (const e of task.experts) {
        const prompts = probe.flatMap((p) => Array.from({ length: k }, () => encode(e.prefix + p.question)));
        // The stream name the measured figures (docs/experts-evidence.md) were drawn with.
        const rng = new Rng(1, `experts2/sampled/${e.id}`);
        const s = await sampleCompletions(policy, prompts, {
          maxNewTokens,
          temperature: LESSON_TEMPERATURE,
          greedy: false,
          rng,
          earlyStopEvery: 4,
        });
        let right = 0;
        probe.forEach((p, i) => {
          for (let j = 0; j < k; j++) if (task.score(p, decode(s.completions[i * k + j])).correct >= 1) right++;
        });
        sampled[e.id] = Math.round((right / (n * k)) * 1e4) / 1e4;
      }
      const note = `SFT ${step} steps, seed ${seed}, lr ${lr}, expertWeights expr ${wExpr}`;
      writeCheckpointFile(
        join(values.out!, `${tag}-step${step}.json`),
        encodeCheckpoint(policy.spec, await policy.readValues(), { task: task.id, difficulty, note }),
      );
    }
    console.log(JSON.stringify({ tag, step, greedySolved: greedy, bar, sampledAccuracy: sampled }));
  }
  policy.dispose();
  adam.dispose();
}

runMain(main);
