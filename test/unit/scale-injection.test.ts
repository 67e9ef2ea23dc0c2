// Issue 8 item 4: no free string can become code in an export. For generated hostile strings in every free field
// (preset, expert ids and prefixes, reward-weight names), every generated Python file parses (Python's own ast) to
// the same top-level statements as the export of a clean config of the same shape, string constants aside, and
// every YAML file has the same keys (YAML 1.2 here, PyYAML's 1.1 in Python where it is installed).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseConfig, type RunConfig } from '../../src/engine/config';
import { getTask } from '../../src/engine/tasks';
import { scaleProject, scaleProjectFor } from '../../src/share/scale/project';
import { trlConfigSnippet } from '../../src/share/trl-config';
import { verlConfigYaml } from '../../src/share/verl-config';
import { runPython } from '../helpers/python';

const NASTY = [
  "\nimport os;os.system('id')",
  "x\r__import__('os').system('id')",
  'a\u2028b\u2029c\u0085d\u000be\u000cf',
  '"""; import os; """',
  "'''",
  '\\',
  '\\"',
  '"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an OmegaConf interpolation, on purpose
  '${oc.env:HOME}',
  '# -*- coding: utf-7 -*-',
  '+AAo-import os',
  '\u0000',
  '\ud800',
  '\u202eevil',
  ': - [ ] { } & * ! | > % @ `',
  '\n---\nkey: value',
  '\n  injected: true',
  '#',
  ' ',
];

const free = (max: number, min = 0) =>
  fc.oneof(
    fc.constantFrom(...NASTY.filter((s) => s.length <= max && s.length >= min)),
    fc.string({ unit: 'binary', minLength: min, maxLength: max }),
    fc.string({ unit: fc.constantFrom(...'\n\r"\'\\#{}$:%-|>'.split(''), 'a', '\u2028'), minLength: min, maxLength: max }),
  );

const hostile = fc.record({
  preset: free(40),
  experts: fc.array(fc.record({ id: free(24, 1), prefix: free(16) }), { minLength: 1, maxLength: 4 }),
  // Distinct names that are not the task's own (a duplicate key would merge in the config, not in the clean twin).
  extraRewards: fc.uniqueArray(free(20, 1), { maxLength: 3 }).filter((a) => !a.some((k) => ['correct', 'format', 'uses_all'].includes(k))),
  task: fc.constantFrom('add', 'countdown'),
  expertsOn: fc.boolean(),
});

type Shape = typeof hostile extends fc.Arbitrary<infer T> ? T : never;

/**
 * A valid config of the shape, then the free fields set directly on it (bypassing config validation, which may
 * refuse some of these strings at entry): the generators must be safe whatever reaches them.
 */
function configOf(s: Shape, clean: boolean): RunConfig {
  const name = (x: string, i: number, tag: string) => (clean ? `${tag}${i}` : x);
  const styles = getTask(s.task).experts.map((e) => e.id);
  const config = parseConfig({ task: s.task, experts: { enabled: s.expertsOn } });
  config.preset = clean ? 'clean' : s.preset;
  config.rewardWeights = { correct: 1, format: 0.1 };
  s.extraRewards.forEach((k, i) => {
    config.rewardWeights[name(k, i, 'r')] = 0.5;
  });
  config.experts.list = s.experts.map((e, i) => ({
    id: name(e.id, i, 'e'),
    prefix: clean ? 'p:' : e.prefix,
    enabled: true,
    style: styles[i % 3],
  }));
  return config;
}

const SIGNATURES = `
import ast, json, sys
try:
    import yaml
except ImportError:
    yaml = None

class Blank(ast.NodeTransformer):
    def visit_Constant(self, node):
        return ast.Constant(value="" if isinstance(node.value, str) else node.value)

def keys(node, prefix=""):
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            out.append(prefix + str(k))
            out.extend(keys(v, prefix + str(k) + "."))
    return sorted(out)

out = []
for item in json.load(sys.stdin):
    res = {}
    for name, text in item.items():
        if name.endswith(".py"):
            tree = ast.parse(text)
            res[name] = {
                "statements": [type(n).__name__ + ":" + ",".join(sorted({t.id for t in ast.walk(n) if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store)} if not isinstance(n, (ast.FunctionDef, ast.ClassDef)) else {n.name})) for n in tree.body],
                "dump": ast.dump(Blank().visit(tree)),
            }
        elif name.endswith(".yaml") and yaml is not None:
            res[name] = {"keys": keys(yaml.safe_load(text))}
    out.append(res)
print(json.dumps(out))
`;

function filesOf(config: RunConfig): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(scaleProjectFor(config, { steps: 1 }).files)) if (/\.(py|yaml)$/.test(k)) files[k] = v;
  files['snippet_trl.py'] = trlConfigSnippet(config);
  files['snippet_verl.yaml'] = verlConfigYaml(config);
  return files;
}

function yamlKeys(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
  return Object.entries(node as Record<string, unknown>)
    .flatMap(([k, v]) => [prefix + k, ...yamlKeys(v, `${prefix}${k}.`)])
    .sort();
}

describe('hostile strings in every free field never become code', () => {
  const shapes = fc.sample(hostile, { numRuns: 40, seed: 20261130 });
  const pairs = shapes.map((s) => ({ bad: filesOf(configOf(s, false)), clean: filesOf(configOf(s, true)) }));
  const sigs = runPython<Array<Record<string, { statements?: string[]; dump?: string; keys?: string[] }>>>(
    SIGNATURES,
    pairs.flatMap((p) => [p.bad, p.clean]),
  );

  it("every Python file parses to the clean template's statements, string constants aside", () => {
    let files = 0;
    pairs.forEach((p, i) => {
      const bad = sigs[2 * i];
      const clean = sigs[2 * i + 1];
      for (const name of Object.keys(p.bad).filter((n) => n.endsWith('.py'))) {
        expect(bad[name].statements, `${name} of case ${i}`).toEqual(clean[name].statements);
        if (bad[name].dump !== clean[name].dump) {
          const a = bad[name].dump!;
          const b = clean[name].dump!;
          let k = 0;
          while (a[k] === b[k]) k++;
          throw new Error(
            `${name} of case ${i} differs at ${k}: ${a.slice(k - 200, k + 100)} VS ${b.slice(k - 200, k + 100)} ${JSON.stringify(shapes[i])}`,
          );
        }
        files++;
      }
    });
    expect(files).toBeGreaterThanOrEqual(40 * 6);
  });

  it("every YAML file has the clean template's keys", () => {
    pairs.forEach((p, i) => {
      for (const name of Object.keys(p.bad).filter((n) => n.endsWith('.yaml'))) {
        expect(yamlKeys(parseYaml(p.bad[name])), `${name} of case ${i}`).toEqual(yamlKeys(parseYaml(p.clean[name])));
        if (sigs[2 * i][name]) expect(sigs[2 * i][name].keys, `${name} of case ${i} (PyYAML)`).toEqual(sigs[2 * i + 1][name].keys);
      }
    });
  });

  it('the escaped strings read back as the hostile originals (nothing lost or altered)', () => {
    const s = {
      preset: NASTY[0],
      experts: [{ id: NASTY[2], prefix: '\ud800' }],
      extraRewards: [NASTY[8]],
      task: 'add' as const,
      expertsOn: true,
    };
    const files = filesOf(configOf(s, false));
    const got = runPython<{ preset: string; reward_keys: string[]; id: string }>(
      `
import json, sys, types
src = json.load(sys.stdin)
head = src.split("TRL_KWARGS")[0]
ns = {}
exec(compile(head, "train_trl.py", "exec"), ns)
print(json.dumps({"preset": ns["RUN"]["preset"], "reward_keys": list(ns["RUN"]["reward_weights"]), "id": ns["RUN"]["experts"][0]["id"]}))
`,
      files['train_trl.py'],
    );
    expect(got).toEqual({ preset: NASTY[0], reward_keys: ['correct', 'format', NASTY[8]], id: NASTY[2] });
  });

  it('the issue 8 example (a newline and "import os" in the preset, from a link) stays a comment', () => {
    const config = { ...parseConfig({}), preset: "x\nimport os;os.system('id')#" };
    const snippet = trlConfigSnippet(config);
    const stmts = runPython<string[]>(
      'import ast, json, sys\nprint(json.dumps([type(n).__name__ for n in ast.parse(json.load(sys.stdin)).body]))',
      snippet,
    );
    expect(stmts).toEqual(['ImportFrom', 'Assign']);
    expect(snippet).not.toMatch(/^import os/m);
    const yaml = verlConfigYaml(config);
    expect(yamlKeys(parseYaml(yaml))).toEqual(yamlKeys(parseYaml(verlConfigYaml(parseConfig({})))));
    expect(
      yaml
        .split('\n')
        .filter((l) => /import os/.test(l))
        .every((l) => l.startsWith('#')),
    ).toBe(true);
  });

  it("an expert style that is not the task's gets a clear message, not code", () => {
    expect(() =>
      scaleProject({ experts: { enabled: true, list: [{ id: 'x', prefix: 'p:', enabled: true, style: "plain'\nimport os" }] } }),
    ).toThrow(/is not a add expert style \((known: )?plain, /);
  });
});
