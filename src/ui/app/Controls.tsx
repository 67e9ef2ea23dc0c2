// Transport controls: play/pause, single step, step through one update phase by phase, reset (same seed), new
// seed, compare variants, speed; and the shortcut legend.
import './Controls.css';
import { memo, useState } from 'react';
import type { RunConfig } from '../../engine/config';
import { CompareDialog } from '../compare/CompareDialog';
import type { RunStatus } from '../../worker/protocol';
import type { HideKey } from '../../share/url';
import { Icon } from './Icon';
import { useStore } from '../state/useRun';

export const DELAYS = [0, 100, 250, 500, 1000, 2000];

export const SHORTCUTS: Array<[string, string]> = [
  ['Space', 'play/pause'],
  ['S', 'step'],
  ['R', 'reset'],
  ['N', 'new seed'],
  ['T', 'step through'],
];

interface Props {
  status: RunStatus;
  step: number;
  delayMs: number;
  pendingCount: number;
  hide: readonly HideKey[];
  /** The names of the variants of a paired comparison in progress (null: a single run). */
  pairedNames: readonly string[] | null;
  /** A step-through is in progress (its phases are held). */
  steppingThrough: boolean;
  /** The draft config a comparison would start from. */
  draft: RunConfig;
}

function ControlsImpl({ status, step, delayMs, pendingCount, hide, pairedNames, steppingThrough, draft }: Props) {
  const store = useStore();
  const [compare, setCompare] = useState(false);
  const running = status === 'running';
  const busy = status === 'initializing';
  const blocked = busy || status === 'error' || steppingThrough;
  const delayIndex = Math.max(0, DELAYS.indexOf(delayMs));
  return (
    <div className="controls" role="toolbar" aria-label="Training controls">
      <button
        type="button"
        className={`button button-primary play${running ? ' is-running' : ''}`}
        onClick={() => store.togglePlay()}
        disabled={blocked}
        title={running ? 'Pause training' : 'Start training'}
        data-testid="play"
      >
        <Icon name={running ? 'pause' : 'play'} /> {running ? 'Pause' : step > 0 ? 'Resume' : 'Train'}
      </button>
      <button
        type="button"
        className="button"
        onClick={() => store.step(1)}
        disabled={blocked || running}
        aria-label="Run one training step"
        data-testid="step"
      >
        <Icon name="step" /> Step
      </button>
      <button
        type="button"
        className="button"
        onClick={() => store.stepThrough()}
        disabled={blocked || running || !!pairedNames}
        aria-label="Step through one update, phase by phase"
        title={
          pairedNames
            ? 'Step-through works on a single run: stop the comparison first'
            : 'Take one step and stop after each of its five phases'
        }
        data-testid="step-through-button"
      >
        <Icon name="phases" /> Step through
      </button>
      <button
        type="button"
        className={`button${pendingCount ? ' button-attention' : ''}`}
        onClick={() => store.reset()}
        disabled={busy}
        aria-label={
          pendingCount
            ? `Reset and apply ${pendingCount} pending change${pendingCount === 1 ? '' : 's'}`
            : 'Reset to step 0 with the same seed'
        }
        data-testid="reset"
      >
        <Icon name="reset" /> Reset{pendingCount ? ` · apply ${pendingCount}` : ''}
      </button>
      {hide.includes('seed') ? null : (
        <button
          type="button"
          className="button"
          onClick={() => store.reset({ newSeed: true })}
          disabled={busy}
          aria-label="Reset with a new seed"
          data-testid="new-seed"
        >
          <Icon name="dice" /> New seed
        </button>
      )}
      {pairedNames ? (
        <span
          className="paired-chip"
          data-testid="paired-chip"
          title={`A paired comparison in lockstep with the same seed: ${pairedNames.join(' vs ')}`}
        >
          <Icon name="compare" /> {pairedNames.length} variants in lockstep
        </span>
      ) : null}
      <button
        type="button"
        className="button"
        onClick={() => setCompare(true)}
        disabled={busy}
        aria-label="Compare 2 to 4 variants in lockstep"
        data-testid="open-compare"
      >
        <Icon name="compare" /> {pairedNames ? 'New comparison' : 'Compare'}
      </button>
      {compare ? <CompareDialog base={draft} onClose={() => setCompare(false)} /> : null}
      <label className="speed">
        <span>Delay</span>
        <input
          type="range"
          min={0}
          max={DELAYS.length - 1}
          step={1}
          value={delayIndex}
          aria-label="Delay between steps"
          aria-valuetext={delayMs ? `${delayMs} ms` : 'none'}
          onChange={(e) => store.setDelay(DELAYS[Number(e.target.value)])}
        />
        <output>{delayMs ? `${delayMs} ms` : 'none'}</output>
      </label>
      <ul className="shortcuts" aria-label="Keyboard shortcuts">
        {SHORTCUTS.filter(([k]) => (k !== 'N' || !hide.includes('seed')) && (k !== 'T' || !pairedNames)).map(([k, what]) => (
          <li key={k}>
            <kbd>{k}</kbd> {what}
          </li>
        ))}
      </ul>
    </div>
  );
}

export const Controls = memo(ControlsImpl);
