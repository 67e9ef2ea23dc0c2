// verl cannot be installed here, so the verl half of the export is checked against what can be checked: every key
// of verl/playground.yaml exists in verl's published config (a key list extracted from verl's
// _generated_ppo_trainer.yaml, test/fixtures/verl-ppo-trainer-keys.json) or is one of the few documented extras
// below, for every preset and task; the estimator is registered exactly when the run's knobs allow it; and every
// exported Python file parses. (reward.py against the verifiers, the parquet columns and the registered estimator
// run in scale-smoke.test.ts, which has the Python environment.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseConfig } from '../../src/engine/config';
import { PRESETS, presetConfig } from '../../src/engine/rl/presets';
import { TASK_LIST } from '../../src/engine/tasks';
import { scaleProject } from '../../src/share/scale/project';
import { runPython } from '../helpers/python';

const VERL_KEYS = new Set<string>(
  (JSON.parse(readFileSync(new URL('../fixtures/verl-ppo-trainer-keys.json', import.meta.url), 'utf8')) as { keys: string[] }).keys,
);
// Keys outside the generated file that verl reads: AlgoConfig.filter_groups (verl/trainer/config/algorithm.py
// FilterGroupsConfig: enable, metric, max_num_gen_batches), the DAPO recipe's data.gen_batch_size (docs/algo/dapo.md),
// and reward_model.reward_kwargs, passed to the reward manager's __init__ (main_ppo.py; DAPORewardManager takes
// max_resp_len and overlong_buffer_cfg with enable, len, penalty_factor, log).
const EXTRA = new Set([
  'algorithm.filter_groups',
  'algorithm.filter_groups.enable',
  'algorithm.filter_groups.metric',
  'algorithm.filter_groups.max_num_gen_batches',
  'data.gen_batch_size',
  'reward_model.reward_kwargs',
  'reward_model.reward_kwargs.max_resp_len',
  'reward_model.reward_kwargs.overlong_buffer_cfg',
  'reward_model.reward_kwargs.overlong_buffer_cfg.enable',
  'reward_model.reward_kwargs.overlong_buffer_cfg.len',
  'reward_model.reward_kwargs.overlong_buffer_cfg.penalty_factor',
  'reward_model.reward_kwargs.overlong_buffer_cfg.log',
  'hydra',
  'hydra.searchpath',
  'defaults',
]);

function keyPaths(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => [
    prefix + k,
    ...(k === 'hydra' ? [] : keyPaths(v, `${prefix}${k}.`)),
  ]);
}

const projects = PRESETS.flatMap((p) =>
  TASK_LIST.map((t) => ({
    name: `${p.name}/${t.id}`,
    project: scaleProject(parseConfig(presetConfig(p.name, { task: t.id })), { steps: 1 }),
  })),
);

describe('verl export', () => {
  it("every YAML key is in verl's published config (or a documented extra), for every preset and task", () => {
    const unknown = new Set<string>();
    for (const { project } of projects) {
      for (const k of keyPaths(parseYaml(project.files['verl/playground.yaml']))) if (!VERL_KEYS.has(k) && !EXTRA.has(k)) unknown.add(k);
    }
    expect([...unknown]).toEqual([]);
    expect(VERL_KEYS.size).toBeGreaterThan(500);
  });

  it('registers the playground estimator exactly when verl can express the advantage, and says so at the top', () => {
    for (const { name, project } of projects) {
      const yaml = parseYaml(project.files['verl/playground.yaml']) as { algorithm: { adv_estimator: string } };
      const cfg = JSON.parse(project.files['playground_run.json']);
      const expressible = !cfg.advantage.gdpo && cfg.advantage.unlikelinessBeta === 0 && cfg.advantage.seedAlpha === 0;
      expect(yaml.algorithm.adv_estimator === 'playground', name).toBe(expressible);
      expect(project.files['verl/reward.py']).toContain(`"register_advantage": ${expressible ? 'True' : 'False'}`);
      if (!expressible) expect(project.files['verl/playground.yaml'], name).toMatch(/^# {2}- advantage: /m);
    }
  });

  it('dynamic sampling is said to need the DAPO recipe trainer, not main_ppo', () => {
    const dapo = projects.find((p) => p.name === 'dapo/add')!.project;
    expect(dapo.files['verl/playground.yaml']).toMatch(/# {2}- DAPO dynamic sampling: .*DAPO recipe/);
  });

  it('every exported Python file parses, for every preset and task', () => {
    const files = projects.flatMap(({ name, project }) =>
      Object.entries(project.files)
        .filter(([k]) => k.endsWith('.py'))
        .map(([k, v]) => ({ name: `${name}:${k}`, text: v })),
    );
    const errors = runPython<string[]>(
      `
import ast, json, sys
errs = []
for f in json.load(sys.stdin):
    try:
        ast.parse(f["text"])
    except SyntaxError as e:
        errs.append(f["name"] + ": " + str(e))
print(json.dumps(errs))
`,
      files,
    );
    expect(errors).toEqual([]);
    expect(files.length).toBe(projects.length * 5);
  });
});
