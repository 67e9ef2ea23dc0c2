// One group of rollouts for the same problem: prompt (expert prefix and hint highlighted), completion,
// reward components, advantage coloured by sign, and optionally another variant's advantage.
import type { RunConfig } from '../engine/config';
import type { GroupSnapshot, RolloutSnapshot } from '../engine/rl/types';
import { getTask } from '../engine/tasks';
import { formatNumber } from './knobs';

interface Props {
  group: GroupSnapshot;
  index: number;
  config: RunConfig;
  ownLabel: string;
  variantLabel?: string;
  variantAdvantages?: number[];
  variantExcluded?: boolean[];
}

const EPS = 1e-8;

function sign(a: number): 'pos' | 'neg' | 'zero' {
  return a > EPS ? 'pos' : a < -EPS ? 'neg' : 'zero';
}

function prefixFor(config: RunConfig, expertId: string): string | undefined {
  const list = config.experts.list ?? getTask(config.task).experts.map((e) => ({ id: e.id, prefix: e.prefix }));
  return list.find((e) => e.id === expertId)?.prefix;
}

function Prompt({ r, question, config }: { r: RolloutSnapshot; question: string; config: RunConfig }) {
  const p = r.prompt;
  const qStart = p.endsWith(question) ? p.length - question.length : p.length;
  let prefix = prefixFor(config, r.expertId);
  if (prefix === undefined || !p.startsWith(prefix)) prefix = r.hintLevel > 0 ? '' : p.slice(0, qStart);
  const hint = p.slice(prefix.length, qStart);
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
      <span className="tok-question">{p.slice(qStart)}</span>
    </span>
  );
}

function Adv({ value, excluded, testId }: { value: number; excluded?: boolean; testId?: string }) {
  const s = sign(value);
  const width = Math.min(100, Math.abs(value) * 40);
  return (
    <span className={`adv adv-${s}${excluded ? ' adv-excluded' : ''}`} data-testid={testId} title={excluded ? 'excluded from the loss' : undefined}>
      <span className="adv-bar" style={{ width: `${width}%` }} />
      <span className="adv-value">{excluded ? 'excl.' : `${value > 0 ? '+' : ''}${formatNumber(value)}`}</span>
    </span>
  );
}

export function GroupCard({ group, index, config, ownLabel, variantLabel, variantAdvantages, variantExcluded }: Props) {
  const totals = group.rollouts.map((r) => r.total);
  const mean = totals.reduce((a, b) => a + b, 0) / Math.max(1, totals.length);
  const std = Math.sqrt(totals.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, totals.length - 1));
  const correct = group.rollouts.filter((r) => (r.rewards.correct ?? 0) >= 1).length;
  const names = Object.keys(group.rollouts[0]?.rewards ?? {});
  const withVariant = variantAdvantages !== undefined;
  return (
    <article
      className={`group-card${group.zeroAdvantage ? ' is-zero' : ''}${group.filtered ? ' is-filtered' : ''}`}
      data-testid="group-card"
      aria-label={`Group ${index + 1}: ${group.question}`}
    >
      <header className="group-head">
        <span className="group-index">#{index + 1}</span>
        <code className="group-question">{group.question}</code>
        <span className="group-answer">
          → <code>{group.answer}</code>
        </span>
        <span className="group-stats">
          {correct}/{group.rollouts.length} correct · r̄ {formatNumber(mean)} · σ {formatNumber(std)}
        </span>
        {group.filtered ? <span className="badge badge-amber">filtered out</span> : null}
        {group.zeroAdvantage && !group.filtered ? (
          <span className="badge badge-grey" title="All rewards equal: every advantage is 0 and the group teaches nothing this step">
            zero advantage
          </span>
        ) : null}
      </header>
      <div className={`rollouts${withVariant ? ' with-variant' : ''}`} role="table" aria-label="Rollouts">
        <div className="rollout rollout-head" role="row">
          <span role="columnheader">prompt</span>
          <span role="columnheader">completion</span>
          <span role="columnheader">rewards</span>
          <span role="columnheader" title={ownLabel}>
            advantage
          </span>
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
            <div className={`rollout${r.excluded ? ' is-excluded' : ''}`} role="row" key={i}>
              <span role="cell">
                <Prompt r={r} question={group.question} config={config} />
              </span>
              <span role="cell" className="completion">
                <code>{r.completion || '∅'}</code>
                {r.truncated ? <span className="tag" title="hit the length limit">trunc</span> : null}
              </span>
              <span role="cell" className="rewards">
                {names.map((n) => (
                  <span key={n} className={`reward-chip${r.rewards[n] > 0 ? ' on' : ''}`} title={n}>
                    {n === 'correct' ? (r.rewards[n] >= 1 ? '✓' : '✗') : `${n} ${formatNumber(r.rewards[n])}`}
                  </span>
                ))}
                <span className="reward-total">{formatNumber(r.total)}</span>
              </span>
              <span role="cell">
                <Adv value={r.advantage} excluded={r.excluded} />
              </span>
              {withVariant ? (
                <span role="cell" className="variant-col">
                  <Adv value={va ?? 0} excluded={variantExcluded?.[i]} />
                  {flip ? <span className="flip" title="sign differs from this run">⇄</span> : null}
                </span>
              ) : null}
            </div>
          );
        })}
      </div>
    </article>
  );
}
