// The main screen: header, banners, config sidebar, transport controls, live charts, group inspector, status bar.
import { useMemo } from 'react';
import { ChartGrid } from './ChartGrid';
import { ConfigPanel } from './ConfigPanel';
import { Controls } from './Controls';
import { Header } from './Header';
import { Inspector } from './Inspector';
import { Notices } from './Notices';
import { StatusBar } from './StatusBar';
import type { RunStore } from './store';
import { StoreContext, useRunSnapshot } from './useRun';
import { useShortcuts } from './useShortcuts';

export function App({ store }: { store: RunStore }) {
  const snap = useRunSnapshot(store);
  const hide = snap.hide;
  useShortcuts(store, { seed: !hide.includes('seed') });
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const draft = useMemo(() => store.draft(), [snap.config, snap.pending]);
  const editSteps = useMemo(() => snap.liveEdits.map((e) => e.step), [snap.liveEdits]);
  const pendingCount = Object.keys(snap.pending).length + (snap.pendingBackend ? 1 : 0);
  const hideSidebar = ['setup', 'presets', 'knobs', 'experts', 'hints'].every((k) => hide.includes(k as never));
  return (
    <StoreContext.Provider value={store}>
      <div className={`app${hideSidebar ? ' no-sidebar' : ''}`}>
        <Header classroom={snap.classroom} hide={hide} hasSteps={snap.history.length > 0} editSteps={editSteps} />
        <Notices notices={snap.notices} />
        <div className="layout">
          {hideSidebar ? null : (
            <aside className="sidebar">
              <ConfigPanel
                config={snap.config}
                draft={draft}
                pending={snap.pending}
                manifest={snap.manifest}
                backendPref={snap.backendPref}
                pendingBackend={snap.pendingBackend}
                hide={hide}
              />
            </aside>
          )}
          <main className="main">
            <Controls status={snap.status} step={snap.step} delayMs={snap.delayMs} pendingCount={pendingCount} hide={hide} />
            <ChartGrid history={snap.history} smoothing={snap.smoothing} config={snap.config} liveEdits={snap.liveEdits} running={snap.status === 'running'} />
            {hide.includes('inspector') ? null : <Inspector groups={snap.groups} step={snap.groupsStep} config={snap.config} />}
          </main>
        </div>
        <StatusBar status={snap.status} step={snap.step} backend={snap.backend} numTensors={snap.numTensors} history={snap.history} />
      </div>
    </StoreContext.Provider>
  );
}
