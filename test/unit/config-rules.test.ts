// Validation beyond ranges (issue 8 items 4, 6, 7, 10): registry names, float32-safe numbers, the context budget
// and the rollouts-per-step limit. Each case was accepted by the old validateConfig and crashed or misbehaved later.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/engine/rng';
import { mergeConfig, validateConfig, type RunConfigInput } from '../../src/engine/config';
import { ROLLOUT_LIMITS, rolloutsPerStep } from '../../src/engine/config-rules';
import { CONTEXT_LENGTH } from '../../src/engine/policy/context';
import { TASK_LIST } from '../../src/engine/tasks';
import { PRESETS, presetConfig } from '../../src/engine/rl/presets';
import { LESSONS } from '../../src/share/lessons';

function errorsOf(input: RunConfigInput): string[] {
  return validateConfig(input).errors;
}

describe('registry names', () => {
  it('refuses a preset that is not in the registry (free text reached generated code)', () => {
    const errors = errorsOf({ preset: "grpo\nimport os;os.system('id')" });
    expect(errors.join()).toMatch(/preset: unknown preset .* \(known: .*grpo/);
  });

  it('accepts every preset, and every lesson config and variant', () => {
    for (const p of PRESETS) expect(errorsOf(presetConfig(p.name)), p.name).toEqual([]);
    for (const l of LESSONS) {
      expect(errorsOf(l.config), l.id).toEqual([]);
      for (const v of l.variants ?? []) expect(errorsOf(mergeConfig(l.config, v.patch)), `${l.id}/${v.name}`).toEqual([]);
    }
  });

  it('refuses a reward name that is not an identifier, an expert style the task lacks, and an unsafe expert id', () => {
    expect(errorsOf({ rewardWeights: { 'x); os.system("id")': 1 } }).join()).toMatch(/rewardWeights: reward names are lower-case/);
    expect(errorsOf({ experts: { list: [{ id: 'a', prefix: 'p:', enabled: true, style: 'steps' }] } }).join()).toMatch(
      /not a add expert style/,
    );
    expect(errorsOf({ experts: { list: [{ id: 'a"><img>', prefix: 'p:', enabled: true }] } }).join()).toMatch(
      /experts.list.0.id: use letters/,
    );
  });

  it('refuses an expert prefix outside the tokenizer alphabet, naming the characters', () => {
    const errors = errorsOf({ experts: { list: [{ id: 'shout', prefix: 'ABC!', enabled: true, style: 'plain' }] } });
    expect(errors.join()).toMatch(/prefix: expert "shout" uses characters the tokenizer lacks: "A" "B" "C" "!"/);
  });
});

describe('float32', () => {
  it('refuses values that are 0 in float32 (adamEpsilon 1e-50 made every weight NaN)', () => {
    expect(errorsOf({ adamEpsilon: 1e-50 }).join()).toMatch(/adamEpsilon: 1e-50 is 0 in float32/);
    expect(errorsOf({ lr: 1e-45 }).join()).toMatch(/lr: .* is 0 in float32/);
    expect(errorsOf({ advantage: { tau: 1e-39 } }).join()).toMatch(/advantage.tau/);
    expect(errorsOf({ adamEpsilon: 1e-30 })).toEqual([]);
    expect(errorsOf({ advantage: { epsilon: 0 } })).toEqual([]); // an exact 0 is a real setting
  });
});

describe('context budget', () => {
  it('refuses the countdown config that overflowed the context at step 2 (16-char prefix, steps style, SFT buffer)', () => {
    const cfg: RunConfigInput = {
      task: 'countdown',
      experts: {
        enabled: true,
        sftLambda: 0.5,
        list: [
          { id: 'long', prefix: 'abcdefghijklmnop', enabled: true, style: 'steps' },
          { id: 'expr', prefix: 'e:', enabled: true, style: 'expr' },
        ],
      },
    };
    const errors = errorsOf(cfg);
    expect(errors.join()).toMatch(new RegExp(`context: .* more than the model context of ${CONTEXT_LENGTH}`));
  });

  it('a hint counts: a long prefix that fits alone is refused once hints are on', () => {
    const list = [{ id: 'p', prefix: 'abcdefghijklmnop', enabled: true, style: 'scratch' }];
    const base: RunConfigInput = { task: 'add', difficulty: 4, experts: { list } };
    expect(errorsOf(base)).toEqual([]); // 16 + 10 + 18 = 44
    expect(errorsOf({ ...base, hintLevel: 1 }).join()).toMatch(/hint 6 \+ question 10 \+ completion 18/);
  });

  it("the tasks' stated bounds hold for generated problems (so the budget is a real bound)", () => {
    for (const task of TASK_LIST) {
      for (let d = task.difficulty.min; d <= task.difficulty.max; d++) {
        const rng = new Rng(5, `bounds/${task.id}/${d}`);
        for (let i = 0; i < 300; i++) {
          const p = task.sample(rng, d);
          expect(p.question.length, `${task.id} d=${d} ${p.question}`).toBeLessThanOrEqual(task.maxQuestionLength(d));
          for (let level = 1; level <= task.hintLevels; level++)
            expect(task.hint(p, level).length).toBeLessThanOrEqual(task.maxHintLength(d));
          for (const e of task.experts) expect(task.demonstrate(p, e.id).length).toBeLessThanOrEqual(task.maxCompletionLength(d));
        }
      }
    }
  });
});

describe('rollouts per step', () => {
  it('refuses 64 prompts x 64 rollouts (passed 4 GiB) and states the limit', () => {
    const errors = errorsOf({ prompts: 64, groupSize: 64 });
    expect(errors.join()).toMatch(
      new RegExp(`64 prompts x 64 rollouts each = 4096 rollouts in one batch; the limit is ${ROLLOUT_LIMITS.perBatch}`),
    );
  });

  it('counts experts per-expert, the MC pivot, dynamic-sampling batches and hints', () => {
    const cfg = validateConfig({ prompts: 4, groupSize: 8, data: { mcPivot: true, dynamicSampling: true, maxGenBatches: 3 } }).config!;
    expect(rolloutsPerStep(cfg)).toEqual({ perBatch: 4 * 9, perStep: 3 * 4 * 9 });
    const big = errorsOf({
      task: 'countdown',
      prompts: 8,
      groupSize: 8,
      experts: { enabled: true, allocation: 'per-expert' },
      data: { dynamicSampling: true, maxGenBatches: 20 },
    });
    expect(big.join()).toMatch(/the limit is 2048/);
  });
});
