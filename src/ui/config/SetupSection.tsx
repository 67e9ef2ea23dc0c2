// Run setup: task, difficulty, model size, starting weights, seed, backend and WASM threads. Task, model, init,
// seed, backend and threads need a fresh run: they are staged and marked "applies on reset".
import { BACKENDS, MODEL_SIZES, TASK_IDS, type Backend, type RunConfig, type RunConfigInput } from '../../engine/config';
import type { CheckpointEntry } from '../../engine/policy/manifest';
import { getTask } from '../../engine/tasks';
import type { ThreadsPref } from '../../engine/threads';
import { KnobField, NumberInput } from './KnobField';
import { ThreadsField } from './ThreadsField';
import { formatNumber } from '../knobs';
import type { HideKey } from '../../share/url';

interface Props {
  draft: RunConfig;
  config: RunConfig;
  pending: RunConfigInput;
  manifest: readonly CheckpointEntry[] | null;
  backendPref: Backend;
  pendingBackend: Backend | null;
  threads: { pref: ThreadsPref; pending: ThreadsPref | null; cores: number };
  hide: readonly HideKey[];
  onEdit: (patch: RunConfigInput) => string | null;
  onBackend: (b: Backend) => void;
  onThreads: (t: ThreadsPref) => void;
  onNewSeed: () => void;
}

const BACKEND_LABELS: Record<Backend, string> = {
  auto: 'auto (best available)',
  webgpu: 'WebGPU',
  wasm: 'WASM',
  webgl: 'WebGL',
  cpu: 'CPU (plain JS)',
};

export function SetupSection(props: Props) {
  const { draft, config, pending, manifest, backendPref, pendingBackend, threads, hide, onEdit, onBackend, onThreads, onNewSeed } = props;
  const task = getTask(draft.task);
  const entry = manifest?.find((m) => m.task === draft.task && m.size === draft.modelSize);
  const ckNote =
    manifest === null
      ? 'Checking the shipped checkpoints…'
      : entry
        ? `Shipped ${draft.task}/${draft.modelSize}: pass@1 ${formatNumber(entry.pass1)}, pass@8 ${formatNumber(entry.pass8)} (difficulty ${entry.difficulty}).`
        : `No shipped base policy for ${draft.task}/${draft.modelSize}: use random init.`;
  const staged = (k: string) => Object.hasOwn(pending, k);
  // Only some (task, size) pairs ship a base policy: say so in the options, before a choice that cannot load.
  const shipped = (size: string) => manifest === null || manifest.some((m) => m.task === draft.task && m.size === size);
  const sizeUnavailable =
    draft.init === 'checkpoint'
      ? Object.fromEntries(
          MODEL_SIZES.filter((s) => !shipped(s)).map((s) => [s, `no shipped ${draft.task} policy: choose Random init first`]),
        )
      : {};
  const initUnavailable: Record<string, string> = shipped(draft.modelSize)
    ? {}
    : { checkpoint: `none for ${draft.task}/${draft.modelSize}` };
  return (
    <div className="setup">
      <KnobField
        path="task"
        draft={draft}
        onEdit={onEdit}
        staged={staged('task')}
        options={TASK_IDS}
        note={`${task.description.split('. ')[0]}.`}
      />
      <div className="knob" data-knob="difficulty">
        <div className="knob-row">
          <label className="knob-label" htmlFor="difficulty-select">
            Difficulty
          </label>
          <span className="knob-control">
            <select id="difficulty-select" value={draft.difficulty} onChange={(e) => onEdit({ difficulty: Number(e.target.value) })}>
              <option value={0}>
                task default ({task.difficulty.default} {task.difficulty.label})
              </option>
              {Array.from({ length: task.difficulty.max - task.difficulty.min + 1 }, (_, i) => task.difficulty.min + i).map((d) => (
                <option key={d} value={d}>
                  {d} {task.difficulty.label}
                </option>
              ))}
            </select>
          </span>
          <span className="icon-spacer" />
        </div>
        <div className="knob-help">
          Problem size: harder means sparser reward.
          {staged('difficulty') ? <span className="chip chip-pending">applies on reset</span> : null}
        </div>
      </div>
      <KnobField
        path="modelSize"
        draft={draft}
        onEdit={onEdit}
        staged={staged('modelSize')}
        options={MODEL_SIZES}
        unavailable={sizeUnavailable}
      />
      <KnobField
        path="init"
        draft={draft}
        onEdit={onEdit}
        staged={staged('init')}
        unavailable={initUnavailable}
        note={draft.init === 'checkpoint' ? ckNote : undefined}
      />
      {hide.includes('seed') ? null : (
        <div className="knob" data-knob="seed">
          <div className="knob-row">
            <label className="knob-label" htmlFor="seed-input">
              Seed
            </label>
            <span className="knob-control seed-control">
              <NumberInput
                id="seed-input"
                value={draft.seed}
                min={0}
                max={2 ** 31 - 1}
                int
                label="Seed"
                onCommit={(v) => onEdit({ seed: v })}
              />
              <button
                type="button"
                className="button button-small"
                onClick={onNewSeed}
                aria-label="New seed and reset"
                title="Draw a new seed and reset (N)"
              >
                New
              </button>
            </span>
            <span className="icon-spacer" />
          </div>
          <div className="knob-help">
            Seeds weights, prompts, sampling and minibatch order. Current run: {config.seed}.
            {staged('seed') ? <span className="chip chip-pending">applies on reset</span> : null}
          </div>
        </div>
      )}
      {hide.includes('backend') ? null : (
        <div className="knob" data-knob="backend">
          <div className="knob-row">
            <label className="knob-label" htmlFor="backend-select">
              Backend
            </label>
            <span className="knob-control">
              <select id="backend-select" value={pendingBackend ?? backendPref} onChange={(e) => onBackend(e.target.value as Backend)}>
                {BACKENDS.map((b) => (
                  <option key={b} value={b}>
                    {BACKEND_LABELS[b]}
                  </option>
                ))}
              </select>
            </span>
            <span className="icon-spacer" />
          </div>
          <div className="knob-help">
            Where tfjs runs. Auto prefers a hardware GPU, then WASM.
            {pendingBackend ? <span className="chip chip-pending">applies on reset</span> : null}
          </div>
        </div>
      )}
      {hide.includes('backend') ? null : <ThreadsField {...threads} onChange={onThreads} />}
    </div>
  );
}
