// One group of rollouts for the same problem: prompt (expert prefix and hint highlighted), completion,
// reward components, advantage coloured by sign, and optionally another variant's advantage.
import type { GroupSnapshot, RolloutSnapshot } from '../../engine/rl/types';
import type { UpdatePhaseName } from '../../worker/protocol';
import { formatNumber } from '../knobs';

interface Props {
  group: GroupSnapshot;
  index: number;
  ownLabel: string;
  variantLabel?: string;
  variantAdvantages?: number[];
  variantExcluded?: boolean[];
  /** Step-through: show the group as of this phase (no rewards before scoring, no advantages before computing them). */
  phase?: UpdatePhaseName;
  /** A run label in front of the question (paired runs side by side), with its colour. */
  runLabel?: { name: string; color: string };
}

const PHASE_ORDER: readonly UpdatePhaseName[] = ['sample', 'score', 'filter', 'advantage', 'update'];

const EPS = 1e-8;

function sign(a: number): 'pos' | 'neg' | 'zero' {
  return a > EPS ? 'pos' : a < -EPS ? 'neg' : 'zero';
}

/** The prompt with its expert prefix and hint marked, from the snapshot's own prefix and hint fields. */
function Prompt({ r }: { r: RolloutSnapshot }) {
  const p = r.prompt;
  const prefix = r.prefix && p.startsWith(r.prefix) ? r.prefix : '';
  const afterPrefix = p.slice(prefix.length);
  const hint = r.hint && afterPrefix.startsWith(r.hint) ? r.hint : '';
  const question = afterPrefix.slice(hint.length);
  return (
    <span className="prompt">
      {prefix ? (
        <span className="tok-prefix" title={`expert prefix (${r.expertId})`}>
          {prefix}
        </span>
      ) : null}
      {hint ? (
        <mark className="tok-hint" title={`hint level ${r.hintLevel}`}>
          {hint}
        </mark>
      ) : null}
      <span className="tok-question">{question}</span>
    </span>
  );
}

function Adv({ value, excluded, testId }: { value: number; excluded?: boolean; testId?: string }) {
  const s = sign(value);
  const width = Math.min(100, Math.abs(value) * 40);
  return (
    <span
      className={`adv adv-${s}${excluded ? ' adv-excluded' : ''}`}
      data-testid={testId}
      title={excluded ? 'excluded from the loss' : undefined}
    >
      <span className="adv-bar" style={{ width: `${width}%` }} />
      <span className="adv-value">{excluded ? 'excl.' : `${value > 0 ? '+' : ''}${formatNumber(value)}`}</span>
    </span>
  );
}

export function GroupCard({ group, index, ownLabel, variantLabel, variantAdvantages, variantExcluded, phase, runLabel }: Props) {
  const at = phase ? PHASE_ORDER.indexOf(phase) : PHASE_ORDER.length;
  const scored = at >= 1;
  const withAdvantage = at >= 3;
  const totals = group.rollouts.map((r) => r.total);
  const mean = totals.reduce((a, b) => a + b, 0) / Math.max(1, totals.length);
  const std = Math.sqrt(totals.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, totals.length - 1));
  const correct = group.rollouts.filter((r) => (r.rewards.correct ?? 0) >= 1).length;
  const names = Object.keys(group.rollouts[0]?.rewards ?? {});
  const withVariant = variantAdvantages !== undefined && withAdvantage;
  const cols = `${scored ? '' : ' no-rewards'}${withAdvantage ? '' : ' no-advantage'}${withVariant ? ' with-variant' : ''}`;
  return (
    <article
      className={`group-card${group.zeroAdvantage && withAdvantage ? ' is-zero' : ''}${group.filtered ? ' is-filtered' : ''}`}
      data-testid="group-card"
      data-problem={group.problemId}
      aria-label={`Group ${index + 1}: ${group.question}`}
      style={runLabel ? { borderLeftColor: runLabel.color } : undefined}
    >
      <header className="group-head">
        {runLabel ? (
          <span className="group-run" style={{ color: runLabel.color }}>
            {runLabel.name}
          </span>
        ) : (
          <span className="group-index">#{index + 1}</span>
        )}
        <code className="group-question">{group.question}</code>
        <span className="group-answer">
          → <code>{group.answer}</code>
        </span>
        <span className="group-stats">
          {scored
            ? `${correct}/${group.rollouts.length} correct · r̄ ${formatNumber(mean)} · σ ${formatNumber(std)}`
            : `${group.rollouts.length} completions, not scored yet`}
        </span>
        {group.filtered ? <span className="badge badge-amber">filtered out</span> : null}
        {group.zeroAdvantage && !group.filtered && withAdvantage ? (
          <span className="badge badge-grey" title="All rewards equal: every advantage is 0 and the group teaches nothing this step">
            zero advantage
          </span>
        ) : null}
      </header>
      <div className={`rollouts${cols}`} role="table" aria-label="Rollouts">
        <div className="rollout rollout-head" role="row">
          <span role="columnheader">prompt</span>
          <span role="columnheader">completion</span>
          {scored ? <span role="columnheader">rewards</span> : null}
          {withAdvantage ? (
            <span role="columnheader" title={ownLabel}>
              advantage
            </span>
          ) : null}
          {withVariant ? (
            <span role="columnheader" className="variant-col" title={variantLabel}>
              {variantLabel}
            </span>
          ) : null}
        </div>
        {group.rollouts.map((r, i) => {
          const va = variantAdvantages?.[i];
          const flip = va !== undefined && sign(va) !== 'zero' && sign(r.advantage) !== 'zero' && sign(va) !== sign(r.advantage);
          return (
            <div className={`rollout${r.excluded && withAdvantage ? ' is-excluded' : ''}`} role="row" key={i}>
              <span role="cell">
                <Prompt r={r} />
              </span>
              <span role="cell" className="completion">
                <code>{r.completion || '∅'}</code>
                {r.truncated ? (
                  <span className="tag" title="hit the length limit">
                    trunc
                  </span>
                ) : null}
              </span>
              {scored ? (
                <span role="cell" className="rewards">
                  {names.map((n) => (
                    <span key={n} className={`reward-chip${r.rewards[n] > 0 ? ' on' : ''}`} title={n}>
                      {n === 'correct' ? (r.rewards[n] >= 1 ? '✓' : '✗') : `${n} ${formatNumber(r.rewards[n])}`}
                    </span>
                  ))}
                  <span className="reward-total">{formatNumber(r.total)}</span>
                </span>
              ) : null}
              {withAdvantage ? (
                <span role="cell">
                  <Adv value={r.advantage} excluded={r.excluded} />
                </span>
              ) : null}
              {withVariant ? (
                <span role="cell" className="variant-col">
                  <Adv value={va ?? 0} excluded={variantExcluded?.[i]} />
                  {flip ? (
                    <span className="flip" title="sign differs from this run">
                      ⇄
                    </span>
                  ) : null}
                </span>
              ) : null}
            </div>
          );
        })}
      </div>
    </article>
  );
}
