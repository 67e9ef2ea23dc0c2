// Entry: read the run (or lesson) from the URL, start the training worker, restore the saved runs, render, and keep
// the URL in step with the run.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { CheckpointManifest } from './engine/policy/manifest';
import { DEFAULT_STATE, decodeState, encodeState, stateStringFromLocation, type DecodeResult, type SharedState } from './share/url';
// Tokens, then page basics and shared controls, before any component's own stylesheet (imported by the component).
import './ui/tokens.css';
import './ui/base.css';
import './ui/widgets.css';
import { App } from './ui/app/App';
import { RunPersistence } from './ui/state/persistence';
import { PlaygroundStore } from './ui/state/store';
import { SeedCompareContext } from './ui/compare/context';
import { openComparisonLink } from './ui/compare/openLink';
import { ProbeStoreContext } from './ui/compare/OracleProbes';
import { ProbeStore } from './ui/compare/probeStore';
import { SeedCompareStore } from './ui/compare/seedCompareStore';
import { TrainingClient } from './worker/client';
import { SeedsClient } from './worker/seeds-client';

const checkpointBase = `${import.meta.env.BASE_URL}checkpoints/`;

/** decodeState never throws by contract; this guard keeps a future slip from blanking the page over a link. */
function readLink(): DecodeResult {
  try {
    return decodeState(stateStringFromLocation(location));
  } catch (e) {
    return { ok: false, error: `This link could not be read (${e instanceof Error ? e.message.slice(0, 80) : 'unknown error'}).` };
  }
}

const first = readLink();
const initial: SharedState = first.ok ? first.state : { ...DEFAULT_STATE };

/** Last state written to / read from the URL: the URL is rewritten only when the run's state really changes. */
let lastEncoded = encodeState(initial);
const isDefaultState = (s: SharedState) => encodeState(s) === encodeState(DEFAULT_STATE);

const store = new PlaygroundStore(initial, {
  checkpointBase,
  lessonDefault: first.ok && !!first.lessonDefault,
  onStateChange: () => {
    const state = store.urlState();
    const enc = encodeState(state);
    if (enc === lastEncoded) return;
    lastEncoded = enc;
    const base = `${location.pathname}${location.search}`;
    history.replaceState(null, '', isDefaultState(state) ? base : `${base}#${enc}`);
  },
});

const seedCompare = new SeedCompareStore({
  checkpointBase,
  createTransport: (onEvent) => new SeedsClient(onEvent, store.getSnapshot().threadsPref),
});
if (first.ok) openComparisonLink(stateStringFromLocation(location), first.state, seedCompare, store);

if (!first.ok) store.notify('url', 'error', `${first.error} Loaded the default settings instead.`);
else if (first.state.lesson && stateStringFromLocation(location) !== lastEncoded) {
  // A hand-typed lesson link (#lesson=<id>): show its canonical, versioned form.
  history.replaceState(null, '', `${location.pathname}${location.search}#${lastEncoded}`);
} else if (first.warnings.length) store.notify('url', 'warning', first.warnings.join(' '));

window.addEventListener('hashchange', () => {
  const r = readLink();
  if (!r.ok) {
    store.notify('url', 'error', `${r.error} The current run was kept.`);
    return;
  }
  openComparisonLink(stateStringFromLocation(location), r.state, seedCompare, store);
  const enc = encodeState(r.state);
  if (enc === lastEncoded) return;
  const previous = lastEncoded;
  lastEncoded = enc;
  try {
    store.loadShared(r.state, !!r.lessonDefault);
  } catch (e) {
    lastEncoded = previous;
    store.notify(
      'url',
      'error',
      `This link could not be opened (${e instanceof Error ? e.message.slice(0, 120) : 'unknown error'}). The current run was kept.`,
    );
    return;
  }
  store.dismiss('url');
  if (r.warnings.length) store.notify('url', 'warning', r.warnings.join(' '));
});

const probes = new ProbeStore();
// A new training worker for each thread count (the WASM pool is fixed when its backend starts).
let client: TrainingClient | null = null;
store.connect((threads) => {
  client = new TrainingClient((e) => {
    store.handleEvent(e);
    probes.handleEvent(e);
  }, threads);
  return client;
});
const persistence = new RunPersistence(store);
void persistence.start();
// The test hook (window.__grpo, and the simulated GPU failure it can send) ships only in the dev server and in builds
// made for tests (VITE_TEST_HOOK=1, set by test/e2e/harness.ts). Vite replaces both flags at build time, so a
// production build drops the module.
if (import.meta.env.DEV || import.meta.env.VITE_TEST_HOOK === '1') {
  void import('./ui/app/testHook').then(({ installTestHook }) => installTestHook(store, persistence, { send: (c) => client?.send(c) }));
}

fetch(`${checkpointBase}manifest.json`)
  .then(async (res) => {
    const type = res.headers.get('content-type') ?? '';
    store.setManifest(res.ok && type.includes('json') ? ((await res.json()) as CheckpointManifest) : null);
  })
  .catch(() => store.setManifest(null));

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') {
    persistence.backupNow();
    void persistence.flush();
  }
});
window.addEventListener('pagehide', () => {
  persistence.backupNow(); // synchronous: survives a reload even if the IndexedDB write below does not finish
  void persistence.flush();
  store.dispose();
  seedCompare.dispose();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SeedCompareContext.Provider value={seedCompare}>
      <ProbeStoreContext.Provider value={probes}>
        <App store={store} />
      </ProbeStoreContext.Provider>
    </SeedCompareContext.Provider>
  </StrictMode>,
);
