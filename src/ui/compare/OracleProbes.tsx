// p(x) in the inspector. The oracle measures a prompt's success probability p(x) on held-out probe prompts (which
// training never draws), so a training group has none; this section says so and shows each probe's p(x) beside the
// group the oracle judged the advantage estimator on, with the true advantage r − V(x) in the right column.
import { createContext, useContext, useState, useSyncExternalStore } from 'react';
import type { RunConfig } from '../../engine/config';
import { GroupCard } from '../inspector/GroupCard';
import { formatNumber } from '../knobs';
import type { ProbeStore } from './probeStore';
import './compare.css';

export const ProbeStoreContext = createContext<ProbeStore | null>(null);

const noSubscribe = () => () => undefined;
const EMPTY = { runId: -1, byVariant: [] };
const SHOW_FIRST = 3;

/** Why the inspector has no p(x) to show for this run (null when it has some). */
export function whyNoProbes(config: RunConfig): string {
  if (config.oracleSamples <= 0) return 'p(x) is not measured: the oracle is off for this run (oracleSamples 0).';
  if (config.evalEvery <= 0) return 'p(x) is not measured: the oracle runs with each eval, and evals are off (evalEvery 0).';
  return `p(x) is first measured at step ${config.evalEvery} (the oracle runs with each eval, every ${config.evalEvery} steps).`;
}

interface Props {
  config: RunConfig;
  /** Variant index of the groups the inspector shows (0 for a single run). */
  variant: number;
  /** Problem ids of the training groups shown, to mark any that is also a probe. */
  trainedIds: readonly string[];
}

export function OracleProbes({ config, variant, trainedIds }: Props) {
  const store = useContext(ProbeStoreContext);
  const state = useSyncExternalStore(store?.subscribe ?? noSubscribe, store?.getSnapshot ?? (() => EMPTY));
  const [showAll, setShowAll] = useState(false);
  // Closed by default, and its group cards are rendered only while open (the inspector's own cards stay the only
  // ones on a closed page).
  const [open, setOpen] = useState(false);
  if (!store) return null;
  const probes = state.byVariant[variant];
  if (!probes?.length) {
    return (
      <p className="inspector-note oracle-note" data-testid="oracle-px-none">
        {whyNoProbes(config)}
      </p>
    );
  }
  const probeIds = new Set(probes.map((p) => p.problemId));
  const overlap = trainedIds.filter((id) => probeIds.has(id)).length;
  const shown = showAll ? probes : probes.slice(0, SHOW_FIRST);
  const step = probes[0].step;
  return (
    <details className="oracle-probes" data-testid="oracle-probes" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        p(x) from the oracle at step {step}: {probes.length} probe prompts, mean{' '}
        {formatNumber(probes.reduce((a, p) => a + p.p, 0) / probes.length)}
      </summary>
      {open ? (
        <>
          <p className="inspector-note" data-testid="oracle-px-why">
            {overlap
              ? `${overlap} of the groups above are probe prompts; their p(x) is below.`
              : 'The groups above have no p(x): the oracle measures it only on held-out probe prompts, which training never draws.'}{' '}
            Each probe’s p(x) comes from {config.oracleSamples} extra samples under the policy at step {step}, off the gradient path. Right
            column: the true advantage r − V(x) the estimator is judged against (⇄: the estimator has the wrong sign).
          </p>
          <div className="group-list">
            {shown.map((p, i) => (
              <div key={p.problemId} className="oracle-probe" data-testid="oracle-probe" data-px={p.p}>
                <div className="oracle-probe-head">
                  <span className="badge">p(x) = {formatNumber(p.p)}</span> <span className="muted">V(x) = {formatNumber(p.value)}</span>
                </div>
                <GroupCard
                  group={p.group}
                  index={i}
                  ownLabel="this run’s advantage"
                  variantLabel="true r − V(x)"
                  variantAdvantages={p.group.rollouts.map((r) => r.total - p.value)}
                  variantExcluded={p.group.rollouts.map((r) => r.excluded)}
                />
              </div>
            ))}
          </div>
          {probes.length > SHOW_FIRST ? (
            <button type="button" className="link-button" onClick={() => setShowAll(!showAll)}>
              {showAll ? 'Show fewer probes' : `Show all ${probes.length} probes`}
            </button>
          ) : null}
        </>
      ) : null}
    </details>
  );
}
