// The config sidebar: setup, preset, then every variant knob grouped as in the schema (Training, Advantage,
// Objective, Data-side, Experts) and the hint level. Derived from the RunConfig schema via knobs.ts.
import './ConfigPanel.css';
import { memo } from 'react';
import type { Backend, RunConfig, RunConfigInput } from '../../engine/config';
import type { CheckpointEntry } from '../../engine/policy/manifest';
import { getTask } from '../../engine/tasks';
import type { ThreadsPref } from '../../engine/threads';
import type { HideKey } from '../../share/url';
import { ExpertEditor } from './ExpertEditor';
import { HintSection } from './HintSection';
import { KnobField, NumberInput } from './KnobField';
import { SECTIONS, isDefault } from '../knobs';
import { PresetPicker } from './PresetPicker';
import { SetupSection } from './SetupSection';
import { useStore } from '../state/useRun';

interface Props {
  config: RunConfig;
  draft: RunConfig;
  pending: RunConfigInput;
  manifest: readonly CheckpointEntry[] | null;
  backendPref: Backend;
  pendingBackend: Backend | null;
  threadsPref: ThreadsPref;
  pendingThreads: ThreadsPref | null;
  cores: number;
  hide: readonly HideKey[];
}

function RewardWeights({ draft, onEdit }: { draft: RunConfig; onEdit: (p: RunConfigInput) => string | null }) {
  const names = getTask(draft.task).rewardNames;
  return (
    <div className="knob" data-knob="rewardWeights">
      <div className="knob-label">Reward weights</div>
      <div className="weights">
        {names.map((n) => (
          <label key={n} className="weight">
            <span>{n}</span>
            <NumberInput
              value={draft.rewardWeights[n] ?? 0}
              min={-10}
              max={10}
              int={false}
              label={`Weight of the ${n} reward`}
              onCommit={(v) => onEdit({ rewardWeights: { ...draft.rewardWeights, [n]: v } })}
            />
          </label>
        ))}
      </div>
      <div className="knob-help">Total reward = Σ weight × component; components without a weight count 0.</div>
    </div>
  );
}

function ConfigPanelImpl({
  config,
  draft,
  pending,
  manifest,
  backendPref,
  pendingBackend,
  threadsPref,
  pendingThreads,
  cores,
  hide,
}: Props) {
  const store = useStore();
  const onEdit = (patch: RunConfigInput) => store.edit(patch);
  const taskStaged = Object.hasOwn(pending, 'task');
  const pendingSetup = Object.keys(pending).length + (pendingBackend ? 1 : 0) + (pendingThreads !== null ? 1 : 0);
  return (
    <div className="config" aria-label="Run configuration">
      {hide.includes('setup') ? null : (
        <details className="section" open>
          <summary>
            <span className="section-title">Run setup</span>
            {pendingSetup ? <span className="chip chip-pending">{pendingSetup} pending</span> : null}
          </summary>
          <SetupSection
            draft={draft}
            config={config}
            pending={pending}
            manifest={manifest}
            backendPref={backendPref}
            pendingBackend={pendingBackend}
            threads={{ pref: threadsPref, pending: pendingThreads, cores }}
            hide={hide}
            onEdit={onEdit}
            onBackend={(b) => store.setBackendPref(b)}
            onThreads={(t) => store.setThreadsPref(t)}
            onNewSeed={() => store.reset({ newSeed: true })}
          />
        </details>
      )}
      {hide.includes('presets') ? null : (
        <details className="section" open>
          <summary>
            <span className="section-title">Preset</span>
          </summary>
          <PresetPicker config={config} onApply={(name) => store.applyPreset(name)} />
        </details>
      )}
      {SECTIONS.filter((s) => !hide.includes(s.hideKey)).map((s) => {
        const changed = s.paths.filter((p) => !isDefault(draft, p)).length;
        return (
          <details className="section" key={s.id} open={s.id === 'advantage'} data-section={s.id}>
            <summary>
              <span className="section-title">{s.title}</span>
              {changed ? <span className="chip">{changed} changed</span> : null}
            </summary>
            <p className="section-blurb">{s.blurb}</p>
            {s.paths.map((p) =>
              p === 'rewardWeights' ? (
                <RewardWeights key={p} draft={draft} onEdit={onEdit} />
              ) : (
                <KnobField key={p} path={p} draft={draft} onEdit={onEdit} staged={taskStaged && p.startsWith('experts.')} />
              ),
            )}
            {s.id === 'experts' ? <ExpertEditor draft={draft} onEdit={onEdit} staged={taskStaged} /> : null}
          </details>
        );
      })}
      {hide.includes('hints') ? null : (
        <details className="section" data-section="hints">
          <summary>
            <span className="section-title">Hints</span>
            {draft.hintLevel ? <span className="chip">level {draft.hintLevel}</span> : null}
          </summary>
          <HintSection draft={draft} onEdit={onEdit} staged={taskStaged} />
        </details>
      )}
    </div>
  );
}

export const ConfigPanel = memo(ConfigPanelImpl);
