// One config knob: the right control for its schema type, its one-line explanation, a reset-to-default button,
// and "applies on reset" / "inactive" notes. Number fields commit on Enter or blur, after range checks.
import { parseDecimal } from '../../share/decimal';
import { useEffect, useId, useState } from 'react';
import type { RunConfig, RunConfigInput } from '../../engine/config';
import { KNOBS, fieldKind, formatNumber, getPath, isDefault, patchFor } from '../knobs';
import { DEFAULT_CONFIG } from '../../engine/config';

interface Props {
  path: string;
  draft: RunConfig;
  onEdit: (patch: RunConfigInput) => string | null;
  staged?: boolean;
  /** Replace the schema's options/range (task-specific difficulty range, etc.). */
  options?: readonly string[];
  /** Options that cannot be chosen now, with the reason shown in the option itself (before it is chosen). */
  unavailable?: Record<string, string>;
  range?: { min: number; max: number };
  /** Extra text after the help line. */
  note?: string;
}

export function NumberInput({
  value,
  min,
  max,
  int,
  exclusiveMin,
  step,
  label,
  onCommit,
  id,
}: {
  value: number;
  min?: number;
  max?: number;
  int: boolean;
  exclusiveMin?: boolean;
  step?: number;
  label: string;
  onCommit: (v: number) => string | null;
  id?: string;
}) {
  const [text, setText] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(String(value));
    setError(null);
  }, [value]);
  const commit = () => {
    const t = text.trim();
    const parsed = parseDecimal(t);
    const v = parsed ?? NaN;
    let err: string | null = null;
    if (parsed === null) err = 'Enter a decimal number';
    else if (int && !Number.isInteger(v)) err = 'Must be a whole number';
    else if (min !== undefined && (exclusiveMin ? v <= min : v < min)) err = `Must be ${exclusiveMin ? '>' : '≥'} ${formatNumber(min)}`;
    else if (max !== undefined && v > max) err = `Must be ≤ ${formatNumber(max)}`;
    if (!err && v !== value) err = onCommit(v);
    setError(err);
    if (err === null && t !== String(v)) setText(String(v));
  };
  return (
    <span className="number-input">
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        data-step={step}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setText(String(value));
            setError(null);
          }
        }}
      />
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}

export function KnobField({ path, draft, onEdit, staged, options, unavailable, range, note }: Props) {
  const id = useId();
  const info = KNOBS[path] ?? { label: path, help: '' };
  const kind = fieldKind(path);
  const value = getPath(draft, path);
  const inactive = info.inactive?.(draft);
  const changed = !isDefault(draft, path);
  const edit = (v: unknown) => onEdit(patchFor(path, v));
  let control: React.ReactNode = null;

  if (kind.kind === 'enum') {
    const opts = options ?? kind.options;
    control = (
      <select id={id} value={String(value)} onChange={(e) => edit(e.target.value)}>
        {opts.map((o) => (
          <option key={o} value={o} disabled={unavailable?.[o] !== undefined && o !== String(value)}>
            {info.optionLabels?.[o] ?? o}
            {unavailable?.[o] !== undefined ? ` (${unavailable[o]})` : ''}
          </option>
        ))}
      </select>
    );
  } else if (kind.kind === 'boolean') {
    control = (
      <span className="switch">
        <input id={id} type="checkbox" role="switch" checked={Boolean(value)} onChange={(e) => edit(e.target.checked)} />
        <span className="switch-track" aria-hidden="true" />
      </span>
    );
  } else if (kind.kind === 'number') {
    control = (
      <NumberInput
        id={id}
        value={Number(value)}
        min={range?.min ?? kind.min}
        max={range?.max ?? kind.max}
        int={kind.int}
        exclusiveMin={range ? false : kind.exclusiveMin}
        step={info.step}
        label={info.label}
        onCommit={(v) => edit(v)}
      />
    );
  } else {
    control = <code className="raw-value">{JSON.stringify(value)}</code>;
  }

  return (
    <div className={`knob${inactive ? ' is-inactive' : ''}${changed ? ' is-changed' : ''}`} data-knob={path}>
      <div className="knob-row">
        <label htmlFor={id} className="knob-label" title={path}>
          {info.label}
        </label>
        <span className="knob-control">{control}</span>
        {changed && !staged ? (
          <button
            type="button"
            className="icon-button"
            aria-label={`Reset ${info.label} to its default`}
            title={`Default: ${JSON.stringify(getPath(DEFAULT_CONFIG, path))}`}
            onClick={() => edit(getPath(DEFAULT_CONFIG, path))}
          >
            ↺
          </button>
        ) : (
          <span className="icon-spacer" />
        )}
      </div>
      <div className="knob-help">
        {info.help}
        {note ? ` ${note}` : ''}
        {staged ? <span className="chip chip-pending">applies on reset</span> : null}
        {inactive ? <span className="chip chip-muted">inactive: {inactive}</span> : null}
      </div>
    </div>
  );
}
