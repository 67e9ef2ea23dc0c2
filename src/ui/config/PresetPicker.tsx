// Paper presets: title, arXiv id, one-line summary and what is UNVERIFIED; applying one sets the variant knobs
// live (at the next step).
import './PresetPicker.css';
import { useMemo } from 'react';
import type { RunConfig } from '../../engine/config';
import { PRESETS, getPreset, presetDiff } from '../../engine/rl/presets';
import { KNOBS } from '../knobs';

interface Props {
  config: RunConfig;
  onApply: (name: string) => string | null;
}

export function PresetPicker({ config, onApply }: Props) {
  const preset = getPreset(config.preset);
  const diff = useMemo(() => (preset ? presetDiff(config, preset.name) : []), [config, preset]);
  const arxiv = preset?.source.replace(/^arXiv:/, '');
  return (
    <div className="preset">
      <label className="knob-label" htmlFor="preset-select">
        Variant preset
      </label>
      <div className="preset-row">
        <select id="preset-select" value={preset?.name ?? ''} onChange={(e) => onApply(e.target.value)} aria-label="Variant preset">
          {!preset ? <option value="">custom ({config.preset})</option> : null}
          {PRESETS.map((p) => (
            <option key={p.name} value={p.name}>
              {p.title}
              {p.unverified.length ? ' ⚠' : ''}
            </option>
          ))}
        </select>
        {preset && diff.length ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => onApply(preset.name)}
            title="Set every variant knob back to this preset's values"
          >
            Re-apply
          </button>
        ) : null}
      </div>
      {preset ? (
        <div className="preset-card" data-testid="preset-card">
          <div className="preset-title">
            <strong>{preset.title}</strong>
            <a href={`https://arxiv.org/abs/${arxiv}`} target="_blank" rel="noreferrer" className="arxiv">
              {preset.source}
            </a>
          </div>
          <p className="preset-summary">{preset.summary}</p>
          {preset.unverified.length ? (
            <details className="unverified">
              <summary>
                <span className="badge badge-amber">UNVERIFIED ×{preset.unverified.length}</span> parts not checked against the paper
              </summary>
              <ul>
                {preset.unverified.map((u) => (
                  <li key={u}>{u}</li>
                ))}
              </ul>
            </details>
          ) : (
            <span className="badge badge-green">all knob values checked</span>
          )}
          {diff.length ? (
            <p className="preset-diff" title={diff.join(', ')}>
              Modified: {diff.length} knob{diff.length === 1 ? '' : 's'} differ (
              {diff
                .slice(0, 4)
                .map((p) => KNOBS[p]?.label ?? p)
                .join(', ')}
              {diff.length > 4 ? ', …' : ''}).
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
