// The compare dialog's "several seeds" part: how many seeds and steps, and the button that runs every variant on
// every seed (in the seeds worker) instead of one live lockstep run.
import { useId, useState } from 'react';
import type { Backend, RunConfig } from '../../engine/config';
import { COMPARE_LIMITS, seedRange, type ComparisonVariant } from '../../share/compare-link';
import { useSeedCompareStore } from './context';

/** A whole number in [min, max] from a field, or a sentence saying what is wrong. */
export function parseCount(raw: string, label: string, min: number, max: number, hint = ''): number | string {
  const t = raw.trim();
  if (!/^\d+$/.test(t)) return `${label}: a whole number from ${min} to ${max}.`;
  const n = Number(t);
  if (n < min || n > max) return `${label}: ${min} to ${max}${hint} (got ${t}).`;
  return n;
}

interface Props {
  base: RunConfig;
  backend: Backend;
  /** The dialog's variants, or null while one of them is invalid. */
  variants: ComparisonVariant[] | null;
  onStarted: () => void;
}

export function SeedsStart({ base, backend, variants, onStarted }: Props) {
  const store = useSeedCompareStore();
  const [seedsRaw, setSeedsRaw] = useState(String(COMPARE_LIMITS.defaultSeeds));
  const [stepsRaw, setStepsRaw] = useState(String(COMPARE_LIMITS.defaultSteps));
  const [error, setError] = useState<string | null>(null);
  const errId = useId();
  if (!store) return null;
  const seeds = parseCount(seedsRaw, 'Seeds', 1, COMPARE_LIMITS.maxSeeds, ' in the browser; `npm run sweep` runs more');
  const steps = parseCount(stepsRaw, 'Steps per run', 1, COMPARE_LIMITS.maxSteps);
  const fieldError = [seeds, steps].filter((x): x is string => typeof x === 'string').join(' ');
  const shown = fieldError || error;
  const run = () => {
    if (!variants || typeof seeds !== 'number' || typeof steps !== 'number') return;
    const err = store.start({ variants, seeds: seedRange(base.seed, seeds), steps }, base, backend);
    if (err) setError(err);
    else onStarted();
  };
  return (
    <fieldset className="seeds-fields" data-testid="seeds-fields">
      <legend>Several seeds: every variant on every seed, with a 95% band and paired differences</legend>
      <label className="variant-field">
        <span>Seeds</span>
        <input
          inputMode="numeric"
          value={seedsRaw}
          onChange={(e) => {
            setSeedsRaw(e.target.value);
            setError(null);
          }}
          aria-describedby={shown ? errId : undefined}
          aria-invalid={typeof seeds === 'string'}
          data-testid="seeds-count"
        />
      </label>
      <label className="variant-field">
        <span>Steps per run</span>
        <input
          inputMode="numeric"
          value={stepsRaw}
          onChange={(e) => {
            setStepsRaw(e.target.value);
            setError(null);
          }}
          aria-describedby={shown ? errId : undefined}
          aria-invalid={typeof steps === 'string'}
          data-testid="seeds-steps"
        />
      </label>
      <span className="muted seeds-from">
        {typeof seeds === 'number' ? `seeds ${base.seed}${seeds > 1 ? `–${base.seed + seeds - 1}` : ''}` : ''}
      </span>
      <button type="button" className="button button-primary" disabled={!variants || !!fieldError} onClick={run} data-testid="start-seeds">
        Run on {typeof seeds === 'number' ? seeds : '?'} seed{seeds === 1 ? '' : 's'}
      </button>
      {shown ? (
        <span className="field-error" id={errId} role="alert" data-testid="seeds-error">
          {shown}
        </span>
      ) : null}
    </fieldset>
  );
}
