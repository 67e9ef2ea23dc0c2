// Step through one update: the worker holds after each of the five phases (sample, score, filter, advantage,
// update) and the groups are shown as they stand after that phase: completions, then rewards, then the groups
// kept by the data-side hooks, then advantages, then the loss and gradient norm of the update. After the last
// phase the step finishes as any other and its metrics arrive on the charts.
import './StepThrough.css';
import { memo, useState } from 'react';
import type { UpdatePhaseName } from '../../worker/protocol';
import { phaseText } from '../../share/phase-text';
import { GroupCard } from './GroupCard';
import { formatNumber } from '../knobs';
import type { StepThroughState } from '../state/store';
import { useStore } from '../state/useRun';

const PHASES: ReadonlyArray<{ id: UpdatePhaseName; title: string; what: string }> = [
  {
    id: 'sample',
    title: 'Sample',
    what: 'The policy writes G completions for each of the B prompts (tokens drawn with seeded Gumbel noise).',
  },
  {
    id: 'score',
    title: 'Score',
    what: 'The task’s verifier scores every completion: correctness, format and any other reward, weighted into one total.',
  },
  {
    id: 'filter',
    title: 'Filter',
    what: 'Data-side hooks (dynamic sampling, dropping all-correct groups, hints) decide which groups are trained on.',
  },
  {
    id: 'advantage',
    title: 'Advantage',
    what: 'Each reward is compared with its group (baseline, scale): groups whose rewards are all equal get advantage 0 and teach nothing.',
  },
  {
    id: 'update',
    title: 'Update',
    what: 'The clipped policy-gradient loss over the tokens, weighted by the advantages, moves the weights (Adam).',
  },
];

const SHOW = 4;

function StepThroughImpl({ st }: { st: StepThroughState }) {
  const store = useStore();
  const [all, setAll] = useState(false);
  const last = st.phases[st.phases.length - 1];
  const at = last ? PHASES.findIndex((p) => p.id === last.phase) : -1;
  const info = at >= 0 ? PHASES[at] : null;
  const finalPhase = last?.phase === 'update';
  const groups = last ? (all ? last.groups : last.groups.slice(0, SHOW)) : [];
  return (
    <section
      className="panel step-through"
      aria-label="Step through one update"
      data-testid="step-through"
      data-phase={last?.phase ?? ''}
      data-done={st.done}
    >
      <header className="panel-head">
        <h2>Step {st.step}, phase by phase</h2>
        <ol className="phase-steps" aria-label="Phases of one update">
          {PHASES.map((p, i) => (
            <li
              key={p.id}
              className={i < at || st.done ? 'is-done' : i === at ? 'is-current' : ''}
              data-testid={`phase-pill-${p.id}`}
              aria-current={i === at && !st.done ? 'step' : undefined}
            >
              <span className="phase-num">{i + 1}</span> {p.title}
            </li>
          ))}
        </ol>
        <span className="spacer" />
        <button type="button" className="icon-button" aria-label="Close the step-through" onClick={() => store.closeStepThrough()}>
          ×
        </button>
      </header>
      {st.done ? (
        <p className="phase-done" data-testid="phase-done">
          ✓ Step {st.step} is complete: its metrics are on the charts and its groups in the inspector below.
          <button type="button" className="button button-small" onClick={() => store.stepThrough()}>
            Step through the next update
          </button>
        </p>
      ) : null}
      {!last && !st.done ? <p className="muted">Sampling the first phase…</p> : null}
      {last && info ? (
        <div className="phase-body">
          <div className="phase-head">
            <strong className="phase-name" data-testid="phase-name">
              {info.title}
            </strong>
            <span className="phase-summary" data-testid="phase-summary">
              {phaseText(last.phase, last.values)}
            </span>
          </div>
          <p className="phase-what">{info.what}</p>
          <div className="phase-values" data-testid="phase-values">
            {Object.entries(last.values).map(([k, v]) => (
              <span key={k} className="phase-value">
                <span className="muted">{k}</span> <strong>{formatNumber(v)}</strong>
              </span>
            ))}
          </div>
          {!st.done ? (
            <div className="phase-actions">
              <button
                type="button"
                className="button button-primary"
                disabled={st.waiting}
                onClick={() => store.nextPhase(false)}
                data-testid="next-phase"
              >
                {st.waiting ? 'Working…' : finalPhase ? 'Finish the step' : `Next phase: ${PHASES[at + 1]?.title}`}
              </button>
              <button type="button" className="button" disabled={st.waiting} onClick={() => store.nextPhase(true)}>
                Run the rest of the step
              </button>
            </div>
          ) : null}
          <div className="group-list phase-groups">
            {groups.map((g, i) => (
              <GroupCard key={`${g.problemId}-${i}`} group={g} index={i} ownLabel="advantage" phase={last.phase} />
            ))}
          </div>
          {last.groups.length > SHOW ? (
            <button type="button" className="link-button" onClick={() => setAll(!all)}>
              {all ? 'Show fewer groups' : `Show all ${last.groups.length} groups`}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

export const StepThrough = memo(StepThroughImpl);
