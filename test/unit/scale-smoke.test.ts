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
import { computeAdvantages, type AdvantageGroup } from '../../src/engine/rl/advantages';
import { PINNED_REQUIREMENTS, scaleProject } from '../../src/share/scale/project';

const ROOT = resolve(__dirname, '../..');
const PYTHON = join(ROOT, '.venv-scale/bin/python');

interface LoggedBatch {
  groups: Array<{ rewards: Array<number | null>; components: Record<string, Array<number | null>>; weights: Record<string, number>; answers: string[]; subgroups?: number[]; pivot?: number; mean_logp?: number[] }>;
  positions: number[][];
  used: number[];
  excluded: boolean[];
}

const nan = (xs: Array<number | null>) => xs.map((x) => (x === null ? NaN : x));

describe('exported TRL project, 2 steps on CPU', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scale-smoke-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('test/scale/requirements.txt is the export\'s pinned list', () => {
    expect(readFileSync(join(ROOT, 'test/scale/requirements.txt'), 'utf8').trim().split('\n')).toEqual(PINNED_REQUIREMENTS);
  });

  it('trains 2 steps and its subclass used the playground\'s advantages', () => {
    const setup = spawnSync('bash', [join(ROOT, 'test/scale/ensure-venv.sh')], { encoding: 'utf8', stdio: ['ignore', 'inherit', 'inherit'] });
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
    const run = spawnSync(PYTHON, ['train_trl.py', '--tiny-random-model', '--max-steps', '2', '--advantage-log', log, '--output-dir', join(dir, 'out')], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1', TOKENIZERS_PARALLELISM: 'false', OMP_NUM_THREADS: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.status, `train_trl.py failed:\n${run.stderr.slice(-3000)}`).toBe(0);
    expect(run.stderr + run.stdout).toMatch(/train_runtime/);

    const batches = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as LoggedBatch);
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
      b.positions.forEach((idx, gi) =>
        idx.forEach((i, k) => {
          const want = ts.advantages[gi][k];
          // `used` went through the trainer's float32 tensor.
          expect(Math.abs(b.used[i] - want)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(want)));
          expect(b.excluded[i]).toBe(ts.excluded[gi][k]);
          if (Math.abs(want) > 1e-9) nonZero++;
        }),
      );
    }
    expect(nonZero).toBeGreaterThan(0);
  }, 20 * 60 * 1000);
});
