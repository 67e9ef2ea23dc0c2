// The group inspector: the latest step's groups, each rollout's prompt and completion, its rewards and its
// advantage coloured by sign, plus what another advantage variant would give the same rewards. In a paired
// comparison it shows one variant's groups, or every variant's group for the same prompt side by side.
import './Inspector.css';
import { memo, useMemo, useRef, useState } from 'react';
import type { RunConfig } from '../../engine/config';
import type { GroupSnapshot } from '../../engine/rl/types';
import { GroupCard } from './GroupCard';
import { OracleProbes } from '../compare/OracleProbes';
import { presetVariants, recompute, runVariant, selfCheck, trainedGroups, type Variant } from './inspectorMath';
import type { RunEntry } from '../state/store';
import { safeRunColor } from '../../share/run-colors';
import { useHeld, useOnScreen } from './useHeldOffScreen';

interface Props {
  groups: readonly GroupSnapshot[];
  step: number;
  config: RunConfig;
  /** Paired comparison: every variant's groups and its run (name, colour, config). */
  variantGroups?: ReadonlyArray<readonly GroupSnapshot[]>;
  variantRuns?: readonly RunEntry[];
  /** Training: while out of view the panel keeps its last groups (useHeldOffScreen.ts). */
  running?: boolean;
}

const VARIANTS = presetVariants();
const SHOW_FIRST = 4;
const SIDE_BY_SIDE = -1;

function InspectorImpl(props: Props) {
  const { config: baseConfig, variantRuns, running } = props;
  const ref = useRef<HTMLElement>(null);
  const onScreen = useOnScreen(ref);
  const { groups: ownGroups, step, variantGroups } = useHeld(props, !!running && !onScreen);
  const [variantId, setVariantId] = useState('');
  const [showAll, setShowAll] = useState(false);
  const paired = !!variantRuns && variantRuns.length > 1 && !!variantGroups;
  const [view, setView] = useState(0);
  const which = paired ? Math.min(view, variantRuns!.length - 1) : 0;
  const sideBySide = paired && view === SIDE_BY_SIDE;
  const groups = paired && !sideBySide ? (variantGroups![which] ?? []) : ownGroups;
  const config = paired && !sideBySide ? variantRuns![which].config : baseConfig;
  const variant: Variant | null = variantId ? (VARIANTS.find((v) => v.id === variantId) ?? null) : null;
  const trained = useMemo(() => trainedGroups(groups), [groups]);
  const alt = useMemo(() => (variant && !sideBySide ? recompute(trained, config, variant) : null), [trained, config, variant, sideBySide]);
  const check = useMemo(() => {
    if (sideBySide || !trained.length || trained.length < config.prompts) return null;
    return selfCheck(groups, config);
  }, [groups, trained, config, sideBySide]);
  const shown = showAll ? groups : groups.slice(0, SHOW_FIRST);
  const own = runVariant(config);
  const allGroups = paired ? variantGroups! : [ownGroups];
  const count = Math.max(0, ...allGroups.map((g) => g.length));
  const rowsShown = showAll ? count : Math.min(count, SHOW_FIRST);

  return (
    <section ref={ref} className="panel inspector" aria-label="Group inspector" data-testid="inspector">
      <header className="panel-head">
        <h2>Groups</h2>
        <span className="panel-sub">
          {groups.length
            ? `step ${step} · ${trained.length} trained group${trained.length === 1 ? '' : 's'}${groups.length > trained.length ? `, ${groups.length - trained.length} filtered` : ''}`
            : 'no step yet'}
        </span>
        {paired ? (
          <div className="segmented" role="group" aria-label="Variant shown in the inspector">
            {variantRuns!.map((r, i) => (
              <button
                key={r.id}
                type="button"
                className={view === i ? 'is-on' : ''}
                aria-pressed={view === i}
                onClick={() => setView(i)}
                title={r.name}
              >
                <span className="swatch" style={{ background: safeRunColor(r.color) }} /> {r.pair?.variant ?? r.name}
              </button>
            ))}
            <button
              type="button"
              className={sideBySide ? 'is-on' : ''}
              aria-pressed={sideBySide}
              onClick={() => setView(SIDE_BY_SIDE)}
              data-testid="inspector-side-by-side"
            >
              Same prompt, side by side
            </button>
          </div>
        ) : null}
        {sideBySide ? null : (
          <label className="variant-select">
            <span>Compare with</span>
            <select
              value={variantId}
              onChange={(e) => setVariantId(e.target.value)}
              aria-label="Recompute the advantages with another variant"
            >
              <option value="">— nothing —</option>
              {VARIANTS.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.label}
                  {v.sameAs.length ? ` (= ${v.sameAs.join(', ')})` : ''}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      {variant && !sideBySide ? (
        <p className="inspector-note">
          Right column: the advantages <strong>{variant.label}</strong> would give these same rewards, from the same{' '}
          <code>computeAdvantages</code> the trainer runs
          {trained.length < config.prompts ? ' (batch-level terms use only the groups shown)' : ''}. ⇄ marks a sign flip.
        </p>
      ) : null}
      {sideBySide ? (
        <p className="inspector-note">
          The variants ran in lockstep with the same seed, so each row is one prompt as every variant saw it this step: the same problem,
          sampled with the same random numbers (identical completions at step 1, correlated after).
        </p>
      ) : null}
      {check !== null ? (
        <p className={`inspector-check ${check < 1e-9 ? 'ok' : 'bad'}`} data-testid="inspector-check">
          {check < 1e-9
            ? '✓ Recomputed on this page with the run’s settings: identical to the trainer’s advantages.'
            : `Recomputed advantages differ from the trainer’s by up to ${check.toExponential(2)}.`}
        </p>
      ) : null}
      {count === 0 ? <div className="empty">Groups appear after the first step.</div> : null}
      {sideBySide ? (
        <div className="group-list">
          {Array.from({ length: rowsShown }, (_, gi) => {
            const row = variantGroups!.map((gs) => gs[gi]);
            const same = row.every((g) => g && g.problemId === row[0]?.problemId);
            return (
              <div className="same-prompt" key={gi} data-testid="same-prompt-row" data-same={same}>
                <div className="same-prompt-head">
                  <span className="group-index">#{gi + 1}</span>
                  <code className="group-question">{row[0]?.question}</code>
                  <span className={`badge ${same ? 'badge-green' : 'badge-amber'}`}>
                    {same ? 'same prompt in every variant' : 'prompts differ'}
                  </span>
                </div>
                {row.map((g, vi) =>
                  g ? (
                    <GroupCard
                      key={vi}
                      group={g}
                      index={gi}
                      ownLabel={variantRuns![vi].name}
                      runLabel={{ name: variantRuns![vi].pair?.variant ?? variantRuns![vi].name, color: variantRuns![vi].color }}
                    />
                  ) : null,
                )}
              </div>
            );
          })}
        </div>
      ) : (
        <div className="group-list">
          {shown.map((g, i) => {
            const ti = trained.indexOf(g);
            return (
              // Keyed by position: each step's new groups update the cards' text in place instead of rebuilding them.
              <GroupCard
                key={i}
                group={g}
                index={i}
                variantLabel={variant?.label}
                variantAdvantages={alt && ti >= 0 ? alt.advantages[ti] : undefined}
                variantExcluded={alt && ti >= 0 ? alt.excluded[ti] : undefined}
                ownLabel={own.label}
              />
            );
          })}
        </div>
      )}
      {count > SHOW_FIRST ? (
        <button type="button" className="link-button" onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show fewer groups' : `Show all ${count} groups`}
        </button>
      ) : null}
      {count > 0 ? <OracleProbes config={config} variant={sideBySide ? 0 : which} trainedIds={groups.map((g) => g.problemId)} /> : null}
    </section>
  );
}

export const Inspector = memo(InspectorImpl);
