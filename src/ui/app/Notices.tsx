// Banners: bad links, missing checkpoints, backend fallbacks, worker errors. Each can be dismissed.
import './Notices.css';
import { memo } from 'react';
import type { Notice } from '../state/store';
import { useStore } from '../state/useRun';

const ICON = { error: '⚠', warning: '⚠', info: 'ℹ' } as const;

function NoticesImpl({ notices }: { notices: readonly Notice[] }) {
  const store = useStore();
  if (!notices.length) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice notice-${n.kind}`}
          role={n.kind === 'error' ? 'alert' : 'status'}
          data-testid={`notice-${n.id}`}
          data-kind={n.kind}
        >
          <span className="notice-icon" aria-hidden="true">
            {ICON[n.kind]}
          </span>
          <span className="notice-text">{n.message}</span>
          {n.action ? (
            <button type="button" className="button button-small" onClick={n.action.run}>
              {n.action.label}
            </button>
          ) : null}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => store.dismiss(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

export const Notices = memo(NoticesImpl);
