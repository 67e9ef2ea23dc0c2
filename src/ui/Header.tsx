// App header: name, classroom badge, share link (copy + visible field) and metric export.
import { memo, useState } from 'react';
import type { HideKey } from '../share/url';
import { exportRun } from './exportRun';
import { Icon } from './Icon';
import { useStore } from './useRun';

interface Props {
  classroom: boolean;
  hide: readonly HideKey[];
  hasSteps: boolean;
  /** Steps at which settings were changed mid-run (the link replays the current settings from step 0). */
  editSteps: readonly number[];
}

function HeaderImpl({ classroom, hide, hasSteps, editSteps }: Props) {
  const store = useStore();
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
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
  const exportAs = (kind: 'json' | 'csv') => exportRun(kind, store.getSnapshot().config, store.metricsHistory());
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
      {hide.includes('share') ? null : (
        <div className="header-actions">
          <button type="button" className="button" onClick={share} data-testid="copy-link" aria-label="Copy a link that reproduces this run">
            <Icon name={copied ? 'check' : 'link'} /> {copied ? 'Copied' : 'Copy link'}
          </button>
          <button type="button" className="button" onClick={() => exportAs('csv')} disabled={!hasSteps} aria-label="Export metrics as CSV">
            <Icon name="download" /> CSV
          </button>
          <button type="button" className="button" onClick={() => exportAs('json')} disabled={!hasSteps} aria-label="Export metrics as JSON">
            <Icon name="download" /> JSON
          </button>
        </div>
      )}
      {link ? (
        <div className="share-field">
          <label htmlFor="share-link">Link to this run</label>
          <input id="share-link" readOnly value={link} data-testid="share-link" onFocus={(e) => e.target.select()} />
          <button type="button" className="icon-button" aria-label="Close the link" onClick={() => setLink(null)}>
            ×
          </button>
          {editSteps.length ? (
            <p className="share-note">
              Settings were changed mid-run (at step {editSteps.join(', ')}): the link starts a run with the current settings from step 0, so its
              curves will differ from these.
            </p>
          ) : null}
        </div>
      ) : null}
    </header>
  );
}

export const Header = memo(HeaderImpl);
