// The runs list: every run of this page and the ones restored from browser storage, each with its colour, an
// editable name, its config difference from the baseline run, a visibility toggle and delete. The baseline is
// picked here; "Clear" removes every run that is not training, and their saved copies (after a confirm).
import './RunsPanel.css';
import { memo, useEffect, useRef, useState } from 'react';
import { configDiff, diffLabel } from '../../share/config-diff';
import { getLesson } from '../../share/lessons';
import { Icon } from '../app/Icon';
import type { RunEntry, Snapshot } from '../state/store';
import { useStore } from '../state/useRun';
import { safeRunColor } from '../../share/run-colors';

interface Props {
  runs: readonly RunEntry[];
  baselineId: string | null;
  storage: Snapshot['storage'];
  training: boolean;
}

function RunName({ run }: { run: RunEntry }) {
  const store = useStore();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(run.name);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) input.current?.select();
  }, [editing]);
  const commit = () => {
    setEditing(false);
    if (text.trim() && text.trim() !== run.name) store.renameRun(run.id, text);
    else setText(run.name);
  };
  if (editing) {
    return (
      <input
        ref={input}
        className="run-name-input"
        value={text}
        maxLength={120}
        aria-label="Run name"
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setText(run.name);
            setEditing(false);
          }
        }}
      />
    );
  }
  return (
    <button
      type="button"
      className="run-name"
      title="Rename (click)"
      aria-label={`Rename run ${run.name}`}
      onClick={() => {
        setText(run.name);
        setEditing(true);
      }}
    >
      {run.name}
    </button>
  );
}

function DeleteButton({ run }: { run: RunEntry }) {
  const store = useStore();
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const t = setTimeout(() => setArmed(false), 3000);
    return () => clearTimeout(t);
  }, [armed]);
  if (run.live) {
    return (
      <button
        type="button"
        className="icon-button"
        disabled
        title="This run is training; reset or start another to keep it as a finished run"
        aria-label="Delete (not while training)"
      >
        ×
      </button>
    );
  }
  return armed ? (
    <button
      type="button"
      className="button button-small button-danger"
      onClick={() => store.deleteRun(run.id)}
      aria-label={`Confirm: delete run ${run.name}`}
    >
      Delete?
    </button>
  ) : (
    <button
      type="button"
      className="icon-button"
      onClick={() => setArmed(true)}
      title="Delete this run (and its saved copy)"
      aria-label={`Delete run ${run.name}`}
    >
      ×
    </button>
  );
}

function RunRow({ r, baseline, training }: { r: RunEntry; baseline: RunEntry; training: boolean }) {
  const store = useStore();
  const isBase = r === baseline;
  const diff = isBase ? null : configDiff(baseline.config, r.config);
  return (
    <li className={`run-row${r.visible ? '' : ' is-hidden'}${r.live ? ' is-live' : ''}`} data-testid="run-row" data-run-id={r.id}>
      <button
        type="button"
        className="run-swatch"
        style={
          r.visible ? { background: safeRunColor(r.color), borderColor: safeRunColor(r.color) } : { borderColor: safeRunColor(r.color) }
        }
        aria-pressed={r.visible}
        aria-label={`${r.visible ? 'Hide' : 'Show'} run ${r.name} on the charts`}
        title={r.visible ? 'Shown on the charts (click to hide)' : 'Hidden (click to show)'}
        onClick={() => store.setRunVisible(r.id, !r.visible)}
      />
      <div className="run-main">
        <RunName run={r} />
        <span
          className={`run-diff${isBase ? ' is-base' : ''}`}
          data-testid="run-diff"
          title={diff?.map((c) => c.path).join(', ') || undefined}
        >
          {isBase ? 'baseline' : diffLabel(baseline.config, r.config)}
        </span>
      </div>
      <span className="run-steps">
        {r.history.length} step{r.history.length === 1 ? '' : 's'}
      </span>
      <span className={`badge ${r.live ? (training ? 'badge-green' : 'badge-blue') : 'badge-grey'}`}>
        {r.live ? (training ? 'training' : 'current') : r.restored ? 'saved' : 'finished'}
      </span>
      {r.editedMidRun ? (
        <span className="badge badge-amber" title="Settings were changed while it trained; its config is the latest one">
          edited
        </span>
      ) : null}
      <label className="run-base" title="Compare every run's config with this one">
        <input
          type="radio"
          name="baseline-run"
          checked={isBase}
          onChange={() => store.setBaseline(r.id)}
          aria-label={`Use ${r.name} as the baseline`}
        />
        base
      </label>
      {!r.live ? (
        <button
          type="button"
          className="icon-button"
          onClick={() => store.startFromRun(r.id)}
          title="Start a new run from this run's config"
          aria-label={`New run from the config of ${r.name}`}
        >
          <Icon name="reset" />
        </button>
      ) : (
        <span className="icon-spacer" />
      )}
      <DeleteButton run={r} />
    </li>
  );
}

type ListItem = { run: RunEntry } | { lesson: string; runs: RunEntry[] };

/** Runs in list order, each lesson's runs gathered under it (at the place of its first run). */
function groupByLesson(runs: readonly RunEntry[]): ListItem[] {
  const items: ListItem[] = [];
  const groups = new Map<string, RunEntry[]>();
  for (const r of runs) {
    if (!r.lesson) {
      items.push({ run: r });
      continue;
    }
    const g = groups.get(r.lesson);
    if (g) g.push(r);
    else {
      const fresh = [r];
      groups.set(r.lesson, fresh);
      items.push({ lesson: r.lesson, runs: fresh });
    }
  }
  return items;
}

/** A lesson's runs under one collapsible line; open while one of them trains, closed otherwise (until toggled). */
function LessonGroup({ lesson, runs, baseline, training }: { lesson: string; runs: RunEntry[]; baseline: RunEntry; training: boolean }) {
  const live = runs.some((r) => r.live);
  const [toggled, setToggled] = useState<boolean | null>(null);
  const open = toggled ?? live;
  const title = getLesson(lesson)?.title ?? lesson;
  return (
    <li className="run-group" data-testid="run-group" data-lesson={lesson}>
      <button type="button" className="run-group-head" aria-expanded={open} onClick={() => setToggled(!open)}>
        <span className={`caret${open ? ' open' : ''}`} aria-hidden="true" />
        <span className="run-group-title">Lesson: {title}</span>
        <span className="run-group-count">
          {runs.length} run{runs.length === 1 ? '' : 's'}
        </span>
      </button>
      {open ? (
        <ul className="run-list run-group-list">
          {runs.map((r) => (
            <RunRow key={r.id} r={r} baseline={baseline} training={training} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function RunsPanelImpl({ runs, baselineId, storage, training }: Props) {
  const store = useStore();
  const [confirmClear, setConfirmClear] = useState(false);
  const [open, setOpen] = useState(true);
  const baseline = runs.find((r) => r.id === baselineId) ?? runs[0];
  const finished = runs.filter((r) => !r.live).length;
  const allShown = runs.every((r) => r.visible);
  return (
    <section className="panel runs-panel" aria-label="Runs" data-testid="runs-panel">
      <header className="panel-head">
        <button
          type="button"
          className="collapse"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          aria-label={open ? 'Collapse the runs list' : 'Expand the runs list'}
        >
          <span className={`caret${open ? ' open' : ''}`} aria-hidden="true" />
          <h2>Runs</h2>
        </button>
        <span className="panel-sub">
          {runs.length} run{runs.length === 1 ? '' : 's'}
          {storage === 'ok'
            ? ' · kept in this browser'
            : storage === 'unavailable'
              ? ' · not saved (no browser storage)'
              : ' · saving failed'}
          {baseline && runs.length > 1 ? ' · labels show each run’s config difference from the baseline' : ''}
        </span>
        {runs.length > 1 ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => runs.forEach((r) => store.setRunVisible(r.id, !allShown || r.live))}
          >
            {allShown ? 'Show only training' : 'Show all'}
          </button>
        ) : null}
        {finished ? (
          confirmClear ? (
            <span className="confirm" role="group" aria-label="Confirm clearing runs">
              Delete {finished} finished run{finished === 1 ? '' : 's'} and every saved copy?
              <button
                type="button"
                className="button button-small button-danger"
                onClick={() => {
                  store.clearRuns();
                  setConfirmClear(false);
                }}
                data-testid="confirm-clear"
              >
                Delete
              </button>
              <button type="button" className="button button-small" onClick={() => setConfirmClear(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" className="button button-small" onClick={() => setConfirmClear(true)} data-testid="clear-runs">
              Clear…
            </button>
          )
        ) : null}
      </header>
      {open ? (
        <ul className="run-list">
          {groupByLesson(runs).map((item) =>
            'lesson' in item ? (
              <LessonGroup key={`lesson-${item.lesson}`} lesson={item.lesson} runs={item.runs} baseline={baseline} training={training} />
            ) : (
              <RunRow key={item.run.id} r={item.run} baseline={baseline} training={training} />
            ),
          )}
        </ul>
      ) : null}
    </section>
  );
}

export const RunsPanel = memo(RunsPanelImpl);
