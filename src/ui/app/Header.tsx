// App header: name, classroom badge, lessons, share link (copy + visible field), exports (all runs' metrics as
// CSV/JSON, charts as PNG, the policy's weights, runs JSON import) and "Run it at scale" (TRL / verl configs).
import './Header.css';
import { memo, useRef, useState } from 'react';
import type { HideKey } from '../../share/url';
import { exportCharts, exportMetrics, exportWeights, importRunsFile } from '../runs/exports';
import { Icon } from './Icon';
import { LessonsDialog } from '../lessons/Lessons';
import { ScaleDialog } from '../dialogs/ScaleDialog';
import type { RunEntry } from '../state/store';
import { useStore } from '../state/useRun';

/** Scroll to the settings and move focus there, without touching the URL hash (it holds the run state). */
function jumpToSettings(): void {
  const el = document.getElementById('settings');
  el?.scrollIntoView({ block: 'start' });
  el?.focus({ preventScroll: true });
}

interface Props {
  classroom: boolean;
  hide: readonly HideKey[];
  hasSteps: boolean;
  /** Steps at which settings were changed mid-run (the link replays the current settings from step 0). */
  editSteps: readonly number[];
  runs: readonly RunEntry[];
  liveIds: readonly string[];
  /** A policy is loaded in the worker (weights can be exported). */
  policyReady: boolean;
  /** The settings sidebar is shown: phones get a link to it at the top (it sits below the charts there). */
  hasSettings: boolean;
}

function HeaderImpl({ classroom, hide, hasSteps, editSteps, runs, liveIds, policyReady, hasSettings }: Props) {
  const store = useStore();
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [dialog, setDialog] = useState<'lessons' | 'scale' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const share = async () => {
    const url = store.shareLink(location.href);
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false); // clipboard refused (permissions): the field below still has it
    }
  };
  const run = async (what: string, fn: () => Promise<void>) => {
    setBusy(what);
    try {
      await fn();
    } catch (e) {
      store.notify('export', 'error', `${what} failed: ${(e as Error).message}`);
    } finally {
      setBusy(null);
    }
  };
  const anySteps = runs.some((r) => r.history.length > 0);
  const live = liveIds.map((id) => runs.find((r) => r.id === id)).filter((r): r is RunEntry => !!r);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          G
        </span>
        <div>
          <h1>GRPO Playground</h1>
          <p className="tagline">Group-relative RL on a tiny language model, live in your browser</p>
        </div>
        {classroom ? <span className="badge badge-blue">Classroom</span> : null}
      </div>
      <div className="header-actions">
        {hasSettings ? (
          <button
            type="button"
            className="button settings-jump"
            data-testid="settings-jump"
            onClick={jumpToSettings}
            aria-controls="settings"
          >
            <Icon name="sliders" /> Settings
          </button>
        ) : null}
        <button type="button" className="button" onClick={() => setDialog('lessons')} data-testid="open-lessons" title="Guided lessons">
          <Icon name="book" /> Lessons
        </button>
        {hide.includes('share') ? null : (
          <>
            <button type="button" className="button" onClick={share} data-testid="copy-link" title="Copy a link that reproduces this run">
              <Icon name={copied ? 'check' : 'link'} /> {copied ? 'Copied' : 'Copy link'}
            </button>
            <div className="button-group" role="group" aria-label="Export">
              <span className="button-group-label">Export</span>
              <button
                type="button"
                className="button"
                onClick={() => exportMetrics(store, 'csv')}
                disabled={!anySteps && !hasSteps}
                aria-label="Export metrics as CSV"
                title="Every run's metrics as CSV (TRL names)"
              >
                <Icon name="download" /> CSV
              </button>
              <button
                type="button"
                className="button"
                onClick={() => exportMetrics(store, 'json')}
                disabled={!anySteps && !hasSteps}
                aria-label="Export metrics as JSON"
                title="Every run's metrics and config as JSON (can be imported again)"
              >
                JSON
              </button>
              <button
                type="button"
                className="button"
                onClick={() => run('Chart export', () => exportCharts(store))}
                disabled={!anySteps || busy !== null}
                aria-label="Export charts as PNG"
                title="Every chart on one PNG, with the runs' legend"
              >
                PNG
              </button>
              {live.length > 1 ? (
                <details className="menu">
                  <summary className="button" aria-label="Export policy weights">
                    Weights ▾
                  </summary>
                  <div className="menu-items">
                    {live.map((r, i) => (
                      <button
                        key={r.id}
                        type="button"
                        className="menu-item"
                        disabled={!policyReady || busy !== null}
                        onClick={(e) => {
                          (e.currentTarget.closest('details') as HTMLDetailsElement | null)?.removeAttribute('open');
                          void run('Weights export', () => exportWeights(store, i));
                        }}
                      >
                        <span className="swatch" style={{ background: r.color }} /> {r.name}
                      </button>
                    ))}
                  </div>
                </details>
              ) : (
                <button
                  type="button"
                  className="button"
                  onClick={() => run('Weights export', () => exportWeights(store, 0))}
                  disabled={!policyReady || busy !== null}
                  aria-label="Export policy weights"
                  title="The current policy's weights as a checkpoint JSON (the format of public/checkpoints)"
                >
                  {busy === 'Weights export' ? '…' : 'Weights'}
                </button>
              )}
              <button
                type="button"
                className="button"
                onClick={() => fileInput.current?.click()}
                aria-label="Import runs from a JSON export"
                title="Add runs from a runs JSON export"
              >
                Import
              </button>
              <input
                ref={fileInput}
                type="file"
                accept=".json,application/json"
                hidden
                data-testid="import-runs"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  if (f) void importRunsFile(store, f);
                  e.target.value = '';
                }}
              />
            </div>
            <button
              type="button"
              className="button"
              onClick={() => setDialog('scale')}
              data-testid="open-scale"
              title="Run it at scale: TRL and verl configs"
            >
              <Icon name="rocket" /> Run at scale
            </button>
          </>
        )}
      </div>
      {link ? (
        <div className="share-field">
          <label htmlFor="share-link">Link to this run</label>
          <input id="share-link" readOnly value={link} data-testid="share-link" onFocus={(e) => e.target.select()} />
          <button type="button" className="icon-button" aria-label="Close the link" onClick={() => setLink(null)}>
            ×
          </button>
          {editSteps.length ? (
            <p className="share-note">
              Settings were changed mid-run (at step {editSteps.join(', ')}): the link starts a run with the current settings from step 0,
              so its curves will differ from these.
            </p>
          ) : null}
        </div>
      ) : null}
      {dialog === 'lessons' ? <LessonsDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'scale' ? <ScaleDialog runs={runs} initialId={liveIds[0] ?? null} onClose={() => setDialog(null)} /> : null}
    </header>
  );
}

export const Header = memo(HeaderImpl);
