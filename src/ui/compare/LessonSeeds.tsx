// A lesson's variants on several seeds: the same comparison the lesson checker (`npm run lessons`) runs headless, at
// the lesson's step budget, in the seeds worker, with bands and intervals in the comparison panel.
import { useState } from 'react';
import { validateConfig, type Backend } from '../../engine/config';
import { COMPARE_LIMITS, seedRange } from '../../share/compare-link';
import type { Lesson } from '../../share/lessons';
import { useSeedCompareStore } from './context';

export function LessonSeeds({ lesson, backend }: { lesson: Lesson; backend: Backend }) {
  const store = useSeedCompareStore();
  const [error, setError] = useState<string | null>(null);
  const variants = lesson.variants ?? [];
  if (!store || variants.length < 2) return null;
  const n = COMPARE_LIMITS.defaultSeeds;
  const run = () => {
    const base = validateConfig(lesson.config);
    if (!base.config) return setError(base.errors.join('; '));
    const steps = Math.min(lesson.suggestedSteps, COMPARE_LIMITS.maxSteps);
    setError(
      store.start(
        { variants: variants.map((v) => ({ name: v.name, patch: v.patch })), seeds: seedRange(base.config.seed, n), steps },
        base.config,
        backend,
      ),
    );
  };
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={run}
        data-testid="lesson-seeds"
        title="Every variant on each seed, with 95% intervals (in a separate worker; the lesson's run stays)"
      >
        Run on {n} seeds ({n * variants.length} runs of {lesson.suggestedSteps} steps)
      </button>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}
