// npm run base-policies (not "pretrain": npm would run that before every `npm run train`): supervised warm start of one base policy per task on demonstrations of every expert style
// (MEML-GRPO's multi-expert fine-tuning). Training stops as soon as the default expert's greedy pass@1 enters the
// target band, so the base policy leaves room for RL. Writes public/checkpoints/<task>-<size>.json and the manifest.
import { parseArgs } from 'node:util';
import { statSync } from 'node:fs';
import { initBackend } from '../engine/backend';
import { Rng } from '../engine/rng';
import { getTask, TASK_LIST } from '../engine/tasks';
import type { Task } from '../engine/tasks/types';
import { TransformerPolicy, type ModelSize } from '../engine/policy/model';
import { Adam } from '../engine/policy/adam';
import { sftBatch, sftStep } from '../engine/policy/sft';
import { encodeCheckpoint } from '../engine/policy/checkpoint';
import { evaluatePolicy, heldOutProblems, measureBasePolicy } from '../engine/rl/evaluate';
import type { CheckpointEntry, SpotCheck } from '../engine/policy/manifest';
import { MODEL_SIZES, TASK_IDS } from '../engine/config';
import { checkpointPath, loadShippedCheckpoint, readManifest, writeCheckpointFile, writeManifest } from './checkpoint-files';
import { choiceFlag, intFlag, joinNegativeValues, runMain, fail } from './args';
import { planForSize } from './pretrain-sizes';

/** Stop SFT once the default expert's greedy pass@1 reaches this (per task). The sparse task gets a fixed budget. */
export interface PretrainPlan {
  /** Stop once the default expert's greedy pass@1 on the probe set reaches this. */
  stopAt: number;
  /** Acceptable greedy pass@1 range; a snapshot that jumps past the top falls back to the previous one. */
  band: [number, number];
  maxSteps: number;
  lr: number;
  /** Evaluate every 5 steps once greedy pass@1 reaches this (default: 2%, or half of stopAt if lower). */
  lookCloserFrom?: number;
  /** Share of each expert's demonstrations; a rarely shown default expert stays weak while the model gets sharp. */
  expertWeights?: Record<string, number>;
  /** Evaluate this often from the start (tasks whose accuracy moves fast). */
  evalEvery?: number;
  /** First evaluation at this step (the budget's early snapshots are known to be too weak to keep). */
  evalFrom?: number;
  /** Train on demonstrations up to this difficulty instead of the task's default (evaluation stays at the default). */
  trainDifficulty?: number;
  /**
   * The sparse task: instead of stopping at a level, train the whole budget and keep the snapshot where the best
   * other expert is furthest ahead of the default one (default inside the band): heterogeneous experts.
   */
  contrast?: boolean;
  /** Contrast mode: how many times the default expert's pass@1 the best other expert should reach (default 3). */
  contrastRatio?: number;
}

export const PRETRAIN_PLAN: Record<string, PretrainPlan> = {
  add: { stopAt: 0.3, band: [0.15, 0.5], maxSteps: 3000, lr: 3e-3, evalEvery: 50 },
  reverse: { stopAt: 0.3, band: [0.15, 0.5], maxSteps: 3000, lr: 1e-3, expertWeights: { plain: 0.15 } },
  sort: { stopAt: 0.3, band: [0.15, 0.5], maxSteps: 3000, lr: 1e-3, expertWeights: { plain: 0.15 } },
  // The sparse task: the direct expert rarely finds the expression at 4 numbers, the running-total expert does
  // several times more often. The direct expert's demonstrations are rarer, as MEML's experts differ in skill.
  // expr 0.1 (was 0.3) was chosen after seeing results (issue 9, docs/experts-evidence.md "session 4b"): at 0.3 the
  // plan expert was 3x the direct one greedily but only 1.9x when sampled at 0.7; at 0.1 (step 140) 5.7x and 3.7x.
  countdown: {
    stopAt: 1,
    band: [0.005, 0.1],
    maxSteps: 140,
    lr: 2e-3,
    evalEvery: 10,
    evalFrom: 70,
    expertWeights: { expr: 0.1 },
    contrast: true,
  },
};

export const MANIFEST_EVAL_PROBLEMS = 200;
/** Problems of the spot check the unit test repeats exactly (the first of the manifest's held-out problems). */
export const SPOT_CHECK_PROBLEMS = 40;

async function spotCheck(policy: TransformerPolicy, task: Task, difficulty: number): Promise<SpotCheck> {
  return { problems: SPOT_CHECK_PROBLEMS, ...(await measureBasePolicy(policy, task, difficulty, SPOT_CHECK_PROBLEMS)) };
}

/** Continue from the shipped policy for a fixed number of steps (after a style change the old policy is a warm start). */
export interface ContinueFrom {
  steps: number;
}

async function pretrainTask(
  task: Task,
  size: ModelSize,
  seed: number,
  batchSize: number,
  evalEvery: number,
  from?: ContinueFrom,
): Promise<CheckpointEntry> {
  const shippedPlan = planForSize(PRETRAIN_PLAN[task.id], task.id, size);
  const plan: PretrainPlan = from
    ? { ...shippedPlan, stopAt: 1, maxSteps: from.steps, evalEvery: from.steps, contrast: false }
    : shippedPlan;
  const difficulty = task.difficulty.default;
  const previousSteps = from ? (readManifest().checkpoints.find((c) => c.task === task.id && c.size === size)?.sftSteps ?? 0) : 0;
  const policy = from
    ? new TransformerPolicy(loadShippedCheckpoint(task.id, size).spec, loadShippedCheckpoint(task.id, size).values)
    : TransformerPolicy.random(size, new Rng(seed, `pretrain/${task.id}/init`));
  const adam = new Adam({ lr: plan.lr, epsilon: 1e-8, clipNorm: 1 });
  const dataRng = new Rng(seed, `pretrain/${task.id}/data`);
  // Contrast mode picks a snapshot by a ratio of small pass rates: it judges them on the manifest's own problems.
  const probe = heldOutProblems(task, difficulty, plan.contrast ? MANIFEST_EVAL_PROBLEMS : 128);
  const first = task.experts[0];
  const maxNew = task.maxCompletionLength(difficulty);
  let steps = 0;
  const t0 = Date.now();
  // Keep the last snapshot below the stop level: if one SFT burst jumps past the band's top, fall back to it.
  let previous: { values: Map<string, Float32Array>; pass1: number; steps: number } | null = null;
  let best: { values: Map<string, Float32Array>; others: number; ratioMet: boolean; steps: number } | null = null;
  if (plan.evalEvery) evalEvery = plan.evalEvery;
  let nextEval = plan.evalFrom ?? evalEvery;
  while (steps < plan.maxSteps) {
    const loss = await sftStep(
      policy,
      adam,
      sftBatch(task, dataRng, batchSize, {
        difficulty: plan.trainDifficulty ?? difficulty,
        hintProb: 0.3,
        easierProb: plan.trainDifficulty ? 0.3 : 0.2,
        expertWeights: plan.expertWeights,
      }),
    );
    steps++;
    if (steps < nextEval) continue;
    if (plan.contrast) {
      nextEval = steps + evalEvery;
      const per: Record<string, number> = {};
      for (const e of task.experts) {
        per[e.id] = (
          await evaluatePolicy(policy, task, {
            problems: probe,
            expert: { ...e, taskExpertId: e.id },
            maxNewTokens: maxNew,
            earlyStopEvery: 4,
          })
        ).pass1;
      }
      const others = Math.max(...task.experts.slice(1).map((e) => per[e.id]));
      const inBand = per[first.id] >= plan.band[0] && per[first.id] <= plan.band[1];
      process.stdout.write(
        `  ${task.id} step ${steps} loss ${loss.toFixed(3)} pass@1 ${JSON.stringify(per)} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`,
      );
      // Prefer snapshots where the best other expert is at least `contrastRatio` times the default one (issue 9's
      // bar); among those (or, if none yet, among all in-band ones) the strongest other expert.
      // Compared in solved-problem counts (21 of 200 against 7 of 200 is 3x; in floating point 0.105 < 3 * 0.035).
      const count = (p: number) => Math.round(p * probe.length);
      const ratioMet = count(others) >= (plan.contrastRatio ?? 3) * Math.max(count(per[first.id]), 1);
      const better = !best || (ratioMet && !best.ratioMet) || (ratioMet === best.ratioMet && others > best.others);
      if (inBand && better) best = { values: await policy.readValues(), others, ratioMet, steps };
      if (steps >= plan.maxSteps && best) {
        process.stdout.write(
          `  keeping step ${best.steps} (best other expert ${(best.others * 100).toFixed(1)}%${best.ratioMet ? ', ratio met' : ', ratio NOT met'})\n`,
        );
        policy.assign(best.values);
        steps = best.steps;
        break; // without this the loop trained on from the kept step (the shipped countdown policy is that: see the manifest note)
      }
      continue;
    }
    const r = await evaluatePolicy(policy, task, {
      problems: probe,
      expert: { ...first, taskExpertId: first.id },
      maxNewTokens: maxNew,
      earlyStopEvery: 4,
    });
    process.stdout.write(
      `  ${task.id} step ${steps} loss ${loss.toFixed(3)} pass@1 ${(r.pass1 * 100).toFixed(1)}% (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`,
    );
    if (r.pass1 >= plan.stopAt) {
      if (r.pass1 > plan.band[1] && previous && previous.pass1 >= plan.band[0]) {
        process.stdout.write(
          `  overshot to ${(r.pass1 * 100).toFixed(1)}%: keeping step ${previous.steps} (${(previous.pass1 * 100).toFixed(1)}%)\n`,
        );
        policy.assign(previous.values);
        steps = previous.steps;
      }
      break;
    }
    previous = { values: await policy.readValues(), pass1: r.pass1, steps };
    // Close to the target, look more often: accuracy can jump within a few dozen steps.
    nextEval = steps + (plan.stopAt < 1 && r.pass1 >= (plan.lookCloserFrom ?? Math.min(0.02, plan.stopAt / 2)) ? 5 : evalEvery);
  }
  const figures = await measureBasePolicy(policy, task, difficulty, MANIFEST_EVAL_PROBLEMS);
  const check = await spotCheck(policy, task, difficulty);
  if (figures.pass1 < plan.band[0] || figures.pass1 > plan.band[1]) {
    process.stderr.write(
      `warning: ${task.id} pass@1 ${(figures.pass1 * 100).toFixed(1)}% is outside the planned band ${plan.band.map((b) => `${b * 100}%`).join('-')}\n`,
    );
  }
  const path = checkpointPath(task.id, size);
  const values = await policy.readValues();
  const note = from
    ? `SFT ${previousSteps} + ${steps} steps (continued after a style change), seed ${seed}`
    : `SFT ${steps} steps, seed ${seed}`;
  writeCheckpointFile(path, encodeCheckpoint(policy.spec, values, { task: task.id, difficulty, note }));
  policy.dispose();
  adam.dispose();
  return {
    task: task.id,
    size,
    file: `${task.id}-${size}.json`,
    difficulty,
    evalProblems: MANIFEST_EVAL_PROBLEMS,
    ...figures,
    spotCheck: check,
    sftSteps: previousSteps + steps,
    backend: 'wasm',
    seed,
    bytes: statSync(path).size,
  };
}

/** The shipped checkpoint's figures measured again; training facts (steps, seed) are kept from its entry. */
async function remeasure(task: Task, size: ModelSize): Promise<CheckpointEntry> {
  const old = readManifest().checkpoints.find((c) => c.task === task.id && c.size === size);
  if (!old) fail(`no manifest entry for ${task.id}/${size} to re-measure`);
  const ck = loadShippedCheckpoint(task.id, size);
  const policy = new TransformerPolicy(ck.spec, ck.values);
  const figures = await measureBasePolicy(policy, task, old.difficulty, MANIFEST_EVAL_PROBLEMS);
  const check = await spotCheck(policy, task, old.difficulty);
  policy.dispose();
  return { ...old, evalProblems: MANIFEST_EVAL_PROBLEMS, ...figures, spotCheck: check };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: joinNegativeValues(process.argv.slice(2)),
    options: {
      task: { type: 'string' },
      size: { type: 'string', default: 'tiny' },
      seed: { type: 'string', default: '1' },
      batch: { type: 'string', default: '64' },
      'eval-every': { type: 'string', default: '25' },
      // Re-measure the shipped checkpoint's manifest entry without training (after a verifier or style change).
      'measure-only': { type: 'boolean', default: false },
      // Continue from the shipped policy for this many steps instead of training from scratch.
      continue: { type: 'string' },
    },
    strict: true,
  });
  const tasks = values.task ? [choiceFlag('task', values.task, TASK_IDS)!] : TASK_LIST.map((t) => t.id);
  const size = choiceFlag('size', values.size, MODEL_SIZES)!;
  const seed = intFlag('seed', values.seed, 0, 2 ** 31 - 1)!;
  const batch = intFlag('batch', values.batch, 1, 1024)!;
  const evalEvery = intFlag('eval-every', values['eval-every'], 1, 10000)!;
  const info = await initBackend('wasm');
  if (info.backend !== 'wasm') fail(`pretrain needs the wasm backend (got ${info.backend})`);
  for (const id of tasks) {
    console.log(`${values['measure-only'] ? 'measuring' : 'pretraining'} ${id} (${size})`);
    const entry = values['measure-only']
      ? await remeasure(getTask(id), size)
      : await pretrainTask(
          getTask(id),
          size,
          seed,
          batch,
          evalEvery,
          values.continue ? { steps: intFlag('continue', values.continue, 1, 100000)! } : undefined,
        );
    // Read the manifest just before writing: another task's run may have written it meanwhile.
    const manifest = readManifest();
    console.log(
      `  -> pass@1 ${(entry.pass1 * 100).toFixed(1)}%  pass@8 ${(entry.pass8 * 100).toFixed(1)}%  experts ${JSON.stringify(entry.perExpertPass1)}  ${entry.bytes} bytes`,
    );
    manifest.checkpoints = manifest.checkpoints.filter((c) => !(c.task === entry.task && c.size === entry.size));
    manifest.checkpoints.push(entry);
    manifest.checkpoints.sort((a, b) => a.task.localeCompare(b.task) || a.size.localeCompare(b.size));
    writeManifest(manifest);
  }
}

runMain(main);
