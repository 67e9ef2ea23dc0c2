// The main screen: header, banners, config sidebar, transport controls, the open lesson, a step-through in
// progress, the runs list, the paired comparison, live charts, group inspector, status bar.
import { useMemo } from 'react';
import { ChartGrid } from '../charts/ChartGrid';
import { ConfigPanel } from '../config/ConfigPanel';
import { Controls } from './Controls';
import { Header } from './Header';
import { Inspector } from '../inspector/Inspector';
import { LessonPanel } from '../lessons/Lessons';
import { Notices } from './Notices';
import { PairedPanel } from '../charts/PairedPanel';
import { RunsPanel } from '../runs/RunsPanel';
import { SeedComparePanel } from '../compare/SeedComparePanel';
import { StatusBar } from './StatusBar';
import { StepThrough } from '../inspector/StepThrough';
import type { RunEntry, PlaygroundStore } from '../state/store';
import { StoreContext, useRunSnapshot } from '../state/useRun';
import { useShortcuts } from './useShortcuts';
import './App.css';

export function App({ store }: { store: PlaygroundStore }) {
  const snap = useRunSnapshot(store);
  const hide = snap.hide;
  useShortcuts(store, { seed: !hide.includes('seed') });
  // eslint-disable-next-line react-hooks/exhaustive-deps
  // biome-ignore lint/correctness/useExhaustiveDependencies: the draft is derived from these two parts of the snapshot
  const draft = useMemo(() => store.draft(), [snap.config, snap.pending]);
  const editSteps = useMemo(() => snap.liveEdits.map((e) => e.step), [snap.liveEdits]);
  const pendingCount = Object.keys(snap.pending).length + (snap.pendingBackend ? 1 : 0) + (snap.pendingThreads !== null ? 1 : 0);
  const hideSidebar = ['setup', 'presets', 'knobs', 'experts', 'hints'].every((k) => hide.includes(k as never));
  const liveRuns = useMemo(
    () => snap.liveIds.map((id) => snap.runs.find((r) => r.id === id)).filter((r): r is RunEntry => !!r),
    [snap.liveIds, snap.runs],
  );
  const currentId = snap.liveIds[0] ?? null;
  const steppingThrough = !!snap.stepThrough && !snap.stepThrough.done;
  const canTrain = (snap.status === 'idle' || snap.status === 'paused') && !steppingThrough;
  return (
    <StoreContext.Provider value={store}>
      <div className={`app${hideSidebar ? ' no-sidebar' : ''}`}>
        <Header
          classroom={snap.classroom}
          hide={hide}
          hasSteps={snap.history.length > 0}
          editSteps={editSteps}
          runs={snap.runs}
          liveIds={snap.liveIds}
          policyReady={snap.status !== 'initializing' && snap.status !== 'error'}
          hasSettings={!hideSidebar}
        />
        <Notices notices={snap.notices} />
        <div className="layout">
          {hideSidebar ? null : (
            <aside className="sidebar" id="settings" tabIndex={-1} aria-label="Settings">
              {snap.paired ? (
                <p className="sidebar-note" data-testid="paired-sidebar-note">
                  Comparing {snap.paired.names.length} variants: a change here applies to every variant, and each keeps its own difference.
                  Reset restarts the comparison.
                </p>
              ) : null}
              <ConfigPanel
                config={snap.config}
                draft={draft}
                pending={snap.pending}
                manifest={snap.manifest}
                backendPref={snap.backendPref}
                pendingBackend={snap.pendingBackend}
                threadsPref={snap.threadsPref}
                pendingThreads={snap.pendingThreads}
                cores={snap.cores}
                hide={hide}
              />
            </aside>
          )}
          <main className="main">
            <Controls
              status={snap.status}
              step={snap.step}
              delayMs={snap.delayMs}
              pendingCount={pendingCount}
              hide={hide}
              pairedNames={snap.paired ? snap.paired.names : null}
              steppingThrough={steppingThrough}
              draft={draft}
            />
            {snap.lesson ? <LessonPanel id={snap.lesson} step={snap.step} canTrain={canTrain} /> : null}
            {snap.stepThrough ? <StepThrough st={snap.stepThrough} /> : null}
            <RunsPanel runs={snap.runs} baselineId={snap.baselineId} storage={snap.storage} training={snap.status === 'running'} />
            {snap.paired ? <PairedPanel paired={snap.paired} variants={liveRuns} smoothing={snap.smoothing} /> : null}
            <SeedComparePanel />
            <ChartGrid
              runs={snap.runs}
              currentId={currentId}
              smoothing={snap.smoothing}
              xAxis={snap.xAxis}
              config={snap.config}
              liveEdits={snap.liveEdits}
              running={snap.status === 'running'}
              lessonId={snap.lesson}
            />
            {hide.includes('inspector') ? null : (
              <Inspector
                groups={snap.groups}
                step={snap.groupsStep}
                config={liveRuns[0]?.config ?? snap.config}
                variantGroups={snap.paired ? snap.variantGroups : undefined}
                variantRuns={snap.paired ? liveRuns : undefined}
                running={snap.status === 'running'}
              />
            )}
          </main>
        </div>
        <StatusBar
          status={snap.status}
          pausing={snap.pausing}
          step={snap.step}
          backend={snap.backend}
          numTensors={snap.numTensors}
          history={snap.history}
        />
      </div>
    </StoreContext.Provider>
  );
}
