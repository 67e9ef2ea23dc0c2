// Expert prompts: enable, disable, edit the prefix, add, remove. Prefixes are checked against the tokenizer's
// alphabet (unknownChars) before anything reaches the run; an invalid list stays local with a clear message.
import './ExpertEditor.css';
import { useEffect, useMemo, useState } from 'react';
import type { RunConfig, RunConfigInput } from '../../engine/config';
import { ALPHABET, unknownChars } from '../../engine/policy/tokenizer';
import { getTask } from '../../engine/tasks';

type Expert = NonNullable<RunConfig['experts']['list']>[number];

interface Props {
  draft: RunConfig;
  onEdit: (patch: RunConfigInput) => string | null;
  staged: boolean;
}

const MAX_EXPERTS = 8;

function listFor(cfg: RunConfig): Expert[] {
  return cfg.experts.list ?? getTask(cfg.task).experts.map((e) => ({ id: e.id, prefix: e.prefix, enabled: true, style: e.id }));
}

export function validateExperts(list: Expert[]): string[] {
  const errors: string[] = [];
  const ids = new Set<string>();
  list.forEach((e, i) => {
    const name = e.id || `#${i + 1}`;
    if (!e.id.trim()) errors.push(`Expert #${i + 1} needs an id.`);
    else if (ids.has(e.id)) errors.push(`Two experts are called "${e.id}": ids must be unique.`);
    ids.add(e.id);
    if (e.id.length > 24) errors.push(`Expert "${name}": the id is longer than 24 characters.`);
    if (e.prefix.length > 16) errors.push(`Expert "${name}": the prefix is longer than 16 characters.`);
    const bad = unknownChars(e.prefix);
    if (bad.length) {
      errors.push(
        `Expert "${name}": the prefix uses ${bad.map((c) => `“${c}”`).join(' ')}, which the model’s tokenizer cannot read. Allowed: lower-case letters, digits and ${ALPHABET.replace(/[0-9a-z]/g, '')}`,
      );
    }
  });
  if (list.length && !list.some((e) => e.enabled)) errors.push('Enable at least one expert.');
  return errors;
}

/** Allowed but probably not meant: said once, never blocks the run. */
export function expertWarnings(list: Expert[]): string[] {
  const warnings: string[] = [];
  const enabled = list.filter((e) => e.enabled);
  for (const e of enabled) {
    if (e.prefix === '')
      warnings.push(
        `Expert "${e.id}" has an empty prefix: its rollouts see the bare question, which the base policy never saw in warm-up.`,
      );
  }
  const seen = new Map<string, string>();
  for (const e of enabled) {
    const other = seen.get(e.prefix);
    if (other !== undefined && e.prefix !== '')
      warnings.push(`Experts "${other}" and "${e.id}" share the prefix "${e.prefix}": the model cannot tell them apart.`);
    seen.set(e.prefix, e.id);
  }
  return warnings;
}

export function ExpertEditor({ draft, onEdit, staged }: Props) {
  const task = getTask(draft.task);
  const source = useMemo(() => listFor(draft), [draft]);
  const [list, setList] = useState<Expert[]>(source);
  useEffect(() => setList(source), [source]);
  const errors = validateExperts(list);
  const warnings = expertWarnings(list);
  const [sendError, setSendError] = useState<string | null>(null);

  const commit = (next: Expert[]) => {
    setList(next);
    if (validateExperts(next).length) return;
    setSendError(onEdit({ experts: { list: next } }));
  };
  const update = (i: number, patch: Partial<Expert>, send: boolean) => {
    const next = list.map((e, j) => (j === i ? { ...e, ...patch } : e));
    if (send) commit(next);
    else setList(next);
  };

  return (
    <div className="expert-editor" data-testid="expert-editor">
      <div className="expert-head">
        <span className="knob-label">Expert prompts</span>
        {draft.experts.list ? (
          <button type="button" className="link-button" onClick={() => onEdit({ experts: { list: null } })}>
            Restore {task.name} defaults
          </button>
        ) : (
          <span className="muted">{task.name} defaults</span>
        )}
      </div>
      <p className="knob-help">
        {draft.experts.enabled
          ? 'Each group’s rollouts are spread over the enabled prefixes.'
          : 'Experts are off: every rollout uses the first enabled prefix.'}
        {staged ? <span className="chip chip-pending">applies on reset</span> : null}
      </p>
      <ul className="expert-list">
        {list.map((e, i) => {
          const bad = unknownChars(e.prefix);
          return (
            <li key={i} className={`expert-item${e.enabled ? '' : ' is-off'}`}>
              <input
                type="checkbox"
                checked={e.enabled}
                aria-label={`Enable expert ${e.id || i + 1}`}
                onChange={(ev) => update(i, { enabled: ev.target.checked }, true)}
              />
              <input
                className="expert-id"
                value={e.id}
                aria-label={`Expert ${i + 1} id`}
                maxLength={24}
                onChange={(ev) => update(i, { id: ev.target.value }, false)}
                onBlur={() => commit(list)}
                onKeyDown={(ev) => ev.key === 'Enter' && commit(list)}
              />
              <input
                className={`expert-prefix${bad.length ? ' is-invalid' : ''}`}
                value={e.prefix}
                aria-label={`Expert ${e.id || i + 1} prefix`}
                aria-invalid={bad.length ? true : undefined}
                placeholder="prefix"
                onChange={(ev) => update(i, { prefix: ev.target.value }, false)}
                onBlur={() => commit(list)}
                onKeyDown={(ev) => ev.key === 'Enter' && commit(list)}
              />
              <select
                value={e.style ?? (task.experts.some((t) => t.id === e.id) ? e.id : task.experts[0].id)}
                aria-label={`Expert ${e.id || i + 1} answer style`}
                title="Which answer format the verifier expects from this expert"
                onChange={(ev) => update(i, { style: ev.target.value }, true)}
              >
                {task.experts.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove expert ${e.id || i + 1}`}
                disabled={list.length <= 1}
                onClick={() => commit(list.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="button button-small"
        disabled={list.length >= MAX_EXPERTS}
        onClick={() => {
          let n = list.length + 1;
          while (list.some((e) => e.id === `custom${n}`)) n++;
          commit([...list, { id: `custom${n}`, prefix: '', enabled: true, style: task.experts[0].id }]);
        }}
      >
        + Add expert
      </button>
      {errors.length || sendError ? (
        <div className="field-error block" role="alert" data-testid="expert-error">
          {[...errors, ...(sendError ? [sendError] : [])].map((e) => (
            <div key={e}>{e}</div>
          ))}
        </div>
      ) : null}
      {warnings.length && !errors.length ? (
        <div className="knob-help" role="status" data-testid="expert-warning">
          {warnings.map((w) => (
            <div key={w}>⚠ {w}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
