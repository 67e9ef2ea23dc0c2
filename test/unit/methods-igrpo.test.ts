// iGRPO (arXiv:2602.09000; no public code): the best-draft choice, the draft as hint text, and a short preset run
// in which the trained rollouts carry a draft while evaluation prompts do not.
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasm } from '../helpers/tf';
import { shippedWeights } from '../helpers/checkpoints';
import { bestDraftIndex, draftHint } from '../../src/engine/rl/igrpo';
import { parseConfig } from '../../src/engine/config';
import { presetConfig } from '../../src/engine/rl/presets';
import { Trainer } from '../../src/engine/rl/trainer';
import { getTask } from '../../src/engine/tasks';
import { methodCharts } from '../../src/ui/charts/methodCharts';
import { Rng } from '../../src/engine/rng';
import type { Rollout } from '../../src/engine/rl/rollouts';

beforeAll(async () => {
  await useWasm();
});

describe('iGRPO draft stage (formulas as read; UNVERIFIED details in docs/algorithms/igrpo.md)', () => {
  it('the best draft is the highest reward, the first on ties, never NaN while a finite one exists', () => {
    expect(bestDraftIndex([0.1, 1.1, 0.5, 1.1])).toBe(1);
    expect(bestDraftIndex([NaN, 0, NaN])).toBe(1);
    expect(bestDraftIndex([0, 0, 0])).toBe(0);
  });

  it('a draft is shown as the fullest hint of its own answer; one without an answer shows nothing', () => {
    const task = getTask('add');
    const problem = task.sample(new Rng(2, 'igrpo'), task.difficulty.default);
    const draft = (text: string) => ({ problem, completionText: text }) as unknown as Rollout;
    // No terminator: no answer to show. Otherwise the answer is shown (right or wrong), the work before it is not.
    expect(draftHint(task, draft('1,2|977'))).toBe('');
    const terminated = task.demonstrate(problem, task.experts[0].id);
    expect(draftHint(task, draft(terminated))).toBe(task.hint(problem, task.hintLevels));
    const wrong = terminated.replace(problem.answer, '999');
    expect(draftHint(task, draft(wrong))).toBe(task.hint({ ...problem, answer: '999' }, task.hintLevels));
  });

  it('the igrpo preset trains refinements that carry a draft, logs the draft metrics and shows its chart', async () => {
    const cfg = presetConfig('igrpo', { task: 'add', prompts: 2, groupSize: 4, evalEvery: 0 });
    const t = new Trainer({ config: cfg, initialWeights: shippedWeights('add'), earlyStopEvery: 4 });
    const r = await t.trainStep();
    t.dispose();
    expect(r.metrics['igrpo/best_draft_correct']).toBeGreaterThanOrEqual(0);
    expect(r.metrics['igrpo/best_draft_correct']).toBeLessThanOrEqual(1);
    // The shipped add policy gets some drafts right, so some trained prompts carry a non-empty draft hint.
    expect(r.groups.some((g) => g.rollouts.some((x) => x.hint.endsWith(';')))).toBe(true);
    expect(methodCharts(parseConfig(cfg)).map((c) => c.id)).toEqual(['igrpo']);
  });
});
