// Status bar: run state, step, backend and why it was chosen, throughput, live tensor count.
import './StatusBar.css';
import { memo, useMemo } from 'react';
import type { BackendInfo } from '../../engine/backend';
import type { RunStatus } from '../../worker/protocol';
import type { HistoryPoint } from '../state/store';

interface Props {
  status: RunStatus;
  /** Pause asked for, the current step still finishing. */
  pausing?: boolean;
  step: number;
  backend: BackendInfo | null;
  numTensors: number | null;
  history: readonly HistoryPoint[];
}

const STATUS_TEXT: Record<RunStatus, string> = {
  initializing: 'Starting…',
  idle: 'Ready',
  running: 'Training',
  paused: 'Paused',
  error: 'Stopped',
};

/** Compute throughput over the last steps (from the engine's step_time, so the delay setting does not count). */
export function throughput(history: readonly HistoryPoint[], window = 10): { stepsPerSec: number; tokensPerSec: number } | null {
  const recent = history.slice(-window).filter((h) => Number.isFinite(h.metrics.step_time) && h.metrics.step_time > 0);
  if (!recent.length) return null;
  const time = recent.reduce((a, h) => a + h.metrics.step_time, 0);
  const first = history[history.length - recent.length - 1]?.metrics.num_tokens ?? 0;
  const tokens = (recent[recent.length - 1].metrics.num_tokens ?? 0) - first;
  return { stepsPerSec: recent.length / time, tokensPerSec: tokens / time };
}

function StatusBarImpl({ status, pausing, step, backend, numTensors, history }: Props) {
  const tp = useMemo(() => throughput(history), [history]);
  return (
    <footer className="statusbar" role="status" aria-live="polite" data-testid="statusbar">
      <span className={`status-dot status-${status}`} aria-hidden="true" />
      <span className="status-text" data-testid="status">
        {pausing && status === 'running' ? 'Pausing after this step…' : STATUS_TEXT[status]}
      </span>
      <span className="status-item">
        step <strong data-testid="step-count">{step}</strong>
      </span>
      <span className="status-item status-backend" title={backend?.reason}>
        backend <strong data-testid="backend">{backend ? backend.backend : '…'}</strong>
        {backend?.threads ? (
          <span data-testid="threads" title={backend.threadsWhy}>
            {` · ${backend.threads} ${backend.threads === 1 ? 'thread' : 'threads'}`}
            {backend.threadsWhy ? <span className="status-reason"> ({backend.threadsWhy})</span> : null}
          </span>
        ) : null}
        {backend ? <span className="status-reason"> — {backend.reason}</span> : null}
      </span>
      <span className="status-spacer" />
      <span className="status-item" title="Training steps per second of compute (the delay setting is not counted)">
        <strong>{tp ? tp.stepsPerSec.toFixed(tp.stepsPerSec < 10 ? 2 : 1) : '–'}</strong> steps/s
      </span>
      <span className="status-item" title="Prompt + completion tokens per second of compute">
        <strong>{tp ? Math.round(tp.tokensPerSec).toLocaleString('en-US') : '–'}</strong> tokens/s
      </span>
      <span className="status-item" title="Live tfjs tensors in the worker (flat = no leak)">
        <strong>{numTensors ?? '–'}</strong> tensors
      </span>
    </footer>
  );
}

export const StatusBar = memo(StatusBarImpl);
