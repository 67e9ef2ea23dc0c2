// The group inspector: the latest step's groups, each rollout's prompt and completion, its rewards and its
// advantage coloured by sign, plus what another advantage variant would give the same rewards.
import { memo, useMemo, useState } from 'react';
import type { RunConfig } from '../engine/config';
import type { GroupSnapshot } from '../engine/rl/types';
import { GroupCard } from './GroupCard';
import { presetVariants, recompute, runVariant, selfCheck, trainedGroups, type Variant } from './inspectorMath';

interface Props {
  groups: readonly GroupSnapshot[];
  step: number;
  config: RunConfig;
}

const VARIANTS = presetVariants();
const SHOW_FIRST = 4;

function InspectorImpl({ groups, step, config }: Props) {
  const [variantId, setVariantId] = useState('');
  const [showAll, setShowAll] = useState(false);
  const variant: Variant | null = variantId ? (VARIANTS.find((v) => v.id === variantId) ?? null) : null;
  const trained = useMemo(() => trainedGroups(groups), [groups]);
  const alt = useMemo(() => (variant ? recompute(trained, config, variant) : null), [trained, config, variant]);
  const check = useMemo(() => {
    if (!trained.length || trained.length < config.prompts) return null;
    return selfCheck(groups, config);
  }, [groups, trained, config]);
  const shown = showAll ? groups : groups.slice(0, SHOW_FIRST);
  const own = runVariant(config);

  return (
    <section className="panel inspector" aria-label="Group inspector" data-testid="inspector">
      <header className="panel-head">
        <h2>Groups</h2>
        <span className="panel-sub">
          {groups.length ? `step ${step} · ${trained.length} trained group${trained.length === 1 ? '' : 's'}${groups.length > trained.length ? `, ${groups.length - trained.length} filtered` : ''}` : 'no step yet'}
        </span>
        <label className="variant-select">
          <span>Compare with</span>
          <select value={variantId} onChange={(e) => setVariantId(e.target.value)} aria-label="Recompute the advantages with another variant">
            <option value="">— nothing —</option>
            {VARIANTS.map((v) => (
              <option key={v.id} value={v.id}>
                {v.label}
                {v.sameAs.length ? ` (= ${v.sameAs.join(', ')})` : ''}
              </option>
            ))}
          </select>
        </label>
      </header>
      {variant ? (
        <p className="inspector-note">
          Right column: the advantages <strong>{variant.label}</strong> would give these same rewards, from the same <code>computeAdvantages</code> the trainer runs
          {trained.length < config.prompts ? ' (batch-level terms use only the groups shown)' : ''}. ⇄ marks a sign flip.
        </p>
      ) : null}
      {check !== null ? (
        <p className={`inspector-check ${check < 1e-9 ? 'ok' : 'bad'}`} data-testid="inspector-check">
          {check < 1e-9 ? '✓ Recomputed on this page with the run’s settings: identical to the trainer’s advantages.' : `Recomputed advantages differ from the trainer’s by up to ${check.toExponential(2)}.`}
        </p>
      ) : null}
      {groups.length === 0 ? <div className="empty">Groups appear after the first step.</div> : null}
      <div className="group-list">
        {shown.map((g, i) => {
          const ti = trained.indexOf(g);
          return (
            <GroupCard
              key={`${g.problemId}-${i}`}
              group={g}
              index={i}
              config={config}
              variantLabel={variant?.label}
              variantAdvantages={alt && ti >= 0 ? alt.advantages[ti] : undefined}
              variantExcluded={alt && ti >= 0 ? alt.excluded[ti] : undefined}
              ownLabel={own.label}
            />
          );
        })}
      </div>
      {groups.length > SHOW_FIRST ? (
        <button type="button" className="link-button" onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show fewer groups' : `Show all ${groups.length} groups`}
        </button>
      ) : null}
    </section>
  );
}

export const Inspector = memo(InspectorImpl);
