/// <reference lib="webworker" />
// The training worker: owns tfjs, the backend and the trainers. The main thread only sends commands and draws.
// This file only sets up the WASM thread pool and dispatches commands; the parts live in training/:
// runner.ts (the session and its operations), scheduler.ts (the command queue, the step budget, the step-through
// hold), device-recovery.ts (a lost GPU device moves the run to WASM with its full state), session.ts (one run or a
// paired comparison) and checkpoint-fetch.ts.
//
// Step-through: one step whose trainStep({onPhase}) posts each of its five phases and then waits for `next-phase`
// before computing the next one; the step then ends as any other (its report arrives as usual).
import type { RunConfigInput } from '../engine/config';
import { parseCommand, type WorkerCommand } from './protocol';
import { scope } from './training/env';
import { TrainingRunner } from './training/runner';
import { setUpWasmThreads } from './worker-setup';

setUpWasmThreads(scope);

const runner = new TrainingRunner();
const { scheduler, hold, device } = runner;

function handle(cmd: WorkerCommand): void {
  switch (cmd.type) {
    case 'init':
      scheduler.stepsLeft = 0;
      hold.release(true); // a held step-through finishes (its report is for the old run and is ignored) before the reset
      void scheduler.exclusive(() => runner.init(cmd));
      return;
    case 'start':
      if (!runner.session) return;
      scheduler.stepsLeft = Infinity;
      runner.setStatus('running');
      void runner.loop();
      return;
    case 'pause':
      scheduler.stepsLeft = 0;
      scheduler.wake();
      // With a step in flight, 'paused' is posted by the loop once that step has landed, so no report ever
      // arrives after the UI shows Paused (and a weights export names the step on screen).
      if (runner.session && runner.status === 'running' && !scheduler.looping) runner.setStatus('paused');
      return;
    case 'step':
      if (!runner.session) return;
      if (scheduler.stepsLeft === Infinity) return; // already playing
      scheduler.stepsLeft += cmd.n;
      runner.setStatus('running');
      void runner.loop();
      return;
    case 'step-through':
      if (!runner.session || scheduler.looping) return;
      void scheduler.exclusive(() => runner.stepThrough());
      return;
    case 'next-phase':
      hold.release(cmd.finish);
      return;
    case 'update':
      void scheduler.exclusive(() => runner.update(cmd.patch as RunConfigInput));
      return;
    case 'speed':
      scheduler.delayMs = cmd.delayMs;
      return;
    case 'export-weights':
      // While a step-through holds the queue, the weights are at rest: read them at once.
      if (hold.waiting) void runner.exportWeights(cmd.requestId, cmd.variant);
      else void scheduler.exclusive(() => runner.exportWeights(cmd.requestId, cmd.variant));
      return;
    case 'simulate-failure':
      // Only the dev server and test builds obey (VITE_TEST_HOOK=1, set by test/e2e/harness.ts).
      if (import.meta.env.DEV || import.meta.env.VITE_TEST_HOOK === '1') device.failNext = true;
      return;
    case 'dispose':
      scheduler.stepsLeft = 0;
      hold.release(true);
      void scheduler.exclusive(async () => {
        runner.dropSession();
        scope.close();
      });
      return;
  }
}

scope.onmessage = (ev: MessageEvent) => {
  const parsed = parseCommand(ev.data);
  if (!parsed.ok) {
    runner.fail('bad-command', `Malformed command: ${parsed.error}`);
    return;
  }
  handle(parsed.command);
};
