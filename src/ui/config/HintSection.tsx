// Hint level with a worked example of what the prompt looks like at that level for the current task.
import { useMemo } from 'react';
import type { RunConfig, RunConfigInput } from '../../engine/config';
import { Rng } from '../../engine/rng';
import { getTask, resolveDifficulty } from '../../engine/tasks';
import { KnobField } from './KnobField';

interface Props {
  draft: RunConfig;
  onEdit: (patch: RunConfigInput) => string | null;
  staged: boolean;
}

export function HintSection({ draft, onEdit, staged }: Props) {
  const task = getTask(draft.task);
  const example = useMemo(() => {
    const difficulty = resolveDifficulty(task, draft.difficulty);
    const problem = task.sample(new Rng(0, 'ui-hint-example'), difficulty);
    const prefix = task.experts[0].prefix;
    const hint = draft.hintLevel > 0 ? task.hint(problem, Math.min(draft.hintLevel, task.hintLevels)) : '';
    return { prefix, hint, question: problem.question, answer: problem.answer };
  }, [task, draft.difficulty, draft.hintLevel]);
  return (
    <div className="hints">
      <KnobField
        path="hintLevel"
        draft={draft}
        onEdit={onEdit}
        staged={staged}
        range={{ min: 0, max: task.hintLevels }}
        note={`Levels 1–${task.hintLevels}.`}
      />
      <div className="hint-example" aria-label="Example prompt at this hint level">
        <span className="muted">Example prompt:</span>{' '}
        <code>
          <span className="tok-prefix">{example.prefix}</span>
          {example.hint ? <mark className="tok-hint">{example.hint}</mark> : null}
          <span className="tok-question">{example.question}</span>
        </code>{' '}
        <span className="muted">
          → <code>{example.answer}</code>
        </span>
      </div>
    </div>
  );
}
