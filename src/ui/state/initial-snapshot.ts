// The UI state before the worker has said anything: from a link (or the defaults) and the open lesson.
import type { SharedState } from '../../share/url';
import type { Snapshot } from './types';

/** The state before the worker has said anything. */
export function initialSnapshot(initial: SharedState, lesson: string | null): Snapshot {
  return {
    config: initial.config,
    pending: {},
    backendPref: initial.backend,
    pendingBackend: null,
    threadsPref: initial.threads ?? 'auto',
    pendingThreads: null,
    cores: 1,
    classroom: initial.classroom,
    hide: initial.hide,
    runId: 0,
    status: 'initializing',
    pausing: false,
    step: 0,
    backend: null,
    numTensors: null,
    history: [],
    groups: [],
    variantGroups: [],
    groupsStep: 0,
    notices: [],
    liveEdits: [],
    delayMs: 0,
    smoothing: 0.6,
    xAxis: 'step',
    manifest: null,
    linkBackend: initial.backend !== 'auto' ? initial.backend : null,
    runs: [],
    liveIds: [],
    baselineId: null,
    paired: null,
    lesson,
    stepThrough: null,
    storage: 'ok',
  };
}
