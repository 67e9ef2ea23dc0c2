// "Compare variants": pick 2-4 variants of the current settings (a preset's variant knobs and/or typed knob
// changes); they then train live in lockstep with the same seed (a PairedRun in the worker), each as its own run, or
// run on several seeds for intervals (compare/SeedsStart.tsx, in the seeds worker).
import { useMemo, useState } from 'react';
import type { RunConfig } from '../../engine/config';
import { PRESETS } from '../../engine/rl/presets';
import { diffLabel } from '../../share/config-diff';
import { mergeConfig } from '../../engine/config';
import { Modal } from '../dialogs/Modal';
import type { VariantSpec } from '../state/store';
import { useStore } from '../state/useRun';
import { parseKnobPatch, presetPatch, resolveVariant } from './variants';
import { SeedsStart } from './SeedsStart';

interface Row {
  name: string;
  preset: string;
  knobs: string;
}

const LETTERS = ['A', 'B', 'C', 'D'];

function initialRows(base: RunConfig): Row[] {
  const other = base.preset === 'dr-grpo' ? 'grpo' : 'dr-grpo';
  return [
    { name: 'A', preset: '', knobs: '' },
    { name: 'B', preset: other, knobs: '' },
  ];
}

export function CompareDialog({ base, onClose }: { base: RunConfig; onClose: () => void }) {
  const store = useStore();
  const [rows, setRows] = useState<Row[]>(() => initialRows(base));
  const [error, setError] = useState<string | null>(null);
  const resolved = useMemo(
    () =>
      rows.map((r) => {
        const knobs = parseKnobPatch(r.knobs);
        const patch = mergeConfig(r.preset ? presetPatch(base, r.preset) : {}, knobs.patch);
        const v = resolveVariant(base, patch);
        return { patch, config: v.config, errors: [...knobs.errors, ...v.errors] };
      }),
    [rows, base],
  );
  const update = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const ok = resolved.every((r) => r.config && !r.errors.length) && rows.every((r) => r.name.trim());
  const start = () => {
    const variants: VariantSpec[] = rows.map((r, i) => ({ name: r.name.trim(), patch: resolved[i].patch }));
    const err = store.startPaired(variants);
    if (err) setError(err);
    else onClose();
  };
  return (
    <Modal title="Compare variants" onClose={onClose} className="modal-wide" testId="compare-dialog">
      <p className="modal-intro">
        Each variant is the current settings (<code>{base.task}</code>, seed {base.seed}, B {base.prompts}, G {base.groupSize}) with a
        preset’s variant knobs and/or your own changes. All variants train with the <strong>same seed</strong>, step by step: they draw the
        same prompts and the same sampling random numbers (common random numbers), so their difference measures the knob, not the luck of
        the draw. Variant A is the reference. One seed is still an anecdote: run them on several seeds for intervals.
      </p>
      <ol className="variant-rows">
        {rows.map((r, i) => {
          const res = resolved[i];
          return (
            <li key={i} className="variant-row" data-testid="variant-row">
              <span className="variant-index" aria-hidden="true">
                {i + 1}
              </span>
              <label className="variant-field">
                <span>Name</span>
                <input
                  value={r.name}
                  maxLength={40}
                  onChange={(e) => update(i, { name: e.target.value })}
                  aria-label={`Variant ${i + 1} name`}
                />
              </label>
              <label className="variant-field">
                <span>Preset knobs</span>
                <select value={r.preset} onChange={(e) => update(i, { preset: e.target.value })} aria-label={`Variant ${i + 1} preset`}>
                  <option value="">current settings</option>
                  {PRESETS.map((p) => (
                    <option key={p.name} value={p.name}>
                      {p.title}
                    </option>
                  ))}
                </select>
              </label>
              <label className="variant-field variant-knobs">
                <span>Knob changes</span>
                <input
                  value={r.knobs}
                  placeholder="e.g. groupSize=2, advantage.baseline=median"
                  onChange={(e) => update(i, { knobs: e.target.value })}
                  aria-label={`Variant ${i + 1} knob changes`}
                  spellCheck={false}
                />
              </label>
              <button
                type="button"
                className="icon-button"
                disabled={rows.length <= 2}
                onClick={() => setRows(rows.filter((_, j) => j !== i))}
                aria-label={`Remove variant ${i + 1}`}
              >
                ×
              </button>
              <div className={`variant-diff${res.errors.length ? ' is-error' : ''}`} data-testid="variant-diff">
                {res.errors.length
                  ? res.errors.join('; ')
                  : res.config
                    ? i === 0
                      ? diffLabel(base, res.config)
                      : `vs A: ${diffLabel(resolved[0].config ?? base, res.config)}`
                    : ''}
              </div>
            </li>
          );
        })}
      </ol>
      <SeedsStart
        base={base}
        backend={store.getSnapshot().pendingBackend ?? store.getSnapshot().backendPref}
        variants={ok ? rows.map((r, i) => ({ name: r.name.trim(), patch: resolved[i].patch })) : null}
        onStarted={onClose}
      />
      <div className="modal-actions">
        <button
          type="button"
          className="button"
          disabled={rows.length >= 4}
          onClick={() => setRows([...rows, { name: LETTERS[rows.length] ?? `V${rows.length + 1}`, preset: '', knobs: '' }])}
        >
          + Add a variant
        </button>
        <span className="spacer" />
        {error ? <span className="field-error">{error}</span> : null}
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button" disabled={!ok} onClick={start} data-testid="start-paired">
          Train live in lockstep (seed {base.seed})
        </button>
      </div>
    </Modal>
  );
}
