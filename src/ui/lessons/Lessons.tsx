// Guided lessons (src/share/lessons.ts): a dialog listing them, and the panel of the open lesson with its text
// (summary, steps, what to watch on which chart and why, arXiv sources), a button that trains the suggested number
// of steps and the lesson's shareable link.
import './Lessons.css';
import { memo, useState } from 'react';
import { LESSONS, getLesson, type Lesson } from '../../share/lessons';
import { encodeState, lessonBaseConfig } from '../../share/url';
import { Modal } from '../dialogs/Modal';
import { useStore } from '../state/useRun';
import { LessonSeeds } from '../compare/LessonSeeds';

function Sources({ lesson }: { lesson: Lesson }) {
  return (
    <span className="lesson-sources">
      {lesson.sources.map((s) => (
        <a key={s} className="arxiv" href={`https://arxiv.org/abs/${s.replace(/^arXiv:/, '')}`} target="_blank" rel="noreferrer">
          {s}
        </a>
      ))}
    </span>
  );
}

/** The shareable link of a lesson: `#v=1&lesson=<id>` (the lesson fixes the config and its variants). */
export function lessonHash(id: string): string {
  const config = lessonBaseConfig(id);
  return config ? `#${encodeState({ config, lesson: id })}` : '';
}

export function LessonsDialog({ onClose }: { onClose: () => void }) {
  const store = useStore();
  return (
    <Modal title="Lessons" onClose={onClose} className="modal-wide" testId="lessons-dialog">
      <p className="modal-intro">
        Each lesson sets up a run (most of them a paired comparison of 2-3 variants on the same prompts), says which charts to watch and
        what the paper predicts you will see. Runs use the shipped tiny base policies and take a minute or two on a laptop.
      </p>
      <ul className="lesson-list">
        {LESSONS.map((l) => (
          <li key={l.id} className="lesson-item" data-testid="lesson-item">
            <div className="lesson-item-head">
              <strong>{l.title}</strong>
              <Sources lesson={l} />
            </div>
            <p className="lesson-summary">{l.summary}</p>
            <div className="lesson-meta">
              <span className="chip">{l.variants?.length ? `${l.variants.length} variants in lockstep` : 'one run'}</span>
              <span className="chip">~{l.suggestedSteps} steps</span>
              <span className="spacer" />
              <a className="link-button" href={lessonHash(l.id)} onClick={onClose} title="The lesson's shareable link (opens it)">
                #{l.id}
              </a>
              <button
                type="button"
                className="button button-small button-primary"
                onClick={() => {
                  store.openLesson(l.id);
                  onClose();
                }}
                aria-label={`Open the lesson ${l.title}`}
              >
                Open
              </button>
            </div>
          </li>
        ))}
      </ul>
    </Modal>
  );
}

function LessonPanelImpl({ id, step, canTrain }: { id: string; step: number; canTrain: boolean }) {
  const store = useStore();
  const lesson = getLesson(id);
  const [copied, setCopied] = useState(false);
  const [open, setOpen] = useState(true);
  if (!lesson) return null;
  const link = `${location.origin}${location.pathname}${location.search}${lessonHash(lesson.id)}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      /* the link is visible in the field */
    }
  };
  const left = Math.max(0, lesson.suggestedSteps - step);
  return (
    <section className="panel lesson-panel" aria-label={`Lesson: ${lesson.title}`} data-testid="lesson-panel" data-lesson={lesson.id}>
      <header className="panel-head">
        <button
          type="button"
          className="collapse"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
          aria-label={open ? 'Collapse the lesson' : 'Expand the lesson'}
        >
          <span className={`caret${open ? ' open' : ''}`} aria-hidden="true" />
          <span className="badge badge-blue">Lesson</span>
          <h2 data-testid="lesson-title">{lesson.title}</h2>
        </button>
        <Sources lesson={lesson} />
        <span className="spacer" />
        <button type="button" className="button button-small" onClick={copy} title={link} data-testid="lesson-link">
          {copied ? 'Copied' : 'Copy lesson link'}
        </button>
        <button type="button" className="icon-button" aria-label="Close the lesson" onClick={() => store.closeLesson()}>
          ×
        </button>
      </header>
      {open ? (
        <div className="lesson-body">
          <p className="lesson-summary" data-testid="lesson-summary">
            {lesson.summary}
          </p>
          <div className="lesson-cols">
            <div>
              <h3>Steps</h3>
              <ol className="lesson-steps">
                {lesson.steps.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ol>
              <div className="lesson-train">
                <button
                  type="button"
                  className="button button-primary"
                  disabled={!canTrain || left === 0}
                  onClick={() => store.step(left)}
                  data-testid="lesson-train"
                >
                  {left === 0
                    ? `Trained ${lesson.suggestedSteps} steps`
                    : step
                      ? `Train the remaining ${left} steps`
                      : `Train ${lesson.suggestedSteps} steps`}
                </button>
                <span className="muted">
                  {step}/{lesson.suggestedSteps} steps
                </span>
                <LessonSeeds lesson={lesson} backend={store.getSnapshot().backendPref} />
              </div>
            </div>
            <div>
              <h3>What to watch</h3>
              <dl className="lesson-watch">
                {lesson.watch.map((w) => (
                  <div key={w.chart} className="lesson-watch-item">
                    <dt>
                      <span className="watch-star" aria-hidden="true">
                        ★
                      </span>{' '}
                      <code>{w.chart}</code>
                    </dt>
                    <dd>{w.expect}</dd>
                  </div>
                ))}
              </dl>
            </div>
          </div>
        </div>
      ) : null}
    </section>
  );
}

export const LessonPanel = memo(LessonPanelImpl);
