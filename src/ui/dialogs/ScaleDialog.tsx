// "Run it at scale": a run's config as a TRL GRPOConfig Python snippet and as a verl YAML fragment, with copy
// buttons. Knobs neither framework can express are listed above the code (and stay as comments in it).
import { useMemo, useState } from 'react';
import { trlConfig } from '../../share/trl-config';
import { verlConfig } from '../../share/verl-config';
import { DEFAULT_STEPS, scaleProject } from '../../share/scale/project';
import { projectFolderName, projectZip } from '../../share/scale/zip';
import { download } from '../app/download';
import { Modal } from './Modal';
import type { RunEntry } from '../state/store';

interface Props {
  runs: readonly RunEntry[];
  initialId: string | null;
  onClose: () => void;
}

type Target = 'trl' | 'verl';

export function ScaleDialog({ runs, initialId, onClose }: Props) {
  const [id, setId] = useState(initialId ?? runs[0]?.id ?? '');
  const [target, setTarget] = useState<Target>('trl');
  const [copied, setCopied] = useState<Target | null>(null);
  const [projectError, setProjectError] = useState<string | null>(null);
  const run = runs.find((r) => r.id === id) ?? runs[0];
  const out = useMemo(() => {
    if (!run) return null;
    const steps = run.history.length;
    try {
      const trl = trlConfig(run.config, steps ? { maxSteps: steps } : {});
      const verl = verlConfig(run.config);
      return { trl: { code: trl.code, notes: trl.notExpressible }, verl: { code: verl.yaml, notes: verl.notExpressible }, error: null };
    } catch (e) {
      return { trl: { code: '', notes: [] }, verl: { code: '', notes: [] }, error: (e as Error).message };
    }
  }, [run]);
  if (!run || !out) return null;
  const cur = out[target];
  const downloadProject = () => {
    try {
      const project = scaleProject(run.config, { steps: run.history.length || DEFAULT_STEPS });
      const folder = projectFolderName(run.config.task, run.config.preset);
      const zip = projectZip(project.files, folder);
      download(`${folder}.zip`, new Blob([zip as BlobPart], { type: 'application/zip' }), 'application/zip');
      setProjectError(null);
    } catch (e) {
      setProjectError((e as Error).message);
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(cur.code);
      setCopied(target);
      setTimeout(() => setCopied(null), 1500);
    } catch {
      setCopied(null);
    }
  };
  return (
    <Modal title="Run it at scale" onClose={onClose} className="modal-wide" testId="scale-dialog">
      <p className="modal-intro">
        The same settings for a real model: a <strong>TRL</strong> <code>GRPOConfig</code> (huggingface/trl) or a <strong>verl</strong>{' '}
        config fragment for <code>verl.trainer.main_ppo</code>. Metric names in the exports are TRL’s, so the curves line up.
      </p>
      <div className="scale-controls">
        <label className="variant-field">
          <span>Run</span>
          <select value={run.id} onChange={(e) => setId(e.target.value)} aria-label="Run to export">
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="tablist" aria-label="Framework">
          {(['trl', 'verl'] as const).map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              aria-selected={target === t}
              className={target === t ? 'is-on' : ''}
              onClick={() => setTarget(t)}
              data-testid={`scale-${t}`}
            >
              {t === 'trl' ? 'TRL GRPOConfig (Python)' : 'verl (YAML)'}
            </button>
          ))}
        </div>
      </div>
      {out.error ? <p className="field-error block">{out.error}</p> : null}
      <p className="scale-project">
        <button type="button" className="button" onClick={downloadProject} data-testid="scale-project">
          Download runnable project (.zip)
        </button>{' '}
        TRL <code>train_trl.py</code> with the playground’s advantages, the task’s verifiers in Python, its problems, launch lines for one
        GPU and many (accelerate, DeepSpeed), and a verl job. See its README.
      </p>
      {projectError ? <p className="field-error block">{projectError}</p> : null}
      {cur.notes.length ? (
        <div className="scale-notes" data-testid="scale-notes">
          <strong>
            {cur.notes.length} setting{cur.notes.length === 1 ? '' : 's'} {target === 'trl' ? 'TRL' : 'verl'} cannot express
          </strong>{' '}
          (kept as comments at the end of the snippet):
          <ul>
            {cur.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="scale-notes ok">Every setting of this run maps onto {target === 'trl' ? 'GRPOConfig' : 'verl'}.</p>
      )}
      <div className="code-block">
        <div className="code-tools">
          <button type="button" className="button button-small" onClick={copy} data-testid="scale-copy">
            {copied === target ? 'Copied' : 'Copy'}
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() =>
              download(
                target === 'trl' ? 'grpo_config.py' : 'verl_grpo.yaml',
                cur.code,
                target === 'trl' ? 'text/x-python' : 'application/yaml',
              )
            }
          >
            Download
          </button>
        </div>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable) */}
        <pre data-testid="scale-code" tabIndex={0}>
          <code>{cur.code}</code>
        </pre>
      </div>
    </Modal>
  );
}
